import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the repository's `lab-images` folder by walking up from this module:
 * the same code runs from src/core (tsx, tests) and from a bundle under out/.
 */
export function findLabImagesDir(
  from: string = path.dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'lab-images');
    if (fs.existsSync(path.join(candidate, 'base', 'bootstrap.sh'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`lab-images folder not found above ${from}`);
    dir = parent;
  }
}

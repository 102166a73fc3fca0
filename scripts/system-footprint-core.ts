import fs from 'node:fs';
import path from 'node:path';

/**
 * How far each system reaches outside its own folder: the non-test source
 * files under src/ (test helpers are test code) that name it (its id or display name as a word, e.g.
 * `patroni`, `keepalived`, `redis-sentinel`, `Redis Sentinel`, in code or
 * comments), outside
 * `src/systems/<system>/`, and
 * the branches on its name (`=== '<system>'`, `case '<system>'`) outside
 * `src/systems/`. The goal of the system-package layout (issue 15): a few
 * registry files per system and no branches.
 */
export interface SystemFootprint {
  system: string;
  /** Files outside the system's folders that name it, relative to the repository root. */
  files: string[];
  /** `file:line` of each branch on the system's name outside src/systems/. */
  branches: string[];
}

/**
 * Every non-test .ts/.tsx file under `dir`, relative to `root`. Test code is
 * `*.test.ts(x)` and the test helpers in `testing/` and `test/` folders (the
 * fixtures and fakes that ESLint keeps out of production code).
 */
function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing' && entry.name !== 'test') out.push(...sourceFiles(root, rel));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out.sort();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A file's text without its lab image references (`image: 'x'`, `images: [...]`):
 * a lab may run another system's image (the lock service's storage runs the
 * PostgreSQL image of lab-images/patroni); naming an image folder is not
 * naming its system (the issue allows the lab images).
 */
export function withoutImageRefs(text: string): string {
  return text.replace(/\bimages?:\s*(\[[^\]]*\]|'[^'\n]*')/g, '');
}

/** The footprint of each of `systems` in the repository at `root`. */
export function systemFootprints(
  root: string,
  systems: readonly { id: string; name: string }[],
): SystemFootprint[] {
  const files = sourceFiles(root, 'src').map((f) => ({
    f,
    text: withoutImageRefs(fs.readFileSync(path.join(root, f), 'utf8')),
  }));
  return systems.map(({ id: system, name }) => {
    const names = [system, name].map(escape).join('|');
    const word = new RegExp(`(^|[^\\w-])(${names})($|[^\\w-])`, 'i');
    const branch = new RegExp(`(===|!==)\\s*'${escape(system)}'|case\\s+'${escape(system)}'`);
    const own = `src/systems/${system}/`;
    const naming = files.filter(({ f, text }) => !f.startsWith(own) && word.test(text));
    const branches = files
      .filter(({ f }) => !f.startsWith('src/systems/'))
      .flatMap(({ f, text }) =>
        text.split('\n').flatMap((line, i) => (branch.test(line) ? [`${f}:${i + 1}`] : [])),
      );
    return { system, files: naming.map((n) => n.f), branches };
  });
}

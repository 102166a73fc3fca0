import { PassThrough } from 'node:stream';
import type { ContainerRuntime } from '../container-runtime';

/**
 * Copies an image from one engine to another through their APIs (`docker save` on one,
 * `docker load` on the other), streamed: nothing is written to this machine's disk. The
 * image keeps its id, so lab images built FROM it hash the same on both engines.
 * `report(fraction, message)` gets the bytes moved against the image's size (0..1).
 * Resolves false when no source holds the image or a runtime cannot save or load.
 */
export async function copyImageFrom(
  sources: readonly ContainerRuntime[],
  target: ContainerRuntime,
  ref: string,
  report: (fraction: number, message: string) => void,
): Promise<boolean> {
  if (!target.loadImage) return false;
  for (const source of sources) {
    if (source.endpoint === target.endpoint || !source.saveImage) continue;
    if (!(await source.imageExists(ref).catch(() => false))) continue;
    const size = (await source.imageSize?.(ref).catch(() => undefined)) ?? 0;
    const from = endpointName(source.endpoint);
    report(0, `copying ${ref} from ${from}`);
    const tar = await source.saveImage(ref);
    const counted = new PassThrough();
    let moved = 0;
    let lastReport = 0;
    counted.on('data', (chunk: Buffer) => {
      moved += chunk.length;
      const now = Date.now();
      if (now - lastReport < 250) return;
      lastReport = now;
      report(
        size > 0 ? Math.min(0.99, moved / size) : 0.5,
        `copying ${ref} from ${from}: ${mb(moved)}${size > 0 ? ` of ${mb(size)}` : ''}`,
      );
    });
    tar.on('error', (e: Error) => counted.destroy(e));
    tar.pipe(counted);
    await target.loadImage(counted);
    if (!(await target.imageExists(ref))) return false;
    report(1, `copied ${ref} from ${from} (${mb(moved)})`);
    return true;
  }
  return false;
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(0)} MB`;
}

/** An endpoint without the note on where it came from: `tcp://10.0.0.2:2375`. */
function endpointName(endpoint: string): string {
  return endpoint.replace(/\s+\(.*\)$/, '');
}

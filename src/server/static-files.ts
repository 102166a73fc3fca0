import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Content type for a file name; unknown extensions are served as opaque bytes. */
export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The absolute file a URL path names inside `root`, or null when the path is
 * malformed or would leave `root` (`..`, encoded separators, NUL, drive letters).
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${decoded}`);
  return file === base || file.startsWith(base + path.sep) ? file : null;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/**
 * Serves the built renderer from `root`: the named file, else (for paths
 * without an extension) index.html so client-side routes reload; anything
 * that would leave `root` is refused with 404 like a missing file.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headOnly: boolean,
): Promise<void> {
  const target = resolveInside(root, urlPath);
  if (target === null) return send(res, 404, 'Not found');
  let file = target === path.resolve(root) ? path.join(target, 'index.html') : target;
  if (!(await isFile(file))) {
    if (path.extname(file) !== '') return send(res, 404, 'Not found');
    file = path.join(root, 'index.html');
    if (!(await isFile(file))) {
      return send(res, 503, 'The UI is not built yet: run `npm run build`, then reload.');
    }
  }
  const immutable = file.startsWith(path.join(path.resolve(root), 'assets') + path.sep);
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (headOnly) {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

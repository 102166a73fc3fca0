import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the app's own pages come from, and how to recognise them. */
export interface AppPages {
  /** True when the renderer comes from the Vite dev server (electron-vite dev). */
  isDev: boolean;
  /** The URL the window loads: the dev server, or the built index.html as a file: URL. */
  entryUrl: string;
  /**
   * Whether a URL is one of the app's own pages: same origin as the dev
   * server, or exactly the built index.html (any query or hash). Any other
   * file: URL is not ours.
   */
  isAppUrl: (url: string) => boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Describes the app's pages. `devServerUrl` (ELECTRON_RENDERER_URL, only
 * honoured when not packaged) must be an http(s) URL; otherwise the built
 * `rendererIndex` file is the only page.
 */
export function appPages(options: {
  devServerUrl?: string | undefined;
  rendererIndex: string;
}): AppPages {
  const dev = options.devServerUrl ? parse(options.devServerUrl) : null;
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) {
    return {
      isDev: true,
      entryUrl: dev.href,
      isAppUrl: (url) => parse(url)?.origin === dev.origin,
    };
  }
  const index = path.resolve(options.rendererIndex);
  return {
    isDev: false,
    entryUrl: pathToFileURL(index).href,
    isAppUrl: (url) => {
      const parsed = parse(url);
      if (parsed?.protocol !== 'file:' || parsed.host !== '') return false;
      try {
        return path.resolve(fileURLToPath(parsed)) === index;
      } catch {
        return false;
      }
    },
  };
}

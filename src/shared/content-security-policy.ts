/**
 * The Content-Security-Policy of the app's own pages, shared by both hosts
 * (HTTP header from src/server, response header and built-in meta tag in Electron).
 */

const directives: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'connect-src': "'self' ws://127.0.0.1:* ws://localhost:*",
  'img-src': "'self' data:",
  'worker-src': "'self' blob:",
  'object-src': "'none'",
  'frame-ancestors': "'none'",
};

const serialize = (entries: Record<string, string>): string =>
  Object.entries(entries)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

/** The policy sent as an HTTP header on every response of the app's own origin. */
export const CONTENT_SECURITY_POLICY = serialize(directives);

/**
 * The same policy for a `<meta http-equiv>` tag (built index.html, loaded from
 * file:// in Electron where there are no response headers). `frame-ancestors`
 * is left out because browsers ignore it in a meta tag.
 */
export const CONTENT_SECURITY_POLICY_META = serialize(
  Object.fromEntries(Object.entries(directives).filter(([name]) => name !== 'frame-ancestors')),
);

/**
 * The looser policy for the Vite dev server in Electron development only:
 * React Refresh injects an inline module script and HMR talks over a WebSocket.
 */
export const DEV_CONTENT_SECURITY_POLICY = serialize({
  ...directives,
  'script-src': "'self' 'unsafe-inline'",
});

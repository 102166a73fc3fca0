import { app, session, shell, type WebContents } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
} from '../shared/content-security-policy';
import type { AppPages } from './app-pages';

/** Opens http(s) links in the user's browser; every other scheme is dropped. */
function openExternally(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
    shell
      .openExternal(parsed.href)
      .catch((error: unknown) => console.warn(`Could not open ${parsed.href}:`, error));
  }
}

function restrictContents(contents: WebContents, pages: AppPages): void {
  // Navigation (main frame or any subframe) may only stay on the app's own pages;
  // an http(s) link the user clicks opens in their browser instead.
  contents.on('will-frame-navigate', (event) => {
    if (pages.isAppUrl(event.url)) return;
    event.preventDefault();
    if (event.isMainFrame) openExternally(event.url);
  });
  // will-navigate is the main-frame subset of the above; kept as a second guard.
  contents.on('will-navigate', (event) => {
    if (!pages.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!pages.isAppUrl(event.url)) event.preventDefault();
  });
  // No new windows at all; http(s) targets go to the user's browser.
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  // The app never uses <webview> (webviewTag is false too).
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Hardening in the manner of Podman Desktop's security-restrictions: no
 * navigation away from the app's own pages, no new windows, no webviews, no
 * permissions (request or check), and a Content-Security-Policy header on the
 * app's own responses. Call once, before the first window is created.
 */
export function installSecurityRestrictions(pages: AppPages): void {
  app.on('web-contents-created', (_event, contents) => restrictContents(contents, pages));

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.setDevicePermissionHandler(() => false);
    const policy = pages.isDev ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
    ses.webRequest.onHeadersReceived((details, callback) => {
      if (!pages.isAppUrl(details.url)) return callback({});
      const headers = Object.fromEntries(
        Object.entries(details.responseHeaders ?? {}).filter(
          ([name]) => name.toLowerCase() !== 'content-security-policy',
        ),
      );
      callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
    });
  });
}

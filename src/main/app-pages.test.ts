import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appPages } from './app-pages';

const index = path.resolve('/opt/dojo/out/renderer/index.html');
const indexUrl = pathToFileURL(index).href;

describe('appPages', () => {
  it('recognises only the built index.html among file: URLs', () => {
    const pages = appPages({ rendererIndex: index });
    expect(pages.isDev).toBe(false);
    expect(pages.entryUrl).toBe(indexUrl);
    expect(pages.isAppUrl(indexUrl)).toBe(true);
    expect(pages.isAppUrl(`${indexUrl}#/runs/run-0001`)).toBe(true);
    expect(pages.isAppUrl(`${indexUrl}?x=1`)).toBe(true);
    expect(pages.isAppUrl(pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(pages.isAppUrl(pathToFileURL('/opt/dojo/out/renderer/other.html').href)).toBe(false);
    expect(pages.isAppUrl('file://evil-host/opt/dojo/out/renderer/index.html')).toBe(false);
    expect(pages.isAppUrl('http://localhost:5173/')).toBe(false);
    expect(pages.isAppUrl('not a url')).toBe(false);
  });

  it('in development, accepts the dev server origin and nothing else', () => {
    const pages = appPages({ devServerUrl: 'http://localhost:5173', rendererIndex: index });
    expect(pages.isDev).toBe(true);
    expect(pages.entryUrl).toBe('http://localhost:5173/');
    expect(pages.isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(pages.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(pages.isAppUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(pages.isAppUrl(indexUrl)).toBe(false);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    expect(appPages({ devServerUrl: 'file:///tmp/x.html', rendererIndex: index }).isDev).toBe(
      false,
    );
    expect(appPages({ devServerUrl: '', rendererIndex: index }).isDev).toBe(false);
  });
});

/**
 * Electron main: one window, the security restrictions, and the engine served
 * over IPC. Bundled to CommonJS by electron-vite (out/main/index.js).
 */
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createEngine } from '../core';
import type { Engine } from '../core/engine-types';
import { errorMessage } from '../shared/engine-dispatch';
import { appPages, type AppPages } from './app-pages';
import { registerIpcHost } from './ipc-host';
import { createRoomHost } from './room-host';
import { installSecurityRestrictions } from './security-restrictions';

/** How long quitting waits for the engine to remove lab containers before giving up. */
const DISPOSE_TIMEOUT_MS = 120_000;

function createWindow(pages: AppPages): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 920,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Failover Dojo',
    autoHideMenuBar: true,
    backgroundColor: '#101418',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  const loading = pages.isDev
    ? window.loadURL(pages.entryUrl)
    : window.loadFile(path.join(__dirname, '../renderer/index.html'));
  loading.catch((error: unknown) =>
    console.error(`Could not load the UI from ${pages.entryUrl}: ${errorMessage(error)}`),
  );
  return window;
}

function main(): void {
  const pages = appPages({
    devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
    rendererIndex: path.join(__dirname, '../renderer/index.html'),
  });
  installSecurityRestrictions(pages);

  let window: BrowserWindow | null = null;
  // Trainees of a game day join from their browsers: the room serves them the same engine.
  const room = createRoomHost({
    engine: () => engine,
    rendererDir: path.join(__dirname, '../renderer'),
    env: process.env,
    warn: (line) => console.warn(line),
  });
  const engine: Promise<Engine> = app.whenReady().then(() =>
    createEngine({
      labImagesDir: path.join(app.getAppPath(), 'lab-images'),
      room: () => room.open(),
    }),
  );
  engine.catch((error: unknown) =>
    console.error(`The engine failed to start: ${errorMessage(error)}`),
  );
  const disposeIpc = registerIpcHost({ engine, getWindow: () => window, pages });

  const openWindow = (): void => {
    window = createWindow(pages);
    window.on('closed', () => (window = null));
  };
  void app.whenReady().then(openWindow);
  app.on('activate', () => {
    if (!window && app.isReady()) openWindow();
  });
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Labs hold containers: closing the window ends the session on every platform.
  app.on('window-all-closed', () => app.quit());

  // Quit only after the engine has removed every lab container (bounded wait).
  let quitState: 'running' | 'disposing' | 'done' = 'running';
  const disposeEngine = async (): Promise<void> => {
    disposeIpc();
    await room
      .close()
      .catch((error: unknown) =>
        console.error(`Closing the game-day room failed: ${errorMessage(error)}`),
      );
    let instance: Engine;
    try {
      instance = await engine;
    } catch {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error(`Engine cleanup took over ${DISPOSE_TIMEOUT_MS / 1000} s; quitting anyway.`);
        resolve();
      }, DISPOSE_TIMEOUT_MS);
    });
    await Promise.race([instance.dispose(), timeout]).catch((error: unknown) =>
      console.error(`Engine cleanup failed: ${errorMessage(error)}`),
    );
    clearTimeout(timer);
  };
  app.on('before-quit', (event) => {
    if (quitState === 'done') return;
    event.preventDefault();
    if (quitState === 'disposing') return;
    quitState = 'disposing';
    for (const open of BrowserWindow.getAllWindows()) open.hide();
    void disposeEngine().finally(() => {
      quitState = 'done';
      app.quit();
    });
  });
  // SIGHUP: the terminal that started the app closed; quit cleanly rather than die with labs up.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => app.quit());
}

app.enableSandbox();
if (app.requestSingleInstanceLock()) {
  main();
} else {
  // Another Failover Dojo owns the labs; it is focused by its 'second-instance' handler.
  app.quit();
}

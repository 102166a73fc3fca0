import type { EngineApi } from './engine-contract';

/**
 * Electron IPC channel names. Kept free of zod so the sandboxed preload
 * bundle stays small (it imports only these and types).
 */

/** Electron IPC channel for a method (`dojo:` prefix so nothing else collides). */
export const ipcChannel = (method: keyof EngineApi): string => `dojo:${method}`;
/** Electron IPC channel the main process pushes engine events on. */
export const IPC_EVENT_CHANNEL = 'dojo:event';

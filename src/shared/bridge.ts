/**
 * The Electron preload bridge as the renderer sees it. Pure TypeScript: the
 * renderer imports this to find the bridge; the preload imports it to expose one.
 */
import type { EngineClient } from './engine-contract';

/** Name of the global the preload exposes (`window.dojo`). Absent in the browser build. */
export const DOJO_BRIDGE_KEY = 'dojo';

/**
 * What an engine IPC handler in the main process resolves with. The preload
 * unwraps it and throws `new Error(error)` on failure, so the renderer sees the
 * engine's message without Electron's "Error invoking remote method" prefix.
 */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: string };

declare global {
  interface Window {
    /** The engine over Electron IPC; undefined when the UI runs in a browser (use the WebSocket client). */
    dojo?: EngineClient;
  }
}

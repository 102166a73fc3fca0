import { z } from 'zod';
import type { EngineStatus, LabSummary, RunSnapshot } from './lab-types';
import type { RunEvent } from './run-events';

/**
 * The engine's API: the one service that both hosts (Electron IPC and the
 * WebSocket server) expose and the renderer consumes through EngineClient.
 *
 * Each method takes at most one argument object, validated at the host
 * boundary by `engineArgSchemas` before it reaches the engine. There is no
 * generic invoke: a host exposes exactly these methods.
 */
export interface EngineApi {
  /** Whether a Docker engine answers, where we looked, and how to start one if not. */
  getEngineStatus(): Promise<EngineStatus>;
  /** The labs the catalog offers. */
  listLabs(): Promise<LabSummary[]>;
  /**
   * Starts a lab: builds missing images, creates its network and containers,
   * waits for readiness, then samples probes. Resolves as soon as the run
   * exists (with its id); progress arrives as run events.
   */
  startLab(args: { labId: string }): Promise<{ runId: string }>;
  /** Stops a run and removes every container and network it created. Resolves when all are gone. */
  stopLab(args: { runId: string }): Promise<void>;
  /** Snapshot of one run (bounded recent samples), or null if the id is unknown. */
  getRun(args: { runId: string }): Promise<RunSnapshot | null>;
  /** Snapshots of the runs this engine holds (active and recently ended), newest first. */
  listRuns(): Promise<RunSnapshot[]>;
}

export type EngineMethod = keyof EngineApi;

const runIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{4,64}$/, 'run id: lowercase letters, digits, dashes');

/**
 * The typed channel map: one schema per method for its single argument
 * (`z.undefined()` for none). Hosts reject calls whose method is not a key
 * here or whose argument does not parse.
 */
export const engineArgSchemas = {
  getEngineStatus: z.undefined(),
  listLabs: z.undefined(),
  startLab: z.object({ labId: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
  stopLab: z.object({ runId: runIdSchema }).strict(),
  getRun: z.object({ runId: runIdSchema }).strict(),
  listRuns: z.undefined(),
} as const satisfies Record<EngineMethod, z.ZodType>;

/** Method names in a fixed order, for hosts that register one handler each. */
export const engineMethods = Object.keys(engineArgSchemas) as EngineMethod[];

export function isEngineMethod(name: unknown): name is EngineMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(engineArgSchemas, name);
}

/** Events the engine pushes to every connected client. */
export type EngineEvent = { type: 'run'; event: RunEvent };

/** What the renderer talks to: the API plus a subscription to pushed events. */
export interface EngineClient extends EngineApi {
  /** Subscribes to engine events; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

export { ipcChannel, IPC_EVENT_CHANNEL } from './ipc-channels';

/** WebSocket wire format (JSON text frames). */
export type WsClientMessage = { id: number; method: EngineMethod; args?: unknown };
export type WsServerMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { event: EngineEvent };

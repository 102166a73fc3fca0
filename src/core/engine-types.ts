import type { EngineApi, EngineEvent } from '../shared/engine-contract';

/**
 * The engine as hosts see it: the shared API plus event subscription and
 * shutdown. Hosts (Electron main, src/server) hold one Engine each and never
 * reach past it into runtime, labs or probes.
 */
export interface Engine extends EngineApi {
  /** Subscribes to engine events (run history as it is appended). Returns the unsubscribe. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Stops every active run (removing its containers) and releases the Docker connection. */
  dispose(): Promise<void>;
}

export interface EngineOptions {
  /** Absolute path of the lab-images folder (Dockerfiles). Default: `<repo>/lab-images`. */
  labImagesDir?: string;
  /** Probe interval, ms. Default 250. */
  probeIntervalMs?: number;
  /** Reap resources of earlier, dead engine processes at start. Default true. */
  reapOnStart?: boolean;
}

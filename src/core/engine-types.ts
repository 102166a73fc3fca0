import type { DataPath } from './session/lab-relay';
import type { EngineApi, EngineEvent } from '../shared/engine-contract';
import type { RoomAddress } from '../shared/game-day-types';
import type { ResponseStep } from '../shared/scenario-schema';
import type { TraineeSession } from './gameday/trainee-gateway';

/**
 * The engine as hosts see it: the shared API plus event subscription and
 * shutdown. Hosts (Electron main, src/server) hold one Engine each and never
 * reach past it into runtime, labs or probes.
 */
export interface Engine extends EngineApi {
  /** Subscribes to engine events (run history as it is appended). Returns the unsubscribe. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /**
   * As EngineApi.startScenario, plus a scripted response (the reference, "none"
   * or an instructor's file) that the engine plays as the trainee. Core only:
   * the headless runner uses it; hosts expose the one-argument form.
   */
  startScenario(
    args: Parameters<EngineApi['startScenario']>[0],
    options?: {
      response?: { name: string; steps: ResponseStep[] };
      /** Every timed fault waits for an instructor's trigger (a game day the facilitator times). */
      holdFaults?: boolean;
    },
  ): Promise<{ runId: string }>;
  /**
   * The engine as one trainee of a game day may use it, when `token` is a
   * trainee's: their own run only, seen through the blind filter in a blind
   * drill; every other call is refused (ForbiddenError). Undefined for any
   * other token.
   */
  asTrainee(token: string): Promise<TraineeSession | undefined>;
  /** Whether `token` is one of a game day's trainee tokens (cheap: hashes compared in memory). */
  isTraineeToken(token: string): Promise<boolean>;
  /** Resolves when a scenario run has been graded and its lab removed (or the run ended otherwise). */
  whenRunEnded(runId: string): Promise<void>;
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
  /** Folder of the shipped scenario files (read-only). Default: `<repo>/scenarios`. */
  scenariosDir?: string;
  /**
   * The user's scenario library, laid out as `scenariosDir`
   * (`<system>/<id>.yaml`, `<system>/responses/*.yaml`); missing means empty,
   * made on the first save. Default: DOJO_SCENARIOS_DIR, else
   * `<dataDir>/scenarios` (~/.failover-dojo/scenarios).
   */
  libraryDir?: string;
  /** Where attempts and artifacts are kept. Default: DOJO_DATA_DIR or ~/.failover-dojo. */
  dataDir?: string;
  /**
   * The host's room, where trainees open their links (EngineApi.openRoom):
   * the served UI's own address, or the Electron app's room server (started
   * on the first call). Absent: this host serves no trainees.
   */
  room?: () => Promise<RoomAddress>;
  /**
   * How the app reaches the labs' ports: `published` (on the engine's 127.0.0.1, right for
   * an engine on this machine) or `tunnel` (through a relay in each lab network, over the
   * Docker API: any engine). Default: DOJO_DATA_PATH, else `published` for an engine on this
   * machine (a unix socket, a named pipe, tcp to a loopback address) and `tunnel` otherwise.
   */
  dataPath?: DataPath;
}

/**
 * The engine pool: the Docker engines a facilitator runs labs on (this machine's,
 * and others reached by `ssh://`, `tcp://` with TLS, or a docker context), what each
 * can hold, and where each lab runs.
 */

/** An engine of the pool as the facilitator sees it. */
export interface PoolEngine {
  /** `local` for this machine's engine, `e<n>` for one added. */
  id: string;
  /** Short name shown on the board (the address's host, or what the facilitator typed). */
  name: string;
  /** What was typed to add it (`local`, `ssh://ops@lab-2`, `tcp://10.0.0.5:2376`, a context name). */
  address: string;
  /** The resolved endpoint, e.g. `tcp://10.0.0.5:2376 (TLS) (engine pool)`. */
  endpoint: string;
  /** How the app reaches labs there: ports published on this machine, or the relay (see DataPath). */
  dataPath: 'published' | 'tunnel';
  /** `reachable` when the last look answered; `unreachable` after two looks in a row did not. */
  state: 'reachable' | 'unreachable';
  /** Why it is unreachable, one line. */
  problem?: string;
  /** Engine version, when it answered. */
  version?: string;
  /** CPUs of the engine's machine (or VM). */
  cpus?: number;
  /** Memory of the engine's machine (or VM), bytes. */
  memoryBytes?: number;
  /** Round trip of the last look (version and info calls at once), ms. */
  pingMs?: number;
  /** Labs on it now, any app process's (its labelled lab networks). */
  labsRunning: number;
  /** How many labs it holds by its CPUs and memory (see LAB_FOOTPRINT). */
  labsFit: number;
  /** The lab images (of the current build) present there, of those the catalog needs. */
  images: { present: number; needed: number };
  /** Set while its images are being built or copied there. */
  preparing?: { image: string; fraction: number; message: string };
  /** When it was last looked at (ms since the epoch). */
  checkedAt: number;
}

/**
 * What one lab takes, for `labsFit`: a drill's lab is about one busy CPU (three labs on
 * two cores made faults land 10 s late) and at most 1 GiB (the largest lab's ~300 MiB
 * plus the clients, the relay and headroom).
 */
export const LAB_FOOTPRINT = { cpus: 1, memoryBytes: 1024 ** 3 } as const;

/** An engine to add: what the facilitator types. */
export interface AddEngineInput {
  /** `ssh://user@host`, `tcp://host:2376`, `unix:///path`, or a docker context's name. */
  address: string;
  /** A short name for the board; default the address's host. */
  name?: string;
  /** For `tcp://...:2376`: the folder with ca.pem, cert.pem and key.pem (as DOCKER_CERT_PATH). */
  tlsDir?: string;
}

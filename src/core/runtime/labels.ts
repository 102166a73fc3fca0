import os from 'node:os';

/** Label keys every resource the app creates carries. */
export const LABEL = {
  /** Always `failover-dojo`: the marker of "made by this app". */
  app: 'dojo.app',
  /** The run that owns the resource. */
  run: 'dojo.run',
  /** Lab id (the lab's `summary.id` in the catalog). */
  lab: 'dojo.lab',
  /** Node name inside the lab, e.g. `redis-1`. */
  node: 'dojo.node',
  /** `hostname:pid:processStartMs` of the engine process that owns the run (for the reaper). */
  owner: 'dojo.owner',
  /**
   * `failover-dojo` on images the app built. Images do not carry `dojo.app`:
   * containers inherit image labels, and a user's own `docker run` of one of
   * our images must not look like the app's.
   */
  builtBy: 'dojo.built-by',
  /** Image role for built images, e.g. `redis`, and the context hash. */
  image: 'dojo.image',
  contextHash: 'dojo.context-hash',
} as const;

export const APP_LABEL_VALUE = 'failover-dojo';

/** Labels selecting everything the app made. */
export const appSelector = (): Record<string, string> => ({ [LABEL.app]: APP_LABEL_VALUE });

const processStartMs = Math.round(Date.now() - process.uptime() * 1000);

/** Identifies this engine process: host name, pid and start time (ms since epoch). */
export function ownerId(): string {
  return `${os.hostname()}:${process.pid}:${processStartMs}`;
}

/** Labels for a resource of a run. */
export function runLabels(runId: string, labId: string, node?: string): Record<string, string> {
  return {
    [LABEL.app]: APP_LABEL_VALUE,
    [LABEL.run]: runId,
    [LABEL.lab]: labId,
    [LABEL.owner]: ownerId(),
    ...(node ? { [LABEL.node]: node } : {}),
  };
}

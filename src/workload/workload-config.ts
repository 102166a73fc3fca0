/**
 * The configuration a workload client reads from the JSON file named by
 * argv[2] (the engine writes it to /etc/dojo/workload.json). Shared, as a
 * type, with the engine side (core/workload/workload-clients.ts).
 */

export interface SentinelAddress {
  name: string;
  ip: string;
  port: number;
}

export interface WorkloadClientConfig {
  /** Client name; part of every key it writes. */
  client: string;
  /**
   * `sentinel`: finds the master through the sentinels and re-resolves on a
   * connection error, on READONLY, or after 2 consecutive timeouts.
   * `pinned`: resolves once at start, then always writes to that address.
   */
  mode: 'sentinel' | 'pinned';
  /** Write attempts per second, scheduled at a fixed rate. */
  rate: number;
  /** A write with no reply within this many ms is recorded as `timeout` (indeterminate). */
  timeoutMs: number;
  masterName: string;
  /** Asked in this order. */
  sentinels: SentinelAddress[];
  /** Node name by IP, to name the node a write went to. */
  nodes: Record<string, string>;
}

/** Validates a parsed config; throws with the offending field. */
export function parseWorkloadConfig(raw: unknown): WorkloadClientConfig {
  const o = raw as Partial<WorkloadClientConfig> | null;
  const fail = (field: string): never => {
    throw new Error(`workload config: invalid ${field}`);
  };
  if (!o || typeof o !== 'object') return fail('document');
  if (typeof o.client !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o.client)) fail('client');
  if (o.mode !== 'sentinel' && o.mode !== 'pinned') fail('mode');
  if (typeof o.rate !== 'number' || !(o.rate > 0) || o.rate > 10_000) fail('rate');
  if (typeof o.timeoutMs !== 'number' || !(o.timeoutMs > 0)) fail('timeoutMs');
  if (typeof o.masterName !== 'string' || o.masterName === '') fail('masterName');
  if (
    !Array.isArray(o.sentinels) ||
    o.sentinels.length === 0 ||
    !o.sentinels.every(
      (s) => typeof s?.name === 'string' && typeof s.ip === 'string' && Number.isInteger(s.port),
    )
  ) {
    fail('sentinels');
  }
  if (!o.nodes || typeof o.nodes !== 'object') fail('nodes');
  return o as WorkloadClientConfig;
}

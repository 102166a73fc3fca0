import { errorText, type FaultContext } from '../../../../core/faults/fault-types';

/** One sentinel's answer to `SENTINEL get-master-addr-by-name`. */
export interface SentinelView {
  sentinel: string;
  /** The master it names, when it answered. */
  master?: { ip: string; port: number };
  /** Why it gave no answer (paused, stopped, unknown master name...). */
  error?: string;
}

/** Budget of one sentinel question, ms. */
const ASK_TIMEOUT_MS = 3000;

/**
 * Asks every sentinel member, inside its container (`redis-cli -p 26379`),
 * which master it names. All sentinels at once; never throws.
 */
export async function askSentinels(ctx: FaultContext, masterName: string): Promise<SentinelView[]> {
  const sentinels = [...ctx.members.values()].filter((m) => m.kind === 'sentinel');
  return Promise.all(
    sentinels.map(async (s): Promise<SentinelView> => {
      try {
        const r = await ctx.runtime.exec(
          s.containerId,
          ['redis-cli', '-p', '26379', '--raw', 'SENTINEL', 'get-master-addr-by-name', masterName],
          { timeoutMs: ASK_TIMEOUT_MS, reuse: true },
        );
        return { sentinel: s.name, ...parseMasterAddr(r.stdout, r.exitCode, r.stderr) };
      } catch (err) {
        return { sentinel: s.name, error: errorText(err) };
      }
    }),
  );
}

/** Parses the two lines (ip, port) of `redis-cli --raw SENTINEL get-master-addr-by-name`. */
export function parseMasterAddr(
  stdout: string,
  exitCode = 0,
  stderr = '',
): Pick<SentinelView, 'master' | 'error'> {
  const [ip, port] = stdout.trim().split(/\s+/);
  const p = Number(port);
  if (exitCode === 0 && ip && /^\d+\.\d+\.\d+\.\d+$/.test(ip) && Number.isInteger(p) && p > 0) {
    return { master: { ip, port: p } };
  }
  const text = (stderr.trim() || stdout.trim() || `exit ${exitCode}`).split('\n')[0];
  return { error: `no master named (${text})` };
}

/**
 * The master a strict majority of ALL sentinels (not only those that
 * answered) names, or undefined. A sentinel cut off with the old master may
 * still name it; a majority is what a failover needed, so it is what counts.
 */
export function agreedMaster(
  views: SentinelView[],
  totalSentinels: number = views.length,
): { ip: string; port: number } | undefined {
  const votes = new Map<string, number>();
  for (const v of views) {
    if (!v.master) continue;
    const key = `${v.master.ip}:${v.master.port}`;
    votes.set(key, (votes.get(key) ?? 0) + 1);
  }
  for (const [key, n] of votes) {
    if (n * 2 > totalSentinels) {
      const [ip, port] = key.split(':');
      return { ip: ip ?? '', port: Number(port) };
    }
  }
  return undefined;
}

/** `sentinel-1 -> 10.1.2.12:6379, sentinel-2 -> (paused)` for messages. */
export function describeViews(views: SentinelView[], nameOf: (ip: string) => string): string {
  return views
    .map(
      (v) =>
        `${v.sentinel} -> ${v.master ? `${nameOf(v.master.ip)}:${v.master.port}` : `(${v.error})`}`,
    )
    .join(', ');
}

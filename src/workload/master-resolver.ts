import { RespError } from './resp';
import { RespConnection } from './resp-client';
import type { SentinelAddress } from './workload-config';

/** Where the sentinels say the master is. */
export interface MasterAddress {
  ip: string;
  port: number;
  /** Name of the sentinel that answered. */
  via: string;
}

/**
 * Asks the sentinels, one after the other in the given order, for the
 * current master (`SENTINEL get-master-addr-by-name`); the first sentinel
 * that names one wins, as in the usual Sentinel client libraries. A sentinel
 * that refuses, errors or says nothing within `timeoutMs` is skipped. Throws
 * with every sentinel's reason when none names a master.
 */
export async function resolveMaster(
  sentinels: readonly SentinelAddress[],
  masterName: string,
  timeoutMs: number,
): Promise<MasterAddress> {
  const reasons: string[] = [];
  for (const s of sentinels) {
    let conn: RespConnection | undefined;
    try {
      conn = await RespConnection.connect(s.ip, s.port, timeoutMs);
      const reply = await conn.command(
        ['SENTINEL', 'get-master-addr-by-name', masterName],
        timeoutMs,
      );
      const addr = parseMasterAddr(reply);
      if (typeof addr === 'string') {
        reasons.push(`${s.name}: ${addr}`);
        continue;
      }
      return { ...addr, via: s.name };
    } catch (e) {
      reasons.push(`${s.name}: ${(e as Error).message}`);
    } finally {
      conn?.close();
    }
  }
  throw new Error(`no sentinel named a master for ${masterName} (${reasons.join('; ')})`);
}

/** `[ip, port]` from the reply, or a reason string when it names no master. */
export function parseMasterAddr(reply: unknown): { ip: string; port: number } | string {
  if (reply instanceof RespError) return reply.message;
  if (reply === null) return 'unknown master name';
  if (Array.isArray(reply) && typeof reply[0] === 'string' && typeof reply[1] === 'string') {
    const port = Number(reply[1]);
    if (Number.isInteger(port) && port > 0) return { ip: reply[0], port };
  }
  return `unexpected reply ${JSON.stringify(reply)}`;
}

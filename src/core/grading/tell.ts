import { isDataNodeKind, type ProbeSample } from '../../shared/lab-types';
import { vipMacOwnersOf, vipMacsOf } from './keepalived-facts';

/** The first moment a run showed the split, and how. */
export interface Tell {
  /** ms since epoch (the probe sample's time). */
  at: number;
  /**
   * `masters-claimed`: two data nodes answered role:master (Redis `role`,
   * PostgreSQL `pg_is_in_recovery()` false); `sentinels-moved`: most
   * coordinators named another master (sentinels, or the etcd leader key moved);
   * `lease-stalled` (Patroni): the stale leader still holds the leader key but
   * has not renewed it for longer than a loop: it is cut off or dead, and a
   * failover is coming; `vip-macs` (keepalived): the client node saw more
   * than one MAC answer one ARP request for the VIP.
   */
  kind: 'masters-claimed' | 'sentinels-moved' | 'lease-stalled' | 'vip-macs';
  /** One sentence for the debrief, e.g. "redis-1 and redis-2 both claim master". */
  detail: string;
}

/** Options of findTell. */
export interface TellOptions {
  /** The kinds of tell that count (default: masters-claimed and sentinels-moved). */
  kinds?: readonly Tell['kind'][];
  /**
   * Patroni: a leader key held by the stale leader with less than this many
   * seconds of lease left has not been renewed for over a loop (ttl - loop_wait
   * - slack): the `lease-stalled` tell. Absent for Redis.
   */
  leaseStallBelowSeconds?: number;
}

/**
 * The first tell at or after `from`: a sample where more than one data node
 * claims master, where a strict majority of the coordinators name a master
 * other than `staleLeader`, (Patroni) where the stale leader's lease has
 * stalled, or (keepalived) where the client sees two MACs answer ARP for the
 * VIP. Only readings count: a node that could not be read (role `unknown`,
 * an etcd member that did not answer, a silent client) never makes a tell,
 * whatever a sample's counts say. Pure.
 */
export function findTell(
  samples: readonly ProbeSample[],
  from: number,
  staleLeader: string | undefined,
  opts: TellOptions = {},
): Tell | undefined {
  const kinds = new Set(opts.kinds ?? ['masters-claimed', 'sentinels-moved']);
  for (const s of samples) {
    if (s.t < from) continue;
    const stall = kinds.has('lease-stalled') ? opts.leaseStallBelowSeconds : undefined;
    if (staleLeader && stall !== undefined) {
      const lease = s.nodes.find(
        (n) => n.kind === 'etcd' && n.role === 'dcs' && n.leaderKey?.holder === staleLeader,
      )?.leaderKey;
      if (lease && lease.ttlSeconds < stall) {
        return {
          at: s.t,
          kind: 'lease-stalled',
          detail: `${staleLeader} stopped renewing the leader key (${lease.ttlSeconds} s of lease left)`,
        };
      }
    }
    // Only nodes read as master count: the sample's count is not trusted over its readings.
    const claimed = s.nodes.filter((n) => isDataNodeKind(n.kind) && n.role === 'master');
    if (kinds.has('masters-claimed') && claimed.length > 1) {
      const masters = claimed.map((n) => n.node);
      const routers = claimed.length > 0 && claimed.every((n) => n.kind === 'router');
      return {
        at: s.t,
        kind: 'masters-claimed',
        detail: routers
          ? `${masters.join(' and ')} are both in VRRP state MASTER`
          : `${masters.join(' and ')} claim master`,
      };
    }
    if (kinds.has('vip-macs') && vipMacsOf(s).length > 1) {
      const macs = vipMacsOf(s);
      return {
        at: s.t,
        kind: 'vip-macs',
        detail: `${macs.length} MACs answer ARP for the VIP (${vipMacOwnersOf(s).join(', ')})`,
      };
    }
    if (!staleLeader || !kinds.has('sentinels-moved')) continue;
    const etcd = s.nodes.filter((n) => n.kind === 'etcd');
    const holders = etcd.filter(
      (n) => n.role === 'dcs' && n.leaderKey && n.leaderKey.holder !== staleLeader,
    );
    if (etcd.length > 0 && holders.length > etcd.length / 2) {
      const names = [...new Set(holders.map((n) => n.leaderKey?.holder))].join('/');
      return {
        at: s.t,
        kind: 'sentinels-moved',
        detail: `the leader key in etcd is held by ${names}, no longer by ${staleLeader}`,
      };
    }
    const sentinels = s.nodes.filter((n) => n.kind === 'sentinel');
    const moved = sentinels.filter(
      (n) => n.role === 'sentinel' && n.following && n.following !== staleLeader,
    );
    if (sentinels.length > 0 && moved.length > sentinels.length / 2) {
      const names = [...new Set(moved.map((n) => n.following))].join('/');
      return {
        at: s.t,
        kind: 'sentinels-moved',
        detail: `${moved.length} of ${sentinels.length} sentinels name ${names} as master instead of ${staleLeader}`,
      };
    }
  }
  return undefined;
}

import type { TimelineEntry } from '../../../shared/debrief-types';
import type { SystemDebrief } from '../../../core/debrief/system-debrief';
import { healthList, stillActive } from '../../../core/debrief/debrief-text';
import { readBackNumbers } from '../shared/redis-sentinel.types';

/** Sentinel events repeated by several sentinels within this window merge into one entry, ms. */
export const SENTINEL_MERGE_MS = 2000;

/**
 * Redis Sentinel's part of the debrief: the sentinels' choice in words,
 * Sentinel pub/sub events in the timeline (the same event from several
 * sentinels within SENTINEL_MERGE_MS is one entry naming them all), and the
 * final health rows (masters, replicas, what each sentinel names, CKQUORUM,
 * quorum). No observations. Pure.
 */
export const redisSentinelDebrief: SystemDebrief = {
  choiceLabel: (choice) =>
    choice ? `sentinels name ${choice} as master` : 'sentinels disagree on the master',
  mastersLabel: (n) => (n > 1 ? `${n} nodes claim master` : `${n} node claims master`),
  ownRoleKinds: [],
  logEntries() {
    const seen = new Map<string, { t: number; entry: TimelineEntry; nodes: string[] }>();
    const all: { entry: TimelineEntry; nodes: string[] }[] = [];
    return {
      add(e, at) {
        if (e.kind !== 'sentinel-event') return undefined;
        const key = `${e.channel}\u0000${e.message}`;
        const prev = seen.get(key);
        if (prev && e.t - prev.t <= SENTINEL_MERGE_MS) {
          if (!prev.nodes.includes(e.sentinel)) prev.nodes.push(e.sentinel);
          return undefined;
        }
        const entry: TimelineEntry = {
          at,
          kind: 'sentinel',
          label: e.channel,
          detail: e.message,
          node: e.sentinel,
        };
        const run = { t: e.t, entry, nodes: [e.sentinel] };
        seen.set(key, run);
        all.push(run);
        return entry;
      },
      finish() {
        for (const r of all) r.entry.node = r.nodes.join(', ');
      },
    };
  },
  observations: () => [],
  healthRows: (f) => [
    ['Masters', f.masters.join(', ') || 'none'],
    ['Replicas caught up', healthList.caught(f)],
    ['Sentinels name', healthList.of(f.coordinatorViews)],
    ['CKQUORUM', f.coordinationOk ? 'OK' : 'fails'],
    ['Sentinel quorum', healthList.of(readBackNumbers(f, 'quorum'), '=')],
    ['Still active', stillActive(f)],
  ],
};

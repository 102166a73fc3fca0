import { useMemo } from 'react';
import type { SystemEventEntry } from '../../../renderer/src/store/scenario-state';
import {
  ClusterEvents,
  type ClusterEventItem,
} from '../../../renderer/src/components/cluster-events';
import { classifyLockEvents, type ClassifiedLockEvent, type LockChange } from '../shared/lock-data';

/** A lock-event entry of the scenario view's system events. */
export type LockEventEntry = Extract<SystemEventEntry, { kind: 'lock-event' }>;

/** Each change's colour class: a new holder like a failover, a lost lock as a warning. */
const TONES: Record<LockChange, string> = {
  acquired: 'ev-failover',
  lost: 'ev-bad',
  note: 'ev-info',
};

/** The tag of a line: what changed and the token concerned. */
function tagOf(c: ClassifiedLockEvent<LockEventEntry>): string {
  const token = c.token !== undefined ? ` · token ${c.token}` : '';
  switch (c.change) {
    case 'acquired':
      return `took the lock${token}`;
    case 'lost':
      return `lost the lock${token}`;
    case 'note':
      return c.event.holding ? `holding${token}` : 'no lock';
  }
}

function describe(c: ClassifiedLockEvent<LockEventEntry>): ClusterEventItem {
  const e = c.event;
  return {
    seq: e.seq,
    t: e.t,
    source: e.node,
    tag: tagOf(c),
    message: e.detail,
    tone: TONES[c.change],
    attrs: {
      'data-node': e.node,
      'data-change': c.change,
      'data-holding': e.holding ? 'true' : 'false',
      ...(c.token !== undefined ? { 'data-token': String(c.token) } : {}),
    },
  };
}

/**
 * The workers' own words about the lock (took it with token N, the lease
 * expired, gave it up, etcd errors), newest first. A worker that takes the
 * lock with a higher token while the other has not yet said it lost its
 * lock: the other is frozen, and will wake up a zombie.
 */
export function LockEvents({ events, t0 }: { events: LockEventEntry[]; t0: number }) {
  const classified = useMemo(() => classifyLockEvents(events), [events]);
  return (
    <ClusterEvents
      title="Lock events (the workers' words)"
      testId="lock-events"
      itemTestId="lock-event"
      className="lock-events"
      events={classified}
      describe={describe}
      t0={t0}
    />
  );
}

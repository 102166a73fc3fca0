import type { NodeObservation } from '../../../shared/lab-types';
import type { NodeCardPart, NodeFact } from '../../../renderer/src/components/node-card-kit';
import { formatInt } from '../../../renderer/src/format';
import { withToken } from '../shared/lock-data';

/**
 * What etcd-1 and storage say of themselves. etcd-1: the lock's holder (or
 * that it is free), its fencing token, the lease left, the holder before
 * it. storage: its fencing check (off is flagged), the highest token it
 * accepted, the stale writes it accepted (flagged when any), its last
 * write. A node that did not answer shows none of them.
 */
function lockFacts(obs: NodeObservation): NodeFact[] {
  if (obs.role === 'unknown') return [];
  if (obs.kind === 'lock' && obs.lock) {
    const l = obs.lock;
    const facts: NodeFact[] = [{ label: 'holder', value: l.holder ?? 'none (free)' }];
    if (l.token !== undefined) facts.push({ label: 'token', value: String(l.token) });
    if (l.leaseTtlSeconds !== undefined)
      facts.push({ label: 'lease', value: `${l.leaseTtlSeconds} s left` });
    if (l.previousHolder)
      facts.push({ label: 'before', value: withToken(l.previousHolder, l.previousToken) });
    return facts;
  }
  if (obs.kind === 'storage' && obs.fence) {
    const f = obs.fence;
    const facts: NodeFact[] = [
      f.checkOn
        ? { label: 'fencing check', value: 'on' }
        : { label: 'fencing check', value: 'off', alarm: true },
      { label: 'highest token', value: String(f.highest) },
      f.staleAccepted > 0
        ? { label: 'stale accepted', value: formatInt(f.staleAccepted), alarm: true }
        : { label: 'stale accepted', value: '0' },
    ];
    if (f.lastWriter)
      facts.push({ label: 'last write', value: withToken(f.lastWriter, f.lastToken) });
    return facts;
  }
  return [];
}

/** What a lock-service lab's node cards add: etcd-1's lock, storage's fence. */
export const lockNodeCard: NodeCardPart = { facts: lockFacts };

import type { NodeObservation } from '../../../shared/lab-types';
import type { NodeCardPart, NodeFact } from '../../../renderer/src/components/node-card-kit';
import { formatLsn } from '../../../renderer/src/format';

/**
 * A postgres node's timeline, WAL position, synchronous standby and Patroni's
 * maintenance mode; an etcd member's view of the leader key and its lease.
 */
function patroniFacts(obs: NodeObservation): NodeFact[] {
  const facts: NodeFact[] = [];
  if (obs.timeline !== undefined) facts.push({ label: 'timeline', value: String(obs.timeline) });
  if (obs.lsn !== undefined) facts.push({ label: 'lsn', value: formatLsn(obs.lsn) });
  if (obs.syncStandby !== undefined) facts.push({ label: 'sync', value: obs.syncStandby });
  if (obs.maintenance) facts.push({ label: 'patroni', value: 'paused (maintenance)' });
  if (obs.kind === 'etcd' && obs.role === 'dcs') {
    facts.push({ label: 'leader key', value: obs.leaderKey ? obs.leaderKey.holder : 'none' });
    if (obs.leaderKey) facts.push({ label: 'lease ttl', value: `${obs.leaderKey.ttlSeconds} s` });
  }
  return facts;
}

/** Patroni's view contradicts what postgres itself says (the interesting moments). */
function patroniDisagrees(obs: NodeObservation): boolean {
  if (obs.patroniRole === undefined || obs.role === 'unknown') return false;
  if (obs.patroniRole === 'unknown') return true;
  const patroniPrimary = obs.patroniRole === 'master' || obs.patroniRole === 'primary';
  return patroniPrimary !== (obs.role === 'master');
}

/** A postgres node's role as Patroni's REST API reports it, flagged when it contradicts postgres. */
function PatroniRoleBadge({ obs }: { obs: NodeObservation }) {
  if (obs.patroniRole === undefined) return null;
  return (
    <span
      className={`role-badge patroni-role${patroniDisagrees(obs) ? ' disagrees' : ''}`}
      data-testid="node-patroni-role"
      title={`Role as Patroni's REST API (/patroni) reports it: ${obs.patroniRole}`}
    >
      patroni: {obs.patroniRole}
    </span>
  );
}

/** What a Patroni lab's node cards add. */
export const patroniNodeCard: NodeCardPart = { facts: patroniFacts, Badge: PatroniRoleBadge };

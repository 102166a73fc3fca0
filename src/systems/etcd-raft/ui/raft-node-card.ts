import type { NodeObservation } from '../../../shared/lab-types';
import type { NodeCardPart, NodeFact } from '../../../renderer/src/components/node-card-kit';
import { formatInt } from '../../../renderer/src/format';

/**
 * What a member says of itself: the leader it follows (or that it leads, or
 * knows none), its term, applied index, Raft state and commit index. A member
 * that did not answer shows none of them (its last words are no reading).
 */
function raftFacts(obs: NodeObservation): NodeFact[] {
  const r = obs.raft;
  if (obs.kind !== 'raft' || !r || obs.role === 'unknown') return [];
  const leader =
    r.leader === obs.node
      ? 'itself'
      : (r.leader ?? (r.leaderId !== undefined ? `unknown member ${r.leaderId}` : 'none known'));
  return [
    // A member that knows no leader: campaigning, or cut off from the majority.
    leader === 'none known'
      ? { label: 'leader', value: leader, alarm: true }
      : { label: 'leader', value: leader },
    { label: 'term', value: String(r.term) },
    { label: 'applied', value: formatInt(r.appliedIndex) },
    { label: 'state', value: r.state },
    { label: 'commit', value: formatInt(r.commitIndex) },
  ];
}

/** What an etcd (Raft) lab's member cards add: its leader is among its own facts, next to its term. */
export const raftNodeCard: NodeCardPart = { facts: raftFacts, followingLabel: () => null };

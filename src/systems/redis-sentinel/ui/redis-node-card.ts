import type { NodeObservation } from '../../../shared/lab-types';
import type { NodeCardPart, NodeFact } from '../../../renderer/src/components/node-card-kit';

/** A sentinel's view of the master it monitors: its config epoch, the flags it holds, whom it knows, its quorum, TILT. */
function sentinelFacts(obs: NodeObservation): NodeFact[] {
  const facts: NodeFact[] = [];
  if (obs.epoch !== undefined) facts.push({ label: 'epoch', value: String(obs.epoch) });
  const s = obs.sentinel;
  if (!s) return facts;
  const flags = s.masterFlags.join(',') || '—';
  // A sentinel that holds the master subjectively or objectively down.
  facts.push({ label: 'flags', value: flags, alarm: /(^|,)[so]_down/.test(flags) });
  facts.push({
    label: 'knows',
    value: `${s.knownReplicas} repl · ${s.knownSentinels} sent`,
  });
  facts.push({ label: 'quorum', value: String(s.quorum) });
  if (s.tilt) facts.push({ label: 'mode', value: 'TILT (acts on nothing)' });
  return facts;
}

/** What a Redis Sentinel lab's node cards add: a sentinel believes in the master it monitors. */
export const redisNodeCard: NodeCardPart = {
  facts: sentinelFacts,
  followingLabel: (obs) => (obs.kind === 'sentinel' ? 'believes' : 'following'),
};

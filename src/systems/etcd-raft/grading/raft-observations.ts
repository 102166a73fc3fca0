import type { Observation } from '../../../shared/debrief-types';
import type { ProbeSample } from '../../../shared/lab-types';
import { describeAction } from '../../../shared/move-registry';
import { isFence, takesOutOfService } from '../../../shared/move-effects';
import { secondsText } from '../../../core/debrief/debrief-text';
import { since } from '../../../core/grading/grading-context';
import type { RunFacts } from '../../../core/grading/run-facts';
import { raftMajorityLeader } from './etcd-raft.grading';

/** The card's misdiagnosis whose `looksLike` matches `pattern`, if it has one. */
const cardSays = (facts: RunFacts, pattern: RegExp): string | undefined =>
  facts.scenario.teaching.misdiagnoses.find((m) => pattern.test(m.looksLike))?.looksLike;

/** The members that say they lead in a sample, with their terms. */
const leadersIn = (s: ProbeSample): { node: string; term?: number }[] =>
  s.nodes
    .filter((n) => n.kind === 'raft' && n.role === 'master')
    .map((n) => ({ node: n.node, ...(n.raft ? { term: n.raft.term } : {}) }));

/** `3 writes`, `1 write`. */
const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The window of the cut: from the first fault (when its injection began) to
 * when its revert began (or the end of the run); `whole`: when its
 * injection was done. A partition goes in and out member by member, so a
 * write sent while it does may still reach a majority.
 */
function cutWindow(facts: RunFacts): { from: number; whole: number; to: number } | undefined {
  const from = facts.firstFaultAt;
  if (from === undefined) return undefined;
  const injected = facts.faults.find((f) => f.phase === 'inject' && f.t >= from);
  const revert = facts.faults.find((f) => f.phase === 'revert' && f.t >= from);
  return {
    from,
    whole: injected?.t ?? from,
    to: revert ? Math.min(revert.t, revert.startedAt ?? revert.t) : facts.endedAt,
  };
}

/**
 * Against "a split brain": how long the stale leader still said it led after
 * the cut, whether two members ever led at once and in which terms, when the
 * majority's leader took over, and what became of the writes sent through
 * the stale leader during the cut (acknowledged, timed out, failed).
 */
function splitObservation(
  facts: RunFacts,
  looksLike: string,
  stale: string,
  cut: { from: number; whole: number; to: number },
): Observation {
  const during = facts.samples.filter((s) => s.t >= cut.from && s.t < cut.to);
  const staleLed = during.filter((s) => leadersIn(s).some((l) => l.node === stale));
  const lastLed = staleLed.at(-1);
  const led = lastLed
    ? `${stale} still said it led until ${since(facts, lastLed.t)}, ${secondsText(lastLed.t - cut.from)} after the cut`
    : `${stale} no longer said it led from the first reading after the cut`;
  const both = during.filter((s) => leadersIn(s).length > 1);
  const terms = [...new Set(both.flatMap((s) => leadersIn(s).map((l) => l.term)))]
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  const overlap =
    both.length === 0
      ? 'no two members said they led in the same reading'
      : `two members said they led in ${count(both.length, 'reading')}, in ${terms.length > 1 ? `different terms (${terms.join(' and ')})` : `term ${terms[0] ?? '?'}`}`;
  const taken = during.find((s) => {
    const l = raftMajorityLeader(s);
    return l !== undefined && l !== stale;
  });
  const chosen = taken ? raftMajorityLeader(taken) : undefined;
  const chosenTerm = taken?.nodes.find((n) => n.node === chosen)?.raft?.term;
  const majority =
    taken && chosen
      ? `a majority followed ${chosen} from ${since(facts, taken.t)}${chosenTerm !== undefined ? ` (term ${chosenTerm})` : ''}`
      : 'no other leader had a majority behind it during the cut';
  const through = facts.writes.filter(
    (w) => w.node === stale && w.sentAt >= cut.whole && w.sentAt < cut.to,
  );
  const ackedDuring = through.filter((w) => w.outcome === 'ack' && w.doneAt < cut.to).length;
  const ackedAfter = through.filter((w) => w.outcome === 'ack' && w.doneAt >= cut.to).length;
  const timedOut = through.filter((w) => w.outcome === 'timeout').length;
  const failed = through.length - ackedDuring - ackedAfter - timedOut;
  const window = `once the cut was in place (${since(facts, cut.whole)} → ${since(facts, cut.to)})`;
  const late =
    ackedAfter > 0
      ? `; ${ackedAfter} sent in its last moments waited and ${ackedAfter === 1 ? 'was' : 'were'} acknowledged only after the link came back, committed by the majority then`
      : '';
  const writes =
    through.length === 0
      ? `No write was sent through ${stale} ${window}.`
      : `Of the ${count(through.length, 'write')} sent through ${stale} ${window}, ${ackedDuring} ${ackedDuring === 1 ? 'was' : 'were'} acknowledged while it lasted (${timedOut} timed out, ${failed} failed${late})${ackedDuring === 0 ? ': alone, it could not commit anything' : ''}.`;
  return { looksLike, shows: `${led}; ${overlap}; ${majority}. ${writes}` };
}

/**
 * Against "a broken majority that needs restarting": the writes the
 * majority's members acknowledged during the cut, by member, and every move
 * that took one of them out of service meanwhile.
 */
function majorityObservation(
  facts: RunFacts,
  looksLike: string,
  stale: string,
  cut: { from: number; whole: number; to: number },
): Observation {
  const acked = facts.writes.filter(
    (w) => w.outcome === 'ack' && w.node !== stale && w.sentAt >= cut.from && w.sentAt < cut.to,
  );
  const byNode = new Map<string, number>();
  for (const w of acked) byNode.set(w.node, (byNode.get(w.node) ?? 0) + 1);
  const nodes = [...byNode].sort((a, b) => a[0].localeCompare(b[0]));
  const committed =
    acked.length === 0
      ? 'The majority acknowledged no write during the cut.'
      : `During the cut (${since(facts, cut.from)} → ${since(facts, cut.to)}) the majority acknowledged ${count(acked.length, 'write')} (${nodes.map(([n, k]) => `${n} ${k}`).join(', ')}): it was committing all along.`;
  const hits = facts.actions.filter(
    (a) =>
      a.ok &&
      'node' in a.action &&
      a.action.node !== stale &&
      (isFence(a.action.kind) || takesOutOfService(a.action.kind)) &&
      a.issuedAt >= cut.from &&
      a.issuedAt < cut.to,
  );
  const moves =
    hits.length === 0
      ? ' Nothing was done to its members.'
      : ` Meanwhile ${hits.map((a) => `${describeAction(a.action)} at ${since(facts, a.issuedAt)}`).join(', ')} took a member of the only quorum out of service.`;
  return { looksLike, shows: committed + moves };
}

/**
 * What this run's history says against the card's misdiagnoses (etcd Raft):
 * against "a split brain", how long the cut-off leader still said it led,
 * whether two members led at once and in which terms, and what became of the
 * writes sent through it; against "a majority that needs restarting", what
 * the majority committed during the cut and the moves that took its members
 * out of service. Each only when the card has that misdiagnosis (matched by
 * its words), and only for a run with a fault and a stale leader. Pure.
 */
export function raftObservations(facts: RunFacts): Observation[] {
  const stale = facts.staleLeader;
  const cut = cutWindow(facts);
  if (!stale || !cut) return [];
  const out: Observation[] = [];
  const split = cardSays(facts, /split brain|two (members|leaders)/i);
  if (split) out.push(splitObservation(facts, split, stale, cut));
  const broken = cardSays(facts, /restart|broken majority/i);
  if (broken) out.push(majorityObservation(facts, broken, stale, cut));
  return out;
}

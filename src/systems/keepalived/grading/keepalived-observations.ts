import type { Observation } from '../../../shared/debrief-types';
import type { ProbeSample } from '../../../shared/lab-types';
import type { WriteRecord } from '../../../shared/scenario-types';
import { since } from '../../../core/grading/grading-context';
import { macName, routersInMaster, vipMacsOf } from './keepalived-facts';
import { failuresByKind } from './request-failures';
import type { RunFacts } from '../../../core/grading/run-facts';
import { splitEndCause } from './split-end-cause';
import { secondsText } from '../../../core/debrief/debrief-text';
import { systemTraits } from '../../../shared/system-traits';

/** Fallback titles when the card has no misdiagnosis that matches. */
const BLIP = 'A network blip';
const FLAKY = 'Application flakiness';

/** The card's misdiagnosis whose `looksLike` matches `pattern`, else `fallback`. */
function looksLike(facts: RunFacts, pattern: RegExp, fallback: string): string {
  return (
    facts.scenario.teaching.misdiagnoses.find((m) => pattern.test(m.looksLike))?.looksLike ??
    fallback
  );
}

/** How long samples matching `pred` lasted (each sample until the next one), ms, and their first/last moment. */
function spanOf(
  samples: readonly ProbeSample[],
  pred: (s: ProbeSample) => boolean,
): { ms: number; from?: number; to?: number } {
  let ms = 0;
  let from: number | undefined;
  let to: number | undefined;
  samples.forEach((s, i) => {
    if (!pred(s)) return;
    const next = samples[i + 1]?.t ?? s.t;
    ms += next - s.t;
    from ??= s.t;
    to = next;
  });
  return { ms, ...(from !== undefined ? { from, to } : {}) };
}

/** The split as "a network blip" would have it: how long, from when to when, and what ended it. */
function blipObservation(facts: RunFacts, tellAt: number): Observation {
  const end = facts.splitEndedAt;
  const last = facts.samples.at(-1)?.t ?? facts.endedAt;
  const after = facts.samples.filter((s) => s.t >= tellAt);
  const part = (x: ReturnType<typeof spanOf>, yes: string, no: string) =>
    x.from === undefined || x.to === undefined
      ? no
      : `${yes} for ${secondsText(x.ms)} (${since(facts, x.from)} → ${since(facts, x.to)})`;
  const masters = part(
    spanOf(after, (s) => routersInMaster(s).length > 1),
    'two routers were in VRRP MASTER',
    'no two routers were in VRRP MASTER at once',
  );
  const macs = part(
    spanOf(after, (s) => vipMacsOf(s).length > 1),
    'the client saw two MACs answer ARP for the VIP',
    'the client never saw two MACs answer ARP for the VIP',
  );
  const title = looksLike(facts, /blip/i, BLIP);
  if (end === undefined)
    return {
      looksLike: title,
      shows: `The split began at ${since(facts, tellAt)} and was still on when the scenario ended, ${secondsText(last - tellAt)} later: ${masters}, and ${macs}. Nothing ended it; a blip does not outlast the run.`,
    };
  const cause = splitEndCause(facts);
  return {
    looksLike: title,
    shows: `The split lasted ${secondsText(end - tellAt)} (${since(facts, tellAt)} → ${since(facts, end)}): ${masters}, and ${macs}. ${cause ? `It ended with ${cause.what} at ${since(facts, cause.t)}.` : 'It ended with no move shortly before it.'}`,
  };
}

/** `1 reset`, `3 resets`. */
function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `router-1 60%, router-2 40%` of `records` by `key`. */
function shares(records: readonly WriteRecord[], key: (w: WriteRecord) => string): string {
  const counts = new Map<string, number>();
  for (const w of records) counts.set(key(w), (counts.get(key(w)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${Math.round((n / records.length) * 100)}%`)
    .join(', ');
}

/**
 * Requests of `during` that failed with ECONNRESET right as the client's ARP
 * entry for the VIP moved (the request before it, in the whole history, went
 * to another MAC). `all` is every request, sorted by sending time.
 */
function resetsOnFlip(all: readonly WriteRecord[], during: readonly WriteRecord[]): WriteRecord[] {
  const inWindow = new Set(during);
  const prevVia = new Map<string, string | undefined>();
  const out: WriteRecord[] = [];
  for (const w of all) {
    const before = prevVia.get(w.client);
    if (
      inWindow.has(w) &&
      w.error?.includes('ECONNRESET') &&
      before !== undefined &&
      w.via !== undefined &&
      before !== w.via
    )
      out.push(w);
    if (w.via !== undefined) prevVia.set(w.client, w.via);
  }
  return out;
}

/** One client's requests during the split, in words; `flips` = its resets right as its ARP entry moved. */
function clientText(
  facts: RunFacts,
  client: string,
  records: readonly WriteRecord[],
  flips: number,
): string {
  const answered = records.filter((w) => w.outcome === 'ack');
  const withVia = records.filter((w) => w.via !== undefined);
  const failed = failuresByKind(records);
  const failures = failed.length
    ? failed
        .map(([kind, n]) =>
          kind === 'ECONNRESET' && flips > 0
            ? `${n} ${kind} (${flips === n ? '' : `${flips} of them `}right as its ARP entry for the VIP moved to another MAC)`
            : `${n} ${kind}`,
        )
        .join(', ')
    : 'none failed';
  return `${client}: ${records.length} requests, answered by ${answered.length ? shares(answered, (w) => w.node) : 'no router'}${withVia.length ? `, sent to ${shares(withVia, (w) => macName(facts.routerMacs, w.via!))}` : ''}; ${failures}`;
}

/** The split as "application flakiness" would have it: where each client's requests went and how they failed. */
function flakinessObservation(facts: RunFacts, tellAt: number): Observation | undefined {
  const end = facts.splitEndedAt ?? Number.POSITIVE_INFINITY;
  const all = [...facts.writes].sort((a, b) => a.sentAt - b.sentAt);
  const during = all.filter((w) => w.sentAt >= tellAt && w.sentAt < end);
  if (during.length === 0) return undefined;
  const flipped = resetsOnFlip(all, during);
  const clients = [...new Set(during.map((w) => w.client))].sort();
  const lines = clients.map((c) =>
    clientText(
      facts,
      c,
      during.filter((w) => w.client === c),
      flipped.filter((w) => w.client === c).length,
    ),
  );
  const routers = [...new Set(during.filter((w) => w.outcome === 'ack').map((w) => w.node))];
  const macs = new Set(during.flatMap((w) => (w.via ? [w.via] : [])));
  const failed = during.filter((w) => w.outcome !== 'ack').length;
  const keep = facts.authoritative?.node;
  const window = `During the split (${since(facts, tellAt)} → ${facts.splitEndedAt === undefined ? 'the end' : since(facts, facts.splitEndedAt)})`;
  const where =
    routers.length > 1 || macs.size > 1
      ? `The calls went to ${routers.length > 1 ? `${routers.length} routers` : `${macs.size} MACs`} by where each client's ARP entry for the VIP pointed: the network moved them, not the application.`
      : routers[0] && keep && routers[0] !== keep
        ? `Every answered call came from ${routers[0]}, not ${keep}: the network delivered them to the router that should not hold the VIP.`
        : `Every answered call came from ${routers[0] ?? 'no router'}.`;
  const why =
    flipped.length > 0
      ? ` ${count(flipped.length, 'reset')} came right as an ARP entry for the VIP moved to another router's MAC; ${failed > flipped.length ? `the other ${count(failed - flipped.length, 'failure')} came while two routers claimed the VIP` : 'the application did not cause them'}.`
      : failed > 0
        ? ` ${count(failed, 'failure')} came while two routers claimed the VIP.`
        : ' None failed: the applications saw nothing wrong while two routers claimed the VIP.';
  return {
    looksLike: looksLike(facts, /flak/i, FLAKY),
    shows: `${window}: ${lines.join('; ')}. ${where}${why}`,
  };
}

/**
 * What this run's history says against the card's misdiagnoses (keepalived):
 * against "a network blip", how long two routers claimed MASTER and the
 * client saw two MACs for the VIP, from when to when, and what ended it;
 * against "application flakiness", each workload client's requests during
 * the split by the router that answered and the MAC they went to, with the
 * failures by kind. The card's own `looksLike` is used where one mentions a
 * blip / flakiness. Empty for a system whose split is not a dual master
 * (`SystemTraits.splitKind`) and for a run without a split.
 * Pure.
 */
export function buildObservations(facts: RunFacts): Observation[] {
  if (systemTraits(facts.scenario.system).splitKind !== 'dual-master' || !facts.tell) return [];
  const tellAt = facts.tell.at;
  const flaky = flakinessObservation(facts, tellAt);
  return [blipObservation(facts, tellAt), ...(flaky ? [flaky] : [])];
}

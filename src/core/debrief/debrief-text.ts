import type { Debrief } from '../../shared/debrief-types';
import type { ResponseStep } from '../../shared/scenario-schema';
import type { FinalHealth, Verdict, WriteFate } from '../../shared/scenario-types';
import { describeAction } from './timeline';
import { findSystemTraits } from '../../shared/system-traits';

/** Words shared by the Markdown and HTML exports. */

export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  unknown: 'UNKNOWN',
};

export const FATE_LABEL: Record<WriteFate, string> = {
  'acked-present': 'acknowledged and present',
  'acked-lost': 'acknowledged and LOST',
  failed: 'failed (refused)',
  'indeterminate-present': 'indeterminate but present (ghost writes)',
  'indeterminate-absent': 'indeterminate and absent',
};

/** `12.3 s` from ms. */
export function secondsText(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** ISO time of a ms-since-epoch moment (UTC), or `unknown`. */
export function isoTime(t: number): string {
  return t > 0 ? new Date(t).toISOString() : 'unknown';
}

/** One reference step as a sentence: when, what, why. */
export function stepText(step: ResponseStep): string {
  const when =
    step.since === 'start'
      ? `${step.after} after the start`
      : `${step.after} after ${step.since} fired`;
  return `${when}: ${describeAction(step.do)}`;
}

/** The run's acknowledged writes lost, or undefined before the read-back. */
export function ackedLost(d: Debrief): number | undefined {
  return d.ledger.fates?.['acked-lost'];
}

/** The with/without comparison of a prevention drill, as one sentence, or undefined. */
export function comparisonText(d: Debrief): string | undefined {
  const c = d.scenario.comparison;
  if (!c) return undefined;
  const lost = ackedLost(d);
  const mine =
    lost === undefined
      ? "This run's loss is not known (no read-back)."
      : `This run lost ${lost} acknowledged writes; without the prevention the same fault loses about ${c.baselineLost}.`;
  return `${mine} ${c.text}`;
}

/** The lab settings the run used, `name=value` comma-separated. */
export function settingsText(d: Debrief): string {
  const entries = Object.entries(d.settings);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'defaults';
}

/**
 * The final health as label/value pairs in the system's own terms (Redis:
 * masters, sentinels, CKQUORUM; Patroni: primaries by pg_is_in_recovery(),
 * leader key, timelines, maintenance mode; keepalived: routers in MASTER,
 * VRRP states, VIP holders, ARP answers and the client's neighbour entry,
 * virtual_router_id). Plain text; the caller escapes.
 */
export function finalHealthRows(f: FinalHealth): [string, string][] {
  const list = (o: Record<string, string | number>, sep = ' → ') =>
    Object.entries(o)
      .map(([k, v]) => `${k}${sep}${v}`)
      .join(', ') || 'none';
  const still =
    [...f.activeFaults, ...f.activeFences.map((x) => `fence on ${x}`)].join(', ') || 'nothing';
  const caught = `${f.replicasCaughtUp.length} of ${f.replicasExpected}${f.replicasCaughtUp.length ? ` (${f.replicasCaughtUp.join(', ')})` : ''}`;
  const k = f.keepalived;
  if (k) {
    const unread = Object.keys(k.unreadable ?? {});
    const notRead = unread.length ? ` (${unread.join(', ')} could not be read)` : '';
    const client = (value: string) =>
      k.clientUnreadable === undefined ? value : 'could not be read';
    return [
      ['Routers in VRRP MASTER', (f.masters.join(', ') || 'none') + notRead],
      ['VRRP states', list(k.vrrpStates, ': ')],
      ['VIP on', (k.vipHolders.join(', ') || 'no router') + notRead],
      ['ARP for the VIP answered by', client(k.arpAnswerers.join(', ') || 'nobody')],
      ["Client's neighbour entry for the VIP", client(k.neighbourRouter ?? 'none on a router')],
      ['Last HTTP answer through the VIP', client(k.httpResponder ?? 'none')],
      ['Backups hearing adverts', caught + notRead],
      [
        'keepalived running',
        list(
          Object.fromEntries([
            ...Object.entries(k.keepalivedRunning).map(([r, on]) => [r, on ? 'yes' : 'no']),
            ...unread.map((r) => [r, 'could not be read']),
          ]),
          ': ',
        ),
      ],
      ['virtual_router_id', list(k.virtualRouterIds, ': ')],
      ['Still active', still],
    ];
  }
  const p = f.patroni;
  if (p) {
    return [
      ['Primaries (pg_is_in_recovery() false)', f.masters.join(', ') || 'none'],
      ['Replicas streaming on the leader timeline, no lag', caught],
      ['Leader key (etcd)', p.leaderKeyHolder ?? 'not held'],
      ['etcd members say', list(f.sentinelViews)],
      ['Timelines', list(p.timelines, ': ')],
      ["Patroni's roles", list(p.patroniRoles, ': ')],
      ['Maintenance mode', p.maintenanceMode ? 'on' : 'off'],
      [
        'synchronous_mode',
        p.synchronousMode ? `on (sync standby: ${p.syncStandby ?? 'none'})` : 'off',
      ],
      ['Still active', still],
    ];
  }
  return [
    ['Masters', f.masters.join(', ') || 'none'],
    ['Replicas caught up', caught],
    ['Sentinels name', list(f.sentinelViews)],
    ['CKQUORUM', f.ckquorumOk ? 'OK' : 'fails'],
    ['Sentinel quorum', list(f.sentinelQuorum, '=')],
    ['Still active', still],
  ];
}

/** Whether the run's ledger counts requests through a VIP (keepalived: nothing read back) rather than writes. */
export function isRequestLedger(d: Debrief): boolean {
  return (
    findSystemTraits(d.scenario.system)?.ledger === 'answers' || d.ledger.answeredBy !== undefined
  );
}

/** The ledger section's title in the system's words. */
export function ledgerHeading(d: Debrief): string {
  return isRequestLedger(d) ? 'Requests through the VIP' : 'Write ledger';
}

/** The ledger's counts as one sentence (requests: answered / failed / timed out; writes: acknowledged / failed / indeterminate). */
export function ledgerSummary(d: Debrief): string {
  const l = d.ledger;
  return isRequestLedger(d)
    ? `${l.attempts} requests: ${l.acked} answered, ${l.failed} failed, ${l.indeterminate} timed out.`
    : `${l.attempts} attempts: ${l.acked} acknowledged, ${l.failed} failed, ${l.indeterminate} indeterminate.`;
}

/** Answered requests per router, most first (keepalived ledgers). */
export function answeredRows(d: Debrief): [string, number][] {
  return Object.entries(d.ledger.answeredBy ?? {}).sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
}

/**
 * The files export-keys saved, one line each: `redis-1: 1234 keys saved at
 * 12.3 s (file redis-1-keys-….txt)`; rows for PostgreSQL. Plain text.
 */
export function exportsRows(d: Debrief): string[] {
  const unit = recordUnit(d);
  return d.exports.map(
    (x) =>
      `${x.node}: ${x.keys} ${x.keys === 1 ? unit.one : unit.many} saved at ${secondsText(x.at)}${x.name ? ` (file ${x.name})` : ''}`,
  );
}

/** The heading of the saved files: `Saved keys` (Redis), `Saved rows` (PostgreSQL). */
export function savedHeading(d: Debrief): string {
  const many = recordUnit(d).many;
  return `Saved ${many}`;
}

/** The unit of the run's saved records (`key`/`keys` for a system this build does not know). */
function recordUnit(d: Debrief): { one: string; many: string } {
  return findSystemTraits(d.scenario.system)?.recordUnit ?? { one: 'key', many: 'keys' };
}

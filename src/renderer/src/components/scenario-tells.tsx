import { memo } from 'react';
import { isDataNodeKind, type ProbeSample } from '../../../shared/lab-types';
import type { LedgerCounts, ReachabilityMatrix, WriteFate } from '../../../shared/scenario-types';
import { ROLE_LABELS } from '../charts/colors';
import { formatInt, formatOffset, shortId } from '../format';
import type { SystemEventEntry } from '../store/scenario-state';

/** A sentinel-event entry of the scenario view's system events. */
type SentinelEventEntry = Extract<SystemEventEntry, { kind: 'sentinel-event' }>;
import { ClusterEvents, type ClusterEventItem } from './cluster-events';
import { rankIn } from './scenario-nodes';

/** The ledger's words: writes to a data store, or requests through a VIP (SystemTraits.ledger `answers`). */
const LEDGER_WORDS = {
  writes: {
    title: 'Write ledger',
    labels: ['attempts', 'acknowledged', 'failed', 'indeterminate'],
  },
  requests: {
    title: 'Request ledger',
    labels: ['requests', 'answered', 'failed', 'timed out'],
  },
} as const;

/**
 * Live ledger counters: every write attempt and what the client saw of it
 * (a ledger of answers: every request through the VIP, and which router answered, once final).
 */
export const LedgerCounters = memo(function LedgerCounters({
  counts,
  final,
  requests = false,
}: {
  counts: LedgerCounts;
  final: boolean;
  /** The ledger counts answers: the workload sends HTTP requests, nothing is read back. */
  requests?: boolean;
}) {
  const words = LEDGER_WORDS[requests ? 'requests' : 'writes'];
  const items: [string, string, number][] = [
    ['attempts', words.labels[0], counts.attempts],
    ['acked', words.labels[1], counts.acked],
    ['failed', words.labels[2], counts.failed],
    ['indeterminate', words.labels[3], counts.indeterminate],
  ];
  const answeredBy = Object.entries(counts.answeredBy ?? {});
  const caption = !final
    ? 'live'
    : requests
      ? 'final: nothing to read back'
      : `final, read back from ${counts.readFrom ?? 'the final master'}`;
  return (
    <section
      className="panel ledger-counters"
      data-testid="ledger-counters"
      data-attempts={counts.attempts}
      data-acked={counts.acked}
      data-failed={counts.failed}
      data-indeterminate={counts.indeterminate}
      data-final={final ? 'true' : 'false'}
      {...(counts.fates ? { 'data-acked-lost': counts.fates['acked-lost'] } : {})}
    >
      <div className="panel-title">
        <h3>{words.title}</h3>
        <span className="muted small">{caption}</span>
      </div>
      <dl className="counters">
        {items.map(([key, label, value]) => (
          <div key={key} className={`counter counter-${key}`}>
            <dt>{label}</dt>
            <dd className="mono" data-testid={`ledger-${key}`}>
              {formatInt(value)}
            </dd>
          </div>
        ))}
        {counts.fates && (
          <div className="counter counter-lost">
            <dt>acked, LOST</dt>
            <dd className="mono" data-testid="ledger-acked-lost">
              {formatInt(counts.fates['acked-lost'])}
            </dd>
          </div>
        )}
      </dl>
      {answeredBy.length > 0 && (
        <p className="small" data-testid="ledger-answered-by">
          answered by{' '}
          {answeredBy.map(([node, n], i) => (
            <span key={node} className="mono" data-node={node} data-count={n}>
              {i > 0 ? ' · ' : ''}
              {node} {formatInt(n)}
            </span>
          ))}
        </p>
      )}
    </section>
  );
});

export const FATE_LABELS: Record<WriteFate, string> = {
  'acked-present': 'acknowledged and present',
  'acked-lost': 'acknowledged and LOST',
  failed: 'failed (client told)',
  'indeterminate-present': 'timed out but present (ghost write)',
  'indeterminate-absent': 'timed out and absent',
};

/**
 * Each data node's `master_replid` and offset from the latest probe. Two
 * masters with different replids have diverged histories: highlighted.
 */
export function ReplIdTable({
  sample,
  order,
}: {
  sample: ProbeSample | undefined;
  order: string[];
}) {
  const nodes = (sample?.nodes ?? [])
    .filter((n) => isDataNodeKind(n.kind))
    .sort((a, b) => rankIn(order, a.node) - rankIn(order, b.node));
  const masterIds = new Set(
    nodes.filter((n) => n.role === 'master' && n.replId).map((n) => n.replId!),
  );
  const diverged = masterIds.size > 1;
  return (
    <section
      className={`panel replid-table${diverged ? ' diverged' : ''}`}
      data-testid="replid-table"
      data-diverged={diverged ? 'true' : 'false'}
    >
      <div className="panel-title">
        <h3>Replication IDs</h3>
        {diverged && <span className="tell-alert small">two masters, different histories</span>}
      </div>
      {nodes.length === 0 ? (
        <p className="muted">No probe samples yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Node</th>
              <th>Role</th>
              <th>master_replid</th>
              <th>Offset</th>
              <th>Follows</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => {
              const hot = diverged && n.role === 'master';
              return (
                <tr
                  key={n.node}
                  data-testid={`replid-${n.node}`}
                  data-role={n.role}
                  className={hot ? 'replid-diverged' : undefined}
                >
                  <td className="mono">{n.node}</td>
                  <td>
                    <span className={`role-badge role-${n.role}`}>{ROLE_LABELS[n.role]}</span>
                  </td>
                  <td className="mono" title={n.replId}>
                    {n.replId ? shortId(n.replId, 12) : '—'}
                  </td>
                  <td className="mono">
                    {n.replOffset !== undefined && n.role !== 'unknown'
                      ? formatInt(n.replOffset)
                      : '—'}
                  </td>
                  <td className="mono">{n.following ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function describeSentinel(e: SentinelEventEntry): ClusterEventItem {
  return {
    seq: e.seq,
    t: e.t,
    source: e.sentinel,
    tag: e.channel,
    message: e.message,
    tone: channelClass(e.channel),
    attrs: { 'data-channel': e.channel },
  };
}

/** Sentinel's own events (+sdown, +odown, +switch-master...), newest first. */
export function SentinelEvents({ events, t0 }: { events: SentinelEventEntry[]; t0: number }) {
  return (
    <ClusterEvents
      title="Sentinel events"
      testId="sentinel-events"
      events={events}
      describe={describeSentinel}
      t0={t0}
    />
  );
}

function channelClass(channel: string): string {
  if (/^[+-][so]down$/.test(channel) || channel === '+tilt') return 'ev-bad';
  if (channel === '+switch-master' || channel === '+new-epoch' || channel === '+elected-leader')
    return 'ev-failover';
  if (channel === '+convert-to-slave') return 'ev-info';
  return '';
}

/** Who can reach whom (rows: from, columns: to); cut links are red. */
export function ReachabilityGrid({
  reachability,
  t0,
}: {
  reachability: { t: number; matrix: ReachabilityMatrix; reason: string } | undefined;
  t0: number;
}) {
  if (!reachability) {
    return (
      <section className="panel reachability" data-testid="reachability-matrix">
        <div className="panel-title">
          <h3>Reachability</h3>
        </div>
        <p className="muted">
          Not probed yet: the matrix is checked after a partition is injected.
        </p>
      </section>
    );
  }
  const { matrix, reason, t } = reachability;
  let cut = 0;
  for (const from of matrix.members)
    for (const to of matrix.members) if (from !== to && matrix.reach[from]?.[to] === false) cut++;
  return (
    <section className="panel reachability" data-testid="reachability-matrix" data-cut={cut}>
      <div className="panel-title">
        <h3>Reachability</h3>
        <span className="muted small">
          {reason} · {formatOffset(t, t0)} · {cut} cut link{cut === 1 ? '' : 's'}
        </span>
      </div>
      <div className="matrix-wrap">
        <table className="matrix mono">
          <thead>
            <tr>
              <th className="corner" title="rows: from · columns: to">
                from ↓ to →
              </th>
              {matrix.members.map((to) => (
                <th key={to} scope="col">
                  {to}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.members.map((from) => (
              <tr key={from}>
                <th scope="row">{from}</th>
                {matrix.members.map((to) => {
                  if (from === to)
                    return (
                      <td key={to} className="self">
                        ·
                      </td>
                    );
                  const ok = matrix.reach[from]?.[to];
                  const state = ok === true ? 'ok' : ok === false ? 'cut' : 'unknown';
                  return (
                    <td
                      key={to}
                      className={`cell-${state}`}
                      data-testid={`reach-${from}-${to}`}
                      data-reach={state}
                      title={`${from} → ${to}: ${state === 'ok' ? 'arrives' : state === 'cut' ? 'CUT' : 'unknown'}`}
                    >
                      {state === 'ok' ? '✓' : state === 'cut' ? '✕' : '?'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

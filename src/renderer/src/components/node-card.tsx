import type { NodeObservation } from '../../../shared/lab-types';
import { ROLE_LABELS } from '../charts/colors';
import { formatInt, shortId } from '../format';

function factClass(key: string, value: string): string | undefined {
  if (key === 'link') return `link-${value}`;
  if (key === 'flags' && /(^|,)[so]_down/.test(value)) return 'flag-down';
  // More than one MAC answering ARP for the VIP: two routers hold it.
  if (key === 'arp for vip' && value.includes(',')) return 'flag-down';
  // A Raft member that knows no leader: campaigning, or cut off from the majority.
  if (key === 'leader' && value === 'none known') return 'flag-down';
  return undefined;
}

/** keepalived lab: a router's VRRP facts, and the client's view of the VIP. */
function vrrpRows(obs: NodeObservation): [string, string][] {
  const rows: [string, string][] = [];
  if (obs.vrrpState !== undefined) rows.push(['vrrp', obs.vrrpState]);
  if (obs.kind === 'router' && obs.vipHeld !== undefined)
    rows.push(['vip', obs.vipHeld ? 'held' : 'not held']);
  if (obs.vrrpPriority !== undefined) rows.push(['priority', String(obs.vrrpPriority)]);
  if (obs.advertsReceived !== undefined || obs.advertsSent !== undefined)
    rows.push(['adverts', `${obs.advertsReceived ?? '?'} rx · ${obs.advertsSent ?? '?'} tx`]);
  if (obs.mac !== undefined) rows.push(['mac', obs.mac]);
  if (obs.vipArpMacs !== undefined)
    rows.push([
      'arp for vip',
      obs.vipArpMacs.length === 0
        ? 'no answer'
        : obs.vipArpMacs.map((m, i) => obs.vipArpNodes?.[i] ?? m).join(', '),
    ]);
  if (obs.kind === 'vip-client' && obs.role === 'client') {
    const nb = obs.vipNeighbour;
    rows.push(['neighbour', nb ? `${nb.node ?? nb.mac ?? '—'} ${nb.state}` : 'none']);
    rows.push(['http via vip', obs.vipHttpResponder ?? 'no answer']);
  }
  return rows;
}

/**
 * etcd (Raft) lab: what a member says of itself: the leader it follows (or
 * that it leads, or knows none), its term, applied index, Raft state and commit index. A
 * member that did not answer shows none of them (its last words are no
 * reading).
 */
function raftRows(obs: NodeObservation): [string, string][] {
  const r = obs.raft;
  if (obs.kind !== 'raft' || !r || obs.role === 'unknown') return [];
  const leader =
    r.leader === obs.node
      ? 'itself'
      : (r.leader ?? (r.leaderId !== undefined ? `unknown member ${r.leaderId}` : 'none known'));
  return [
    ['leader', leader],
    ['term', String(r.term)],
    ['applied', formatInt(r.appliedIndex)],
    ['state', r.state],
    ['commit', formatInt(r.commitIndex)],
  ];
}

/** A PostgreSQL LSN in its usual `X/Y` notation (high and low 32 bits, hex). */
export function formatLsn(bytes: number): string {
  const hi = Math.floor(bytes / 2 ** 32);
  const lo = bytes - hi * 2 ** 32;
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`;
}

/** Patroni's view contradicts what postgres itself says (the interesting moments). */
function patroniDisagrees(obs: NodeObservation): boolean {
  if (obs.patroniRole === undefined || obs.role === 'unknown') return false;
  if (obs.patroniRole === 'unknown') return true;
  const patroniPrimary = obs.patroniRole === 'master' || obs.patroniRole === 'primary';
  return patroniPrimary !== (obs.role === 'master');
}

/**
 * One node as its latest probe saw it. `unknown` is shown as UNKNOWN, never
 * as a replica. Badges wrap inside the card (and a long one is cut with its
 * full text as a tooltip), never spilling into the next card. Once the lab
 * is stopped (`ended`) the card is greyed, reads "stopped" and shows the
 * last role seen as history ("was master").
 */
export function NodeCard({
  obs,
  splitBrain,
  ended = false,
}: {
  obs: NodeObservation;
  splitBrain: boolean;
  ended?: boolean;
}) {
  const rows: [string, string][] = [];
  if (obs.replOffset !== undefined) rows.push(['offset', formatInt(obs.replOffset)]);
  if (obs.replId !== undefined) rows.push(['replid', shortId(obs.replId)]);
  // A Raft member's leader is among its own facts (raftRows), next to its term.
  if (obs.following !== undefined && obs.kind !== 'raft')
    rows.push([obs.kind === 'sentinel' ? 'believes' : 'following', obs.following]);
  if (obs.linkUp !== undefined) rows.push(['link', obs.linkUp ? 'up' : 'down']);
  if (obs.onlineReplicas !== undefined) rows.push(['replicas', String(obs.onlineReplicas)]);
  if (obs.epoch !== undefined) rows.push(['epoch', String(obs.epoch)]);
  if (obs.timeline !== undefined) rows.push(['timeline', String(obs.timeline)]);
  if (obs.lsn !== undefined) rows.push(['lsn', formatLsn(obs.lsn)]);
  if (obs.syncStandby !== undefined) rows.push(['sync', obs.syncStandby]);
  if (obs.maintenance) rows.push(['patroni', 'paused (maintenance)']);
  if (obs.kind === 'etcd' && obs.role === 'dcs') {
    rows.push(['leader key', obs.leaderKey ? obs.leaderKey.holder : 'none']);
    if (obs.leaderKey) rows.push(['lease ttl', `${obs.leaderKey.ttlSeconds} s`]);
  }
  if (obs.sentinel) {
    rows.push(['flags', obs.sentinel.masterFlags.join(',') || '—']);
    rows.push([
      'knows',
      `${obs.sentinel.knownReplicas} repl · ${obs.sentinel.knownSentinels} sent`,
    ]);
    rows.push(['quorum', String(obs.sentinel.quorum)]);
    if (obs.sentinel.tilt) rows.push(['mode', 'TILT (acts on nothing)']);
  }
  // A clock more than half a second off the host's is worth a line (healthy: a few ms).
  if (obs.clockOffsetMs !== undefined && Math.abs(obs.clockOffsetMs) >= 500)
    rows.push([
      'clock',
      `${obs.clockOffsetMs > 0 ? '+' : '−'}${(Math.abs(obs.clockOffsetMs) / 1000).toFixed(1)} s`,
    ]);
  rows.push(...vrrpRows(obs));
  rows.push(...raftRows(obs));
  if (obs.rttMs !== undefined)
    rows.push(['rtt', `${obs.rttMs < 10 ? obs.rttMs.toFixed(1) : Math.round(obs.rttMs)} ms`]);
  const state = ended ? 'stopped' : obs.state;
  const classes = ['panel', 'node-card', `role-${obs.role}`, `state-${state}`];
  if (splitBrain && !ended && obs.role === 'master') classes.push('split');
  if (ended) classes.push('card-ended');
  const role = ROLE_LABELS[obs.role];
  return (
    <article
      className={classes.join(' ')}
      data-testid={`node-card-${obs.node}`}
      data-role={obs.role}
      data-state={state}
      data-kind={obs.kind}
      data-ended={ended ? 'true' : 'false'}
    >
      <div className="node-head">
        <span className="node-name mono">{obs.node}</span>
        <span className="node-kind muted small">{obs.kind}</span>
      </div>
      <div className="node-badges">
        {ended ? (
          <span
            className="role-badge role-ended"
            data-testid="node-role"
            title={`Last role seen before the lab stopped: ${role}`}
          >
            was {obs.role}
          </span>
        ) : (
          <span className={`role-badge role-${obs.role}`} data-testid="node-role" title={role}>
            {role}
          </span>
        )}
        {obs.patroniRole !== undefined && !ended && (
          <span
            className={`role-badge patroni-role${patroniDisagrees(obs) ? ' disagrees' : ''}`}
            data-testid="node-patroni-role"
            title={`Role as Patroni's REST API (/patroni) reports it: ${obs.patroniRole}`}
          >
            patroni: {obs.patroniRole}
          </span>
        )}
        <span className={`state-badge state-${state}`} data-testid="node-state" title={state}>
          {state}
        </span>
      </div>
      {rows.length > 0 && (
        <dl className="node-facts">
          {rows.map(([k, v]) => (
            <div key={k} className={factClass(k, v)}>
              <dt>{k}</dt>
              <dd className="mono" title={k === 'replid' ? obs.replId : String(v)}>
                {v}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {obs.error && (
        <p className="node-error mono" title={obs.error}>
          {obs.error}
        </p>
      )}
    </article>
  );
}

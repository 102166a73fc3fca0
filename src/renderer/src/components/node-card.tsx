import type { NodeObservation } from '../../../shared/lab-types';
import { ROLE_LABELS } from '../charts/colors';
import { formatInt, shortId } from '../format';

function factClass(key: string, value: string): string | undefined {
  if (key === 'link') return `link-${value}`;
  if (key === 'flags' && /(^|,)[so]_down/.test(value)) return 'flag-down';
  return undefined;
}

/** One node as its latest probe saw it. `unknown` is shown as UNKNOWN, never as a replica. */
export function NodeCard({ obs, splitBrain }: { obs: NodeObservation; splitBrain: boolean }) {
  const rows: [string, string][] = [];
  if (obs.replOffset !== undefined) rows.push(['offset', formatInt(obs.replOffset)]);
  if (obs.replId !== undefined) rows.push(['replid', shortId(obs.replId)]);
  if (obs.following !== undefined)
    rows.push([obs.kind === 'sentinel' ? 'believes' : 'following', obs.following]);
  if (obs.linkUp !== undefined) rows.push(['link', obs.linkUp ? 'up' : 'down']);
  if (obs.onlineReplicas !== undefined) rows.push(['replicas', String(obs.onlineReplicas)]);
  if (obs.epoch !== undefined) rows.push(['epoch', String(obs.epoch)]);
  if (obs.sentinel) {
    rows.push(['flags', obs.sentinel.masterFlags.join(',') || '—']);
    rows.push([
      'knows',
      `${obs.sentinel.knownReplicas} repl · ${obs.sentinel.knownSentinels} sent`,
    ]);
    rows.push(['quorum', String(obs.sentinel.quorum)]);
  }
  if (obs.rttMs !== undefined)
    rows.push(['rtt', `${obs.rttMs < 10 ? obs.rttMs.toFixed(1) : Math.round(obs.rttMs)} ms`]);
  const classes = ['panel', 'node-card', `role-${obs.role}`, `state-${obs.state}`];
  if (splitBrain && obs.role === 'master') classes.push('split');
  return (
    <article
      className={classes.join(' ')}
      data-testid={`node-card-${obs.node}`}
      data-role={obs.role}
      data-state={obs.state}
      data-kind={obs.kind}
    >
      <div className="node-head">
        <span className="node-name mono">{obs.node}</span>
        <span className="node-kind muted small">{obs.kind}</span>
      </div>
      <div className="node-badges">
        <span className={`role-badge role-${obs.role}`} data-testid="node-role">
          {ROLE_LABELS[obs.role]}
        </span>
        <span className={`state-badge state-${obs.state}`} data-testid="node-state">
          {obs.state}
        </span>
      </div>
      {rows.length > 0 && (
        <dl className="node-facts">
          {rows.map(([k, v]) => (
            <div key={k} className={factClass(k, v)}>
              <dt>{k}</dt>
              <dd className="mono" title={k === 'replid' ? obs.replId : undefined}>
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

import type { NodeObservation } from '../../../shared/lab-types';
import { systemOfLab } from '../../../shared/system-traits';
import { ROLE_LABELS } from '../charts/colors';
import { formatInt, shortId } from '../format';
import type { NodeCardPart, NodeFact } from './node-card-kit';
import { SYSTEM_VIEWS } from './system-views';

function factClass(fact: NodeFact): string | undefined {
  if (fact.label === 'link') return `link-${fact.value}`;
  return fact.alarm ? 'flag-down' : undefined;
}

/** What the node's system adds to its card (its kind names the system), if any. */
function partOf(obs: NodeObservation): NodeCardPart | undefined {
  const system = systemOfLab('', [obs.kind]);
  return system ? SYSTEM_VIEWS[system].nodeCard : undefined;
}

/**
 * The card's facts: those of a replicating node, the system's own, then the
 * clock and the probe's round trip.
 */
function factsOf(obs: NodeObservation, part: NodeCardPart | undefined): NodeFact[] {
  const facts: NodeFact[] = [];
  const add = (label: string, value: string, title?: string) =>
    facts.push(title === undefined ? { label, value } : { label, value, title });
  if (obs.replOffset !== undefined) add('offset', formatInt(obs.replOffset));
  if (obs.replId !== undefined) add('replid', shortId(obs.replId), obs.replId);
  const following = part?.followingLabel ? part.followingLabel(obs) : 'following';
  if (obs.following !== undefined && following !== null) add(following, obs.following);
  if (obs.linkUp !== undefined) add('link', obs.linkUp ? 'up' : 'down');
  if (obs.onlineReplicas !== undefined) add('replicas', String(obs.onlineReplicas));
  if (part) facts.push(...part.facts(obs));
  // A clock more than half a second off the host's is worth a line (healthy: a few ms).
  if (obs.clockOffsetMs !== undefined && Math.abs(obs.clockOffsetMs) >= 500)
    add(
      'clock',
      `${obs.clockOffsetMs > 0 ? '+' : '−'}${(Math.abs(obs.clockOffsetMs) / 1000).toFixed(1)} s`,
    );
  if (obs.rttMs !== undefined)
    add('rtt', `${obs.rttMs < 10 ? obs.rttMs.toFixed(1) : Math.round(obs.rttMs)} ms`);
  return facts;
}

/**
 * One node as its latest probe saw it. `unknown` is shown as UNKNOWN, never
 * as a replica. Badges wrap inside the card (and a long one is cut with its
 * full text as a tooltip), never spilling into the next card. Once the lab
 * is stopped (`ended`) the card is greyed, reads "stopped" and shows the
 * last role seen as history ("was master"). What only one system's nodes
 * have (facts, a badge) comes from its views (SystemViews.nodeCard).
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
  const part = partOf(obs);
  const facts = factsOf(obs, part);
  const Badge = part?.Badge;
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
        {Badge && !ended && <Badge obs={obs} />}
        <span className={`state-badge state-${state}`} data-testid="node-state" title={state}>
          {state}
        </span>
      </div>
      {facts.length > 0 && (
        <dl className="node-facts">
          {facts.map((fact) => (
            <div key={fact.label} className={factClass(fact)}>
              <dt>{fact.label}</dt>
              <dd className="mono" title={fact.title ?? fact.value}>
                {fact.value}
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

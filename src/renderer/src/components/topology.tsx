import type { ProbeSample } from '../../../shared/lab-types';
import { NodeCard } from './node-card';

/**
 * The lab's nodes as the latest probe saw them, in the lab's order. Once the
 * lab is stopped (`ended`) the cards show that last reading greyed, as
 * history, not as what the nodes are now.
 */
export function Topology({
  sample,
  order,
  ended = false,
}: {
  sample: ProbeSample | undefined;
  order: string[];
  ended?: boolean;
}) {
  if (!sample) {
    return (
      <section className="topology" data-testid="topology">
        <p className="muted">
          No probe samples yet: nodes appear once the lab's containers answer.
        </p>
      </section>
    );
  }
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i < 0 ? order.length : i;
  };
  const nodes = [...sample.nodes].sort((a, b) => rank(a.node) - rank(b.node));
  const split = !ended && sample.mastersClaimed > 1;
  return (
    <section
      className={`topology${ended ? ' topology-ended' : ''}`}
      data-testid="topology"
      data-ended={ended ? 'true' : 'false'}
    >
      {nodes.map((obs) => (
        <NodeCard key={obs.node} obs={obs} splitBrain={split} ended={ended} />
      ))}
    </section>
  );
}

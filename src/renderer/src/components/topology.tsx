import type { ProbeSample } from '../../../shared/lab-types';
import { NodeCard } from './node-card';

export function Topology({ sample, order }: { sample: ProbeSample | undefined; order: string[] }) {
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
  const split = sample.mastersClaimed > 1;
  return (
    <section className="topology" data-testid="topology">
      {nodes.map((obs) => (
        <NodeCard key={obs.node} obs={obs} splitBrain={split} />
      ))}
    </section>
  );
}

import type { ProbeSample } from '../../../shared/lab-types';
import { maxTerm } from './raft-data';

/** The tell-strip chip of the etcd (Raft) lab: the highest Raft term any member reports. */
export function RaftTermChip({ sample }: { sample: ProbeSample | undefined }) {
  const term = maxTerm(sample);
  return (
    <span
      className="tell-chip"
      data-testid="raft-term"
      data-value={term ?? ''}
      title="Highest Raft term any member reports: each election raises it"
    >
      Raft term <strong className="mono">{term ?? '–'}</strong>
    </span>
  );
}

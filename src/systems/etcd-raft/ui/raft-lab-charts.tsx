import { useMemo } from 'react';
import type { ProbeSample } from '../../../shared/lab-types';
import { nodeNamesOfKind } from '../../../renderer/src/charts/chart-data';
import { RaftRolesChart } from './raft-roles-chart';
import { RaftTermsChart } from './raft-terms-chart';

/**
 * A plain etcd (Raft) lab's charts under its topology: each member's Raft
 * role and its term over time. `dataNodes` leads the members' order.
 */
export function RaftLabCharts({
  samples,
  t0,
  dataNodes,
}: {
  samples: ProbeSample[];
  t0: number;
  dataNodes: string[];
}) {
  const members = useMemo(() => nodeNamesOfKind(samples, 'raft', dataNodes), [samples, dataNodes]);
  return (
    <div className="chart-row">
      <RaftRolesChart samples={samples} t0={t0} members={members} />
      <RaftTermsChart samples={samples} t0={t0} members={members} />
    </div>
  );
}

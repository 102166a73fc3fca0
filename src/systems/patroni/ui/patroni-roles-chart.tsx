import { memo, useMemo } from 'react';
import type { SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { patroniRoleLanes } from './patroni-data';
import { RolesChart } from '../../../renderer/src/charts/roles-chart';

/**
 * Per PostgreSQL node, two swimlanes: the role postgres itself claims
 * (`pg_is_in_recovery()`) and the role Patroni's REST API reports. Where the
 * colours of a pair differ, Patroni and postgres disagree.
 */
export const PatroniRolesChart = memo(function PatroniRolesChart({
  samples,
  t0,
  nodes,
  faults,
}: SampleChartProps & { nodes: string[] }) {
  const lanes = useMemo(() => patroniRoleLanes(nodes), [nodes]);
  return (
    <RolesChart
      samples={samples}
      t0={t0}
      nodes={lanes}
      faults={faults}
      testId="chart-patroni-roles"
      title="Role per node: postgres vs Patroni"
    />
  );
});

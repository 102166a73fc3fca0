import { useMemo } from 'react';
import { systemEventsOf } from '../../../renderer/src/store/scenario-state';
import { nodeNamesOfKind } from '../../../renderer/src/charts/chart-data';
import { WritesChart } from '../../../renderer/src/charts/writes-chart';
import { ReachabilityGrid } from '../../../renderer/src/components/scenario-tells';
import type { TellsProps } from '../../../renderer/src/components/system-tells';
import { RaftEvents } from './raft-events';
import { RaftMembersTable } from './raft-members-table';
import { RaftRolesChart } from './raft-roles-chart';
import { RaftTermsChart } from './raft-terms-chart';

/**
 * The etcd (Raft) tells of a scenario run: each member's view (the leader
 * it follows, its term, its applied index, how far its key space is
 * behind), the terms over time, the members' Raft roles, the keys
 * acknowledged per member, who reaches whom, and etcd's own election log
 * lines.
 */
export function EtcdRaftTells({
  shows,
  live,
  latest,
  chartSamples,
  t0,
  labOrder,
  faults,
  writes,
  writeNodes,
  domain,
}: TellsProps) {
  const members = useMemo(
    () => nodeNamesOfKind(chartSamples, 'raft', labOrder),
    [chartSamples, labOrder],
  );
  const roles = shows('roles') || shows('raft-members');
  const terms = shows('raft-terms');
  return (
    <>
      {shows('raft-members') && <RaftMembersTable sample={latest} order={labOrder} />}
      {(roles || terms) && (
        <div className="chart-row">
          {roles && (
            <RaftRolesChart samples={chartSamples} t0={t0} members={members} faults={faults} />
          )}
          {terms && (
            <RaftTermsChart samples={chartSamples} t0={t0} members={members} faults={faults} />
          )}
        </div>
      )}
      {shows('writes-per-node') && (
        <div className="chart-row">
          <WritesChart
            buckets={writes}
            t0={t0}
            nodes={writeNodes}
            domain={domain}
            faults={faults}
            title="Puts acknowledged per second per member"
          />
        </div>
      )}
      {shows('reachability') && (
        <div className="chart-row">
          <ReachabilityGrid reachability={live.reachability} t0={t0} />
        </div>
      )}
      {shows('raft-events') && (
        <RaftEvents events={systemEventsOf(live.systemEvents, 'raft-event')} t0={t0} />
      )}
    </>
  );
}

import { useMemo } from 'react';
import { systemEventsOf } from '../../../renderer/src/store/scenario-state';
import { nodeNamesOfKind } from '../../../renderer/src/charts/chart-data';
import { DivergenceChart } from '../../../renderer/src/charts/divergence-chart';
import { LeaderKeyChart } from './leader-key-chart';
import { OffsetsChart } from '../../../renderer/src/charts/offsets-chart';
import { PatroniRolesChart } from './patroni-roles-chart';
import { RolesChart } from '../../../renderer/src/charts/roles-chart';
import { TimelineChart } from './timeline-chart';
import { WritesChart } from '../../../renderer/src/charts/writes-chart';
import { LeaderKeyPanel } from './leader-key-panel';
import { PatroniEvents } from './patroni-events';
import { PatroniRolesTable } from './patroni-roles-table';
import { ReachabilityGrid } from '../../../renderer/src/components/scenario-tells';
import type { TellsProps } from '../../../renderer/src/components/system-tells';

/**
 * The Patroni tells of a scenario run: postgres's role next to Patroni's,
 * timelines, WAL positions and their divergence, the etcd leader key and its
 * lease, Patroni's log events.
 */
export function PatroniTells({
  shows,
  live,
  latest,
  chartSamples,
  t0,
  labOrder,
  dataNodes,
  faults,
  writes,
  writeNodes,
  domain,
}: TellsProps) {
  const members = useMemo(
    () => nodeNamesOfKind(chartSamples, 'etcd', labOrder),
    [chartSamples, labOrder],
  );
  const roles = shows('roles');
  const patroniRoles = shows('patroni-roles');
  const timelines = shows('timelines');
  const lsn = shows('lsn');
  return (
    <>
      {(patroniRoles || timelines || lsn) && (
        <PatroniRolesTable
          sample={latest}
          order={labOrder}
          showTimelines={timelines}
          showLsn={lsn}
        />
      )}
      <div className="chart-row">
        {patroniRoles ? (
          <PatroniRolesChart samples={chartSamples} t0={t0} nodes={dataNodes} faults={faults} />
        ) : (
          roles && <RolesChart samples={chartSamples} t0={t0} nodes={dataNodes} faults={faults} />
        )}
        {timelines && (
          <TimelineChart samples={chartSamples} t0={t0} nodes={dataNodes} faults={faults} />
        )}
      </div>
      {lsn && (
        <div className="chart-row">
          <OffsetsChart
            samples={chartSamples}
            t0={t0}
            nodes={dataNodes}
            faults={faults}
            field="lsn"
          />
          <DivergenceChart samples={chartSamples} t0={t0} faults={faults} field="lsn" />
        </div>
      )}
      {shows('leader-key') && (
        <div className="chart-row">
          <LeaderKeyPanel sample={latest} />
          <LeaderKeyChart samples={chartSamples} t0={t0} members={members} faults={faults} />
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
          />
        </div>
      )}
      {shows('reachability') && (
        <div className="chart-row">
          <ReachabilityGrid reachability={live.reachability} t0={t0} />
        </div>
      )}
      {shows('patroni-events') && (
        <PatroniEvents events={systemEventsOf(live.systemEvents, 'patroni-event')} t0={t0} />
      )}
    </>
  );
}

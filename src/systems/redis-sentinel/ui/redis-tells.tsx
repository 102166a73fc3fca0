import { useMemo } from 'react';
import { sentinelNodeNames } from './sentinel-data';
import { systemEventsOf } from '../../../renderer/src/store/scenario-state';
import { DivergenceChart } from '../../../renderer/src/charts/divergence-chart';
import { EpochChart } from './epoch-chart';
import { OffsetsChart } from '../../../renderer/src/charts/offsets-chart';
import { RolesChart } from '../../../renderer/src/charts/roles-chart';
import { WritesChart } from '../../../renderer/src/charts/writes-chart';
import {
  ReachabilityGrid,
  ReplIdTable,
  SentinelEvents,
} from '../../../renderer/src/components/scenario-tells';
import type { TellsProps } from '../../../renderer/src/components/system-tells';

/** The Redis Sentinel tells of a scenario run: roles, offsets, epochs, replids, Sentinel's events. */
export function RedisTells({
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
  const sentinels = useMemo(
    () => sentinelNodeNames(chartSamples, labOrder),
    [chartSamples, labOrder],
  );
  return (
    <>
      <div className="chart-row">
        {shows('roles') && (
          <RolesChart samples={chartSamples} t0={t0} nodes={dataNodes} faults={faults} />
        )}
        {shows('offsets') && (
          <OffsetsChart samples={chartSamples} t0={t0} nodes={dataNodes} faults={faults} />
        )}
      </div>
      <div className="chart-row">
        {shows('offsets') && <DivergenceChart samples={chartSamples} t0={t0} faults={faults} />}
        {shows('epochs') && (
          <EpochChart samples={chartSamples} t0={t0} sentinels={sentinels} faults={faults} />
        )}
      </div>
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
      <div className="chart-row">
        {shows('replids') && <ReplIdTable sample={latest} order={labOrder} />}
        {shows('reachability') && <ReachabilityGrid reachability={live.reachability} t0={t0} />}
      </div>
      {shows('sentinel-events') && (
        <SentinelEvents events={systemEventsOf(live.systemEvents, 'sentinel-event')} t0={t0} />
      )}
    </>
  );
}

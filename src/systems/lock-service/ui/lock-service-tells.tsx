import { useMemo } from 'react';
import { systemEventsOf } from '../../../renderer/src/store/scenario-state';
import { WritesChart } from '../../../renderer/src/charts/writes-chart';
import { ReachabilityGrid } from '../../../renderer/src/components/scenario-tells';
import type { TellsProps } from '../../../renderer/src/components/system-tells';
import { fencingWorkers } from './fencing-token-data';
import { FencingTokensChart } from './fencing-tokens-chart';
import { lockBeliefs } from '../shared/lock-data';
import { LockEvents } from './lock-events';
import { LockHolderPanel } from './lock-holder-panel';

/**
 * The lock service's tells of a scenario run: who holds the lock in etcd
 * and what each worker believes (lock-holder), storage's highest token
 * against each worker's over time (fencing-tokens), the workers' own words
 * about the lock (lock-events), and the generic writes and reachability.
 */
export function LockServiceTells({
  shows,
  live,
  latest,
  chartSamples,
  t0,
  faults,
  writes,
  writeNodes,
  domain,
}: TellsProps) {
  const events = systemEventsOf(live.systemEvents, 'lock-event');
  const beliefs = useMemo(() => lockBeliefs(events), [events]);
  const workers = useMemo(() => fencingWorkers(events, chartSamples), [events, chartSamples]);
  return (
    <>
      {shows('lock-holder') && <LockHolderPanel sample={latest} beliefs={beliefs} />}
      {shows('fencing-tokens') && (
        <div className="chart-row">
          <FencingTokensChart
            samples={chartSamples}
            events={events}
            t0={t0}
            domain={domain}
            workers={workers}
            faults={faults}
          />
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
            title="Writes storage accepted per second"
            notAckedName="refused or failed"
          />
        </div>
      )}
      {shows('reachability') && (
        <div className="chart-row">
          <ReachabilityGrid reachability={live.reachability} t0={t0} />
        </div>
      )}
      {shows('lock-events') && <LockEvents events={events} t0={t0} />}
    </>
  );
}

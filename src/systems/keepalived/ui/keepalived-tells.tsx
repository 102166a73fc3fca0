import { useMemo } from 'react';
import { AdvertsChart } from './adverts-chart';
import { systemEventsOf } from '../../../renderer/src/store/scenario-state';
import { nodeNamesOfKind } from '../../../renderer/src/charts/chart-data';
import { HttpViaChart } from './http-via-chart';
import { routerMacs } from './keepalived-data';
import { VipClientChart, VipHoldersChart, VrrpStatesChart } from './keepalived-lane-charts';
import { VipCountsChart } from './vip-counts-chart';
import { WritesChart } from '../../../renderer/src/charts/writes-chart';
import { KeepalivedEvents } from './keepalived-events';
import { ReachabilityGrid } from '../../../renderer/src/components/scenario-tells';
import type { TellsProps } from '../../../renderer/src/components/system-tells';
import { VipNeighbourPanel } from './vip-neighbour-panel';
import { neighbourTracker } from './vip-neighbour';
import { trackedBy } from '../../../renderer/src/store/sample-trackers';
import { VrrpRoutersTable } from './vrrp-routers-table';

/**
 * The keepalived tells of a scenario run: each router's VRRP state and
 * adverts, who holds the VIP, the MACs answering ARP for it and the client's
 * neighbour entry, which router answered the requests and via which MAC,
 * keepalived's own log events.
 */
export function KeepalivedTells({
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
  tracked,
}: TellsProps) {
  const routers = useMemo(
    () => nodeNamesOfKind(chartSamples, 'router', labOrder),
    [chartSamples, labOrder],
  );
  const client = useMemo(
    () => nodeNamesOfKind(chartSamples, 'vip-client', labOrder)[0] ?? 'client',
    [chartSamples, labOrder],
  );
  const macOwners = useMemo(() => routerMacs(chartSamples), [chartSamples]);
  const states = shows('vrrp-states');
  const holders = shows('vip-holders');
  const arp = shows('arp-macs');
  const responders = shows('http-responders');
  return (
    <>
      <div className="chart-row">
        {(states || holders || shows('adverts')) && (
          <VrrpRoutersTable sample={latest} samples={chartSamples} order={labOrder} />
        )}
        {arp && (
          <VipNeighbourPanel sample={latest} flips={trackedBy(tracked, neighbourTracker)} t0={t0} />
        )}
      </div>
      <div className="chart-row">
        {states && (
          <VrrpStatesChart samples={chartSamples} t0={t0} routers={routers} faults={faults} />
        )}
        {holders && (
          <VipHoldersChart samples={chartSamples} t0={t0} routers={routers} faults={faults} />
        )}
      </div>
      {arp && (
        <div className="chart-row">
          <VipCountsChart samples={chartSamples} t0={t0} faults={faults} />
          <VipClientChart
            samples={chartSamples}
            t0={t0}
            client={client}
            routers={routers}
            faults={faults}
          />
        </div>
      )}
      {(responders || shows('writes-per-node')) && (
        <div className="chart-row">
          <WritesChart
            buckets={writes}
            t0={t0}
            nodes={writeNodes}
            domain={domain}
            faults={faults}
            title="Requests answered per second per router"
            notAckedName="failed or timed out"
          />
          {responders && (
            <HttpViaChart
              buckets={writes}
              t0={t0}
              macOwners={macOwners}
              domain={domain}
              faults={faults}
            />
          )}
        </div>
      )}
      {shows('adverts') && (
        <div className="chart-row">
          <AdvertsChart samples={chartSamples} t0={t0} routers={routers} faults={faults} />
        </div>
      )}
      {shows('reachability') && (
        <div className="chart-row">
          <ReachabilityGrid reachability={live.reachability} t0={t0} />
        </div>
      )}
      {shows('keepalived-events') && (
        <KeepalivedEvents events={systemEventsOf(live.systemEvents, 'keepalived-event')} t0={t0} />
      )}
    </>
  );
}

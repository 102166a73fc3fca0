import { memo, useMemo } from 'react';
import type { FaultBand } from '../../../renderer/src/charts/fault-band-data';
import { viaMacs, viaRows, type WriteBucketLike } from '../../../renderer/src/charts/write-data';
import { TimeSeriesChart } from '../../../renderer/src/charts/time-series-chart';

/**
 * "Requests per second by the MAC they were sent to": where the client's ARP
 * entry for the VIP sent each request. Next to "answered per router" it shows
 * a router without the VIP forwarding requests to the one with it.
 */
export const HttpViaChart = memo(function HttpViaChart({
  buckets,
  t0,
  macOwners,
  domain,
  faults,
}: {
  buckets: WriteBucketLike[];
  t0: number;
  /** The router owning each known MAC (the MAC itself is shown for others). */
  macOwners: ReadonlyMap<string, string>;
  domain: [number, number];
  faults?: FaultBand[];
}) {
  const label = useMemo(() => (mac: string) => `via ${macOwners.get(mac) ?? mac}`, [macOwners]);
  // In router order, so each router keeps the colour it has in the other charts.
  const macs = useMemo(
    () => viaMacs(buckets).sort((a, b) => label(a).localeCompare(label(b))),
    [buckets, label],
  );
  const data = useMemo(() => viaRows(buckets, t0, macs, label), [buckets, t0, macs, label]);
  const series = useMemo(() => [...new Set(macs.map(label))], [macs, label]);
  return (
    <TimeSeriesChart
      testId="chart-http-via"
      title="Requests per second by the MAC they were sent to"
      height={200}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, 'auto'], allowDecimals: false, width: 36 }}
      series={series}
      faults={faults}
      legend
    />
  );
});

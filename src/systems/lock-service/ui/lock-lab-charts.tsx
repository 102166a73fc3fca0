import { useMemo } from 'react';
import { xDomain } from '../../../renderer/src/charts/chart-data';
import type { LabChartsProps } from '../../../renderer/src/components/system-views';
import { fencingWorkers } from './fencing-token-data';
import { FencingTokensChart } from './fencing-tokens-chart';

const NO_EVENTS: never[] = [];

/**
 * A plain lock-service lab's chart under its topology: storage's highest
 * accepted token over time (and the token of each writer it has seen). A
 * plain lab runs no workers: the line moves only when someone writes by hand.
 */
export function LockLabCharts({ samples, t0 }: LabChartsProps) {
  const workers = useMemo(() => fencingWorkers(NO_EVENTS, samples), [samples]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <div className="chart-row">
      <FencingTokensChart
        samples={samples}
        events={NO_EVENTS}
        t0={t0}
        domain={domain}
        workers={workers}
      />
    </div>
  );
}

import type { ProbeSample } from '../../../shared/lab-types';
import type { ScenarioSystem } from '../../../shared/scenario-schema';
import type { FaultBand } from '../charts/fault-band-data';
import { MastersChart } from '../charts/masters-chart';
import { ArpMacsReadout } from './arp-readout';
import { MastersReadout } from './masters-readout';

/**
 * The headline tell of a run: how many nodes claim master, in big type and
 * over time. keepalived: routers in MASTER, with the MACs answering ARP for
 * the VIP beside it (the same split as the LAN sees it).
 */
export function Headline({
  system,
  sample,
  samples,
  t0,
  faults,
  firstSplitX,
  ended = false,
}: {
  system: ScenarioSystem;
  sample: ProbeSample | undefined;
  /** Deferred samples for the chart. */
  samples: ProbeSample[];
  t0: number;
  faults?: FaultBand[];
  firstSplitX?: number;
  /** The lab is stopped (or stopping): the readout says so and the chart is greyed. */
  ended?: boolean;
}) {
  const keepalived = system === 'keepalived';
  return (
    <div
      className={`headline${ended ? ' headline-ended' : ''}`}
      data-testid="headline"
      data-ended={ended ? 'true' : 'false'}
    >
      {keepalived ? (
        <div className="readouts">
          <MastersReadout sample={sample} routers ended={ended} />
          {!ended && <ArpMacsReadout sample={sample} />}
        </div>
      ) : (
        <MastersReadout sample={sample} ended={ended} />
      )}
      <MastersChart
        samples={samples}
        t0={t0}
        {...(faults ? { faults } : {})}
        {...(firstSplitX !== undefined ? { firstSplitX } : {})}
        {...(keepalived ? { title: 'Routers in MASTER', leader: 'MASTER' } : {})}
      />
    </div>
  );
}

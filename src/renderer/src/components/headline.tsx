import type { ProbeSample } from '../../../shared/lab-types';
import type { ScenarioSystem } from '../../../shared/scenario-schema';
import type { FaultBand } from '../charts/fault-band-data';
import { MastersChart } from '../charts/masters-chart';
import { HEADLINE_WORDS, MastersReadout } from './masters-readout';
import { SYSTEM_VIEWS } from './system-views';

/**
 * The headline tell of a run: how many nodes claim master, in big type and
 * over time, in the system's words, with its own readouts beside it
 * (SystemViews.Readouts, e.g. the MACs answering ARP for a VIP: the split as
 * the LAN sees it).
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
  const { Readouts, headline } = SYSTEM_VIEWS[system];
  const words = HEADLINE_WORDS[headline];
  return (
    <div
      className={`headline${ended ? ' headline-ended' : ''}`}
      data-testid="headline"
      data-ended={ended ? 'true' : 'false'}
    >
      {Readouts ? (
        <div className="readouts">
          <MastersReadout sample={sample} words={headline} ended={ended} />
          {!ended && <Readouts sample={sample} />}
        </div>
      ) : (
        <MastersReadout sample={sample} words={headline} ended={ended} />
      )}
      <MastersChart
        samples={samples}
        t0={t0}
        {...(faults ? { faults } : {})}
        {...(firstSplitX !== undefined ? { firstSplitX } : {})}
        title={words.label}
        leader={words.leader}
      />
    </div>
  );
}

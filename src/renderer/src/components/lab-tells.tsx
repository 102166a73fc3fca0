import type { ProbeSample } from '../../../shared/lab-types';
import type { ScenarioSystem } from '../../../shared/scenario-schema';
import type { ActionEntry } from '../store/action-entries';
import { ActionTimeline } from './action-timeline';
import { Headline } from './headline';
import { SYSTEM_VIEWS } from './system-views';
import { Topology } from './topology';

/**
 * The tells side of a plain lab's workspace: the headline tell, the moves
 * made in it (free exploration), the topology and the system's charts. Times
 * count from the lab's start.
 */
export function LabTells({
  system,
  latest,
  chartSamples,
  t0,
  labOrder,
  dataNodes,
  routers,
  moves,
  ended,
}: {
  system: ScenarioSystem;
  latest: ProbeSample | undefined;
  /** Deferred samples (charts render in the background). */
  chartSamples: ProbeSample[];
  t0: number;
  labOrder: string[];
  dataNodes: string[];
  /** The routers' names (a lab whose data nodes are VRRP routers). */
  routers: string[];
  /** The lab's moves (palette actions, console lines), oldest first. */
  moves: ActionEntry[];
  /** The lab is stopped (or stopping): the last reading, greyed. */
  ended: boolean;
}) {
  const { LabCharts } = SYSTEM_VIEWS[system];
  return (
    <div className="lab-tells" data-testid="lab-tells">
      <Headline system={system} sample={latest} samples={chartSamples} t0={t0} ended={ended} />
      <ActionTimeline entries={moves} t0={t0} />
      <h3 className="section-title">Topology</h3>
      <Topology sample={latest} order={labOrder} ended={ended} />
      <LabCharts samples={chartSamples} t0={t0} dataNodes={dataNodes} routers={routers} />
    </div>
  );
}

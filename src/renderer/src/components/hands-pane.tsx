import { useMemo, useState } from 'react';
import type { ScenarioSystem } from '../../../shared/scenario-schema';
import { systemTraits } from '../../../shared/system-traits';
import { useAppState } from '../store/react';
import type { RunState } from '../store/run-state';
import { activeFaults, type LiveFaultWindow } from '../store/scenario-state';
import { ActionPalette } from './action-palette';
import { NodeHands } from './node-hands';
import type { NodeInfo } from './scenario-nodes';

const NO_FAULTS: LiveFaultWindow[] = [];
const NO_TRIGGERS: { id: string; kind: string }[] = [];

/**
 * Why the palette cannot be used right now, or undefined when it can. The
 * palette needs a running lab, a link to the engine, and (in a scenario) a
 * scenario that is not over.
 */
export function paletteBlocked(
  run: Pick<RunState, 'phase' | 'scenario'>,
  connected: boolean,
): string | undefined {
  if (run.scenario?.grade !== undefined) return 'The scenario is over: see the debrief';
  if (run.phase === 'stopping' || run.phase === 'stopped') return 'The lab is stopped';
  if (run.phase === 'failed') return 'The run failed';
  if (!connected) return 'Not connected to the engine';
  if (run.phase === 'grading') return 'Grading…';
  if (run.phase !== 'running') return 'Available once the lab runs';
  return undefined;
}

/**
 * The trainee's hands, the right side of the workspace: the palette (pick a
 * node, then its moves; a scenario's global moves always in view) above the
 * node consoles, which fill the rest of the height. Picking a console's tab
 * picks that node in the palette too.
 */
export function HandsPane({
  run,
  nodes,
  system,
  rolesKey,
}: {
  run: RunState;
  nodes: NodeInfo[];
  /** The run's system; undefined while its lab is not known yet. */
  system: ScenarioSystem | undefined;
  /** Each node's role from the latest sample (see ActionPalette). */
  rolesKey: string;
}) {
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const connected = useAppState((s) => s.connection === 'open');
  const live = run.scenario;
  const scenarioId = live?.scenarioId;
  const detail = useAppState((s) => (scenarioId ? s.scenarioDetails[scenarioId] : undefined));
  const faults = live?.faults ?? NO_FAULTS;
  const open = useMemo(() => activeFaults(faults), [faults]);
  const triggers = useMemo(
    () =>
      detail
        ? detail.faults
            .filter((f) => 'trigger' in f.at && !open.some((w) => w.faultId === f.id))
            .map((f) => ({ id: f.id, kind: f.kind }))
        : NO_TRIGGERS,
    [detail, open],
  );
  const blocked = paletteBlocked(run, connected);
  const consolesEnabled = run.phase === 'running' || run.phase === 'grading';

  return (
    <div className="hands-pane" data-testid="hands-pane">
      <ActionPalette
        runId={run.runId}
        nodes={nodes}
        {...(picked !== undefined ? { picked } : {})}
        onPick={setPicked}
        rolesKey={rolesKey}
        scenario={live !== undefined}
        activeFaults={open}
        instructorFaults={triggers}
        enabled={blocked === undefined}
        {...(blocked !== undefined ? { disabledReason: blocked } : {})}
      />
      <NodeHands
        runId={run.runId}
        nodes={nodes}
        enabled={consolesEnabled}
        onSelect={setPicked}
        shellHint={system ? systemTraits(system).shellHint : 'real shell'}
      />
    </div>
  );
}

import { useDeferredValue, useEffect, useMemo } from 'react';
import type { ProbeSample, RunPhase } from '../../../shared/lab-types';
import { dataNodeNames, nodeNamesOfKind } from '../charts/chart-data';
import { formatClock } from '../format';
import { hrefFor } from '../route';
import { useAppState, useStore } from '../store/react';
import { runTimeBase } from '../store/time-base';
import { HandsPane } from './hands-pane';
import { LabTells } from './lab-tells';
import { RunHead } from './run-head';
import { RunLog } from './run-log';
import { RunStatusLine } from './run-status-line';
import { ScenarioRun } from './scenario-run';
import { labNodes, nodeKindsKey } from './scenario-nodes';
import { scenarioSystem } from './system-tells';

const NO_NODES: string[] = [];
const NO_SAMPLES: ProbeSample[] = [];

/** Phases after which the lab's containers are gone (or going). */
const ENDED: ReadonlySet<RunPhase> = new Set(['stopping', 'stopped', 'failed']);

/**
 * Each node's role in a sample, as `node=role,...`: changes only when a
 * role does, so the palette's role marks do not re-render it per sample.
 */
function rolesKey(sample: ProbeSample | undefined): string {
  return (sample?.nodes ?? []).map((n) => `${n.node}=${n.role}`).join(',');
}

/**
 * One run, as a trainee's workspace: a top bar (run, phase, clock, Stop
 * lab); on the left the tells (how the lab came up, then the headline tell,
 * the topology, charts, tables and events), scrolling; on the right the
 * palette and the node consoles, always in view. A scenario run and a plain
 * lab share the layout; a plain lab has the node moves only.
 */
/**
 * `readOnly`: a facilitator watching a trainee's run (a game day's board):
 * the same live tells, moves and run log (console lines included), without
 * the palette, the consoles or the stop button.
 */
export function RunView({ runId, readOnly = false }: { runId: string; readOnly?: boolean }) {
  const store = useStore();
  const run = useAppState((s) => s.runs[runId]);
  const missing = useAppState((s) => s.missingRuns[runId] === true);
  const lab = useAppState((s) => (run ? s.labs?.find((l) => l.id === run.labId) : undefined));
  const stopError = useAppState((s) => s.stopErrors[runId]);
  const scenarioId = run?.scenario?.scenarioId;
  const scenarioDetail = useAppState((s) => (scenarioId ? s.scenarioDetails[scenarioId] : null));
  const scenarioTitle = useAppState((s) =>
    scenarioId
      ? (s.scenarioDetails[scenarioId]?.title ??
        s.scenarios?.find((sc) => sc.id === scenarioId)?.title)
      : undefined,
  );
  const hasSnapshot = run?.hasSnapshot ?? false;

  useEffect(() => {
    if (!hasSnapshot) void store.refreshRun(runId);
  }, [store, runId, hasSnapshot]);

  const labOrder = lab?.nodes ?? NO_NODES;
  // Charts render from a deferred copy: React renders them in the background and
  // drops stale renders, so cards and the readout stay immediate under load.
  const chartSamples = useDeferredValue(run?.samples ?? NO_SAMPLES);
  const dataNodes = useMemo(() => dataNodeNames(chartSamples, labOrder), [chartSamples, labOrder]);
  const routers = useMemo(
    () => nodeNamesOfKind(chartSamples, 'router', labOrder),
    [chartSamples, labOrder],
  );
  const latest = run?.samples[run.samples.length - 1];
  const kindsKey = nodeKindsKey(latest);
  const nodes = useMemo(() => labNodes(labOrder, kindsKey), [labOrder, kindsKey]);

  if (!run) {
    return (
      <div className="run-view-missing" data-testid={missing ? 'run-missing' : 'run-loading'}>
        <a className="link" href={hrefFor({ name: 'home' })}>
          ‹ Labs
        </a>
        <p className={missing ? 'error-box' : 'muted'}>
          {missing ? (
            <>
              This engine has no run <span className="mono">{runId}</span>.
            </>
          ) : (
            'Loading run…'
          )}
        </p>
      </div>
    );
  }

  const t0 = runTimeBase(run);
  const isScenario = run.scenario !== undefined;
  const ended = ENDED.has(run.phase) && run.samples.length > 0;
  const showCharts = run.samples.length > 0 || run.phase === 'running';
  const system = scenarioSystem(scenarioDetail?.system, run.labId, kindsKey);
  const title = isScenario
    ? (scenarioTitle ?? (scenarioId || 'Scenario'))
    : (lab?.title ?? (run.labId || 'Run'));

  return (
    <div
      className="run-view workspace-view"
      data-testid="run-view"
      data-phase={run.phase}
      data-run-id={runId}
      data-scenario={isScenario ? 'true' : 'false'}
      data-t0={t0}
      data-read-only={readOnly ? 'true' : 'false'}
    >
      <RunHead run={run} title={title} readOnly={readOnly} />
      {run.phase === 'failed' && (
        <div className="error-box" data-testid="run-error" role="alert">
          <strong>The run failed.</strong> {run.error ?? 'No error text was given.'}
        </div>
      )}
      {missing && (
        <div className="error-box" data-testid="run-unknown-to-engine" role="alert">
          The engine no longer knows this run (was it restarted?). What is shown is the last state
          this window saw.
        </div>
      )}
      {stopError && (
        <div className="error-box" data-testid="stop-error" role="alert">
          Stopping failed: {stopError}
        </div>
      )}

      <div className="workspace" data-testid="workspace">
        <div className="workspace-main" data-testid="workspace-main">
          {ended && run.phase !== 'failed' && (
            <LabStopped phase={run.phase} stoppedAt={run.stoppedAt} />
          )}
          <RunStatusLine run={run} />
          {isScenario ? (
            <ScenarioRun
              showTells={showCharts || run.phase === 'grading' || run.scenario?.grade !== undefined}
              run={run}
              labOrder={labOrder}
              chartSamples={chartSamples}
              dataNodes={dataNodes}
              t0={t0}
              ended={ended}
            />
          ) : (
            showCharts &&
            system && (
              <LabTells
                system={system}
                latest={latest}
                chartSamples={chartSamples}
                t0={t0}
                labOrder={labOrder}
                dataNodes={dataNodes}
                routers={routers}
                moves={run.labMoves}
                ended={ended}
              />
            )
          )}
          <RunLog log={run.log} />
        </div>
        <aside className="workspace-side" data-testid="workspace-side">
          {readOnly ? (
            <section className="panel" data-testid="watching">
              <h3>Watching</h3>
              <p className="muted">
                Read-only: the moves and consoles are the trainee’s. Their moves, notes and console
                lines show in the timeline and the run log as they happen.
              </p>
            </section>
          ) : (
            <HandsPane
              run={run}
              nodes={nodes}
              system={system}
              rolesKey={ended ? '' : rolesKey(latest)}
            />
          )}
        </aside>
      </div>
    </div>
  );
}

/** The banner of a stopped lab: what is shown is the last reading, not the present. */
function LabStopped({ phase, stoppedAt }: { phase: RunPhase; stoppedAt: number | undefined }) {
  return (
    <p className="lab-stopped" data-testid="lab-stopped" data-phase={phase} role="status">
      {phase === 'stopping' ? (
        <strong>Stopping the lab…</strong>
      ) : (
        <>
          <strong>Lab stopped</strong>
          {stoppedAt !== undefined ? ` at ${formatClock(stoppedAt)}` : ''}: its containers are
          removed.
        </>
      )}{' '}
      The nodes and the headline show the last reading, greyed.
    </p>
  );
}

import { useDeferredValue, useEffect, useMemo } from 'react';
import type { ProbeSample } from '../../../shared/lab-types';
import { dataNodeNames } from '../charts/chart-data';
import { VipCountsChart } from '../charts/vip-counts-chart';
import { VrrpStatesChart } from '../charts/keepalived-lane-charts';
import { nodeNamesOfKind } from '../charts/chart-data';
import { OffsetsChart } from '../charts/offsets-chart';
import { RolesChart } from '../charts/roles-chart';
import { formatClock, formatDuration } from '../format';
import { hrefFor } from '../route';
import { isTerminal } from '../store/run-state';
import { useAppState, useStore } from '../store/react';
import { BuildProgressList } from './build-progress-list';
import { Headline } from './headline';
import { PhaseStepper } from './phase-stepper';
import { ReadinessChecklist } from './readiness-checklist';
import { RunLog } from './run-log';
import { ScenarioRun } from './scenario-run';
import { nodeKindsKey } from './scenario-nodes';
import { scenarioSystem } from './system-tells';
import { Topology } from './topology';

const NO_NODES: string[] = [];
const NO_SAMPLES: ProbeSample[] = [];

export function RunView({ runId }: { runId: string }) {
  const store = useStore();
  const run = useAppState((s) => s.runs[runId]);
  const missing = useAppState((s) => s.missingRuns[runId] === true);
  const lab = useAppState((s) => (run ? s.labs?.find((l) => l.id === run.labId) : undefined));
  const stopping = useAppState((s) => s.stopping[runId] === true);
  const stopError = useAppState((s) => s.stopErrors[runId]);
  const scenarioTitle = useAppState((s) => {
    const id = run?.scenario?.scenarioId;
    if (!id) return undefined;
    return s.scenarioDetails[id]?.title ?? s.scenarios?.find((sc) => sc.id === id)?.title;
  });
  const hasSnapshot = run?.hasSnapshot ?? false;

  useEffect(() => {
    if (!hasSnapshot) void store.refreshRun(runId);
  }, [store, runId, hasSnapshot]);

  const labNodes = lab?.nodes ?? NO_NODES;
  // Charts render from a deferred copy: React renders them in the background and
  // drops stale renders, so cards and the readout stay immediate under load.
  const chartSamples = useDeferredValue(run?.samples ?? NO_SAMPLES);
  const dataNodes = useMemo(() => dataNodeNames(chartSamples, labNodes), [chartSamples, labNodes]);
  const routers = useMemo(
    () => nodeNamesOfKind(chartSamples, 'router', labNodes),
    [chartSamples, labNodes],
  );

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

  const latest = run.samples[run.samples.length - 1];
  const t0 = run.startedAt || chartSamples[0]?.t || 0;
  const waiting = run.phase === 'starting' || run.phase === 'waiting-ready';
  const showReadiness = waiting || (run.readiness !== undefined && !isTerminal(run.phase));
  const stopDisabled = stopping || run.phase === 'stopping' || run.phase === 'stopped';
  const showCharts = run.samples.length > 0 || run.phase === 'running';
  const isScenario = run.scenario !== undefined;
  const system = scenarioSystem(undefined, run.labId, nodeKindsKey(latest));

  return (
    <div
      className="run-view"
      data-testid="run-view"
      data-phase={run.phase}
      data-run-id={runId}
      data-scenario={isScenario ? 'true' : 'false'}
    >
      <div className="run-head">
        <a className="link" href={hrefFor({ name: 'home' })}>
          ‹ {isScenario ? 'Home' : 'Labs'}
        </a>
        <h2>
          {isScenario
            ? (scenarioTitle ?? (run.scenario?.scenarioId || 'Scenario'))
            : (lab?.title ?? (run.labId || 'Run'))}
        </h2>
        <span className="mono muted">{runId}</span>
        <span className="muted small">started {formatClock(run.startedAt)}</span>
        {run.readyAfterMs !== undefined && (
          <span className="ready-time" data-testid="time-to-ready" data-ms={run.readyAfterMs}>
            ready in {formatDuration(run.readyAfterMs)}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-danger"
          data-testid="stop-lab"
          disabled={stopDisabled}
          onClick={() => void store.stopLab(runId)}
        >
          {stopping || run.phase === 'stopping'
            ? 'Stopping…'
            : run.phase === 'stopped'
              ? 'Stopped'
              : 'Stop lab'}
        </button>
      </div>
      <PhaseStepper
        phase={run.phase}
        failedFrom={run.failedFrom}
        detail={run.phaseDetail}
        scenario={isScenario}
      />
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

      <div className="run-columns">
        {run.build.length > 0 && <BuildProgressList build={run.build} />}
        {showReadiness && <ReadinessChecklist readiness={run.readiness} waiting={waiting} />}
      </div>

      {isScenario && (
        <ScenarioRun
          showTells={showCharts || run.phase === 'grading' || run.scenario?.grade !== undefined}
          run={run}
          labOrder={labNodes}
          chartSamples={chartSamples}
          dataNodes={dataNodes}
          t0={t0}
        />
      )}
      {!isScenario && showCharts && (
        <>
          <Headline system={system} sample={latest} samples={chartSamples} t0={t0} />
          <h3 className="section-title">Topology</h3>
          <Topology sample={latest} order={labNodes} />
          {system === 'keepalived' ? (
            <div className="chart-row">
              <VrrpStatesChart samples={chartSamples} t0={t0} routers={routers} />
              <VipCountsChart samples={chartSamples} t0={t0} />
            </div>
          ) : (
            <div className="chart-row">
              <RolesChart samples={chartSamples} t0={t0} nodes={dataNodes} />
              {/* Redis offsets; PostgreSQL WAL positions in the Patroni lab. */}
              <OffsetsChart
                samples={chartSamples}
                t0={t0}
                nodes={dataNodes}
                {...(system === 'patroni' ? { field: 'lsn' as const } : {})}
              />
            </div>
          )}
        </>
      )}
      <RunLog log={run.log} />
    </div>
  );
}

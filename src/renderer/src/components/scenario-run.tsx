import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { ProbeSample, RunPhase } from '../../../shared/lab-types';
import type { Scenario, ScenarioSystem, TellId } from '../../../shared/scenario-schema';
import { SYSTEM_TRAITS } from '../../../shared/system-traits';
import { secondsSince, xDomain } from '../charts/chart-data';
import { faultBands } from '../charts/fault-band-data';
import { writeNodeNames } from '../charts/write-data';
import { hrefFor, navigate } from '../route';
import { useAppState, useStore } from '../store/react';
import type { RunState } from '../store/run-state';
import { activeFaults, type LiveFaultWindow } from '../store/scenario-state';
import { ActionTimeline } from './action-timeline';
import { Headline } from './headline';
import { NotesBox } from './notes-box';
import { HintsPanel } from './hints-panel';
import { nodeKindsKey } from './scenario-nodes';
import { LedgerCounters } from './scenario-tells';
import { ClockOffsetChart } from '../charts/clock-offset-chart';
import { ProbeRttChart } from '../charts/probe-rtt-chart';
import { scenarioSystem, type TellsProps } from './system-tells';
import { SYSTEM_VIEWS } from './system-views';
import { Topology } from './topology';

/**
 * The tells side of a scenario run's workspace: the briefing, the tell
 * strip, the headline tell, hints, the ledger and the trainee's moves, the
 * topology and the system's tells, with fault windows shaded on every chart.
 * Every time counts from `t0`, the scenario's start. Opens the debrief by
 * itself when the grade arrives while it is shown.
 */
export function ScenarioRun({
  run,
  labOrder,
  chartSamples,
  dataNodes,
  t0,
  showTells,
  ended,
}: {
  /** False before the lab runs: only the briefing is shown. */
  showTells: boolean;
  run: RunState;
  labOrder: string[];
  /** Deferred copy of the run's samples (charts render in the background). */
  chartSamples: ProbeSample[];
  dataNodes: string[];
  /** The scenario's start (see runTimeBase). */
  t0: number;
  /** The lab is stopped (or stopping): cards and headline show the last reading, greyed. */
  ended: boolean;
}) {
  const store = useStore();
  const live = run.scenario!;
  const scenarioId = live.scenarioId;
  const detail = useAppState((s) => (scenarioId ? s.scenarioDetails[scenarioId] : undefined));

  useEffect(() => {
    if (scenarioId) void store.loadScenario(scenarioId);
  }, [store, scenarioId]);

  // The grade arriving while this view is open leads to the debrief (once).
  const graded = live.grade !== undefined;
  const gradedAtMount = useRef(graded);
  useEffect(() => {
    if (graded && !gradedAtMount.current) {
      gradedAtMount.current = true;
      navigate({ name: 'debrief', runId: run.runId });
    }
  }, [graded, run.runId]);

  const latest = run.samples[run.samples.length - 1];
  const bands = useMemo(() => faultBands(live.faults, t0), [live.faults, t0]);
  const deferredBands = useDeferredValue(bands);
  const writes = useDeferredValue(live.writes);
  const domain = useMemo(() => xDomain(chartSamples, t0), [chartSamples, t0]);
  const writeNodes = useMemo(() => writeNodeNames(writes, dataNodes), [writes, dataNodes]);
  const kindsKey = nodeKindsKey(latest);
  const system = scenarioSystem(detail?.system, run.labId, kindsKey);
  const open = useMemo(() => activeFaults(live.faults), [live.faults]);
  const firstSplitX =
    run.firstSplitAt !== undefined ? secondsSince(run.firstSplitAt, t0) : undefined;
  // The scenario says which tells to chart (until it is loaded, those of its
  // system); the headline tell and the topology always show.
  const declared = useMemo(
    () => new Set<TellId>(detail ? detail.tells : system ? SYSTEM_TRAITS[system].defaultTells : []),
    [detail, system],
  );
  const shows = (tell: TellId): boolean => declared.has(tell);
  const tells: TellsProps = {
    shows,
    live,
    latest,
    chartSamples,
    t0,
    labOrder,
    dataNodes,
    faults: deferredBands,
    writes,
    writeNodes,
    domain,
    ...(run.tracked ? { tracked: run.tracked } : {}),
  };

  return (
    <div
      className="scenario-run"
      data-testid="scenario-run"
      data-scenario-id={scenarioId}
      data-system={system}
    >
      <Briefing run={run} scenario={detail ?? undefined} />
      {showTells && system && (
        <>
          <TellStrip
            ended={ended}
            run={run}
            system={system}
            latest={latest}
            open={open}
            tellX={live.tell ? secondsSince(live.tell.at, t0) : undefined}
            tellDetail={live.tell?.detail}
          />
          <Headline
            system={system}
            sample={latest}
            samples={chartSamples}
            t0={t0}
            faults={deferredBands}
            ended={ended}
            {...(firstSplitX !== undefined ? { firstSplitX } : {})}
          />
          <HintsPanel
            runId={run.runId}
            hints={live.hints}
            total={detail?.hints.length}
            t0={t0}
            running={run.phase === 'running' && !graded}
          />
          <div className="moves-row">
            {shows('ledger') && (
              <LedgerCounters
                counts={live.ledger}
                final={live.ledgerFinal}
                requests={SYSTEM_TRAITS[system].ledger === 'answers'}
              />
            )}
            <ActionTimeline entries={live.actions} t0={t0} />
          </div>
          <NotesBox runId={run.runId} running={run.phase === 'running' && !graded} />
          <h3 className="section-title">Topology</h3>
          <Topology sample={latest} order={labOrder} ended={ended} />
          <SystemTells system={system} tells={tells} />
        </>
      )}
    </div>
  );
}

/** The chips above the headline: the coordinator's tell, the first split, open faults. */
function TellStrip({
  ended,
  run,
  system,
  latest,
  open,
  tellX,
  tellDetail,
}: {
  /** The lab is stopped: the chips are history, greyed. */
  ended: boolean;
  run: RunState;
  system: ScenarioSystem;
  latest: ProbeSample | undefined;
  open: LiveFaultWindow[];
  /** The first tell of the split (the run's `tell-shown`), seconds since the start: the moment grading and the debrief count from. */
  tellX: number | undefined;
  /** What that tell showed, one sentence. */
  tellDetail: string | undefined;
}) {
  const leader = SYSTEM_TRAITS[system].leaderWord;
  const { StatusChip } = SYSTEM_VIEWS[system];
  return (
    <div className={`tell-strip${ended ? ' tell-strip-ended' : ''}`}>
      <StatusChip run={run} latest={latest} />
      <span
        className={`tell-chip${tellX !== undefined ? ' tell-bad' : ''}`}
        data-testid="first-split"
        data-seconds={tellX ?? ''}
        title="The first tell of the split, in seconds since the scenario started: the moment the time-based checks and the debrief count from"
      >
        {tellX !== undefined
          ? `Split seen at +${tellX.toFixed(1)} s: ${tellDetail ?? ''}`
          : `No tell of a split so far (one ${leader} at a time)`}
      </span>
      <span
        className="tell-chip"
        data-testid="active-faults"
        data-count={open.length}
        title={describeOpen(open)}
      >
        {open.length === 0
          ? 'No fault window open'
          : `${open.length} fault window${open.length === 1 ? '' : 's'} open`}
      </span>
      {run.scenario?.grade !== undefined && (
        <a
          className="btn btn-primary btn-small"
          href={hrefFor({ name: 'debrief', runId: run.runId })}
          data-testid="open-debrief"
        >
          Open the debrief ›
        </a>
      )}
    </div>
  );
}

/** The tells section of the run's system (SYSTEM_VIEWS), then the tells every system has. */
function SystemTells({ system, tells }: { system: ScenarioSystem; tells: TellsProps }) {
  const { Tells } = SYSTEM_VIEWS[system];
  return (
    <>
      <Tells {...tells} />
      {tells.shows('probe-rtt') && (
        <div className="chart-row">
          <ProbeRttChart
            samples={tells.chartSamples}
            t0={tells.t0}
            nodes={tells.dataNodes}
            faults={tells.faults}
          />
        </div>
      )}
      {tells.shows('clock-offset') && (
        <div className="chart-row">
          <ClockOffsetChart
            samples={tells.chartSamples}
            t0={tells.t0}
            nodes={tells.labOrder}
            faults={tells.faults}
          />
        </div>
      )}
    </>
  );
}

/** The open fault windows and what each does, for the chip's tooltip. */
function describeOpen(open: LiveFaultWindow[]): string | undefined {
  if (open.length === 0) return undefined;
  return open.map((f) => (f.summary ? `${f.faultId}: ${f.summary}` : f.faultId)).join('\n');
}

/** Phases before the lab runs (the briefing is read in full then). */
const BRINGING_UP: ReadonlySet<RunPhase> = new Set([
  'preparing',
  'building',
  'starting',
  'waiting-ready',
]);

/**
 * The situation (not the answer) and the pattern. In full until the lab
 * runs; then one line that opens on demand.
 */
function Briefing({ run, scenario }: { run: RunState; scenario: Scenario | undefined }) {
  const live = run.scenario!;
  const [toggled, setToggled] = useState<boolean | undefined>(undefined);
  const expanded = toggled ?? BRINGING_UP.has(run.phase);
  const settings = live.settings && Object.keys(live.settings).length > 0 ? live.settings : null;
  return (
    <section
      className={`panel briefing${expanded ? '' : ' briefing-collapsed'}`}
      data-testid="scenario-briefing"
      data-expanded={expanded ? 'true' : 'false'}
    >
      <div className="panel-title">
        <h3>Briefing</h3>
        {scenario && (
          <span className="small">
            <span className="mono pattern">{scenario.pattern.id}</span> {scenario.pattern.name} ·{' '}
            <span className={`badge difficulty difficulty-${scenario.difficulty}`}>
              {scenario.difficulty}
            </span>{' '}
            · {scenario.minutes} min
          </span>
        )}
        {!expanded && (
          <span className="briefing-line muted small">
            {scenario ? scenario.briefing : 'Loading the briefing…'}
          </span>
        )}
        <span className="spacer" />
        {settings && (
          <span
            className="muted small mono briefing-settings"
            data-testid="scenario-settings"
            title="Lab settings in force"
          >
            {Object.entries(settings)
              .map(([k, v]) => `${k}=${v}`)
              .join(' · ')}
          </span>
        )}
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={expanded}
          data-testid="toggle-briefing"
          onClick={() => setToggled(!expanded)}
        >
          {expanded ? 'Hide' : 'Read'}
        </button>
      </div>
      {expanded && (
        <p className="briefing-text">{scenario ? scenario.briefing : 'Loading the briefing…'}</p>
      )}
    </section>
  );
}

import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { ProbeSample } from '../../../shared/lab-types';
import type { Scenario, ScenarioSystem, TellId } from '../../../shared/scenario-schema';
import { faultBands, maxEpoch, secondsSince, writeNodeNames, xDomain } from '../charts/chart-data';
import { formatMinSec, parseDuration } from '../format';
import { hrefFor, navigate } from '../route';
import { useAppState, useStore } from '../store/react';
import type { RunState } from '../store/run-state';
import { activeFaults, type LiveFaultWindow } from '../store/scenario-state';
import { ActionPalette, ActionTimeline } from './action-palette';
import { Headline } from './headline';
import { KeepalivedTells } from './keepalived-tells';
import { LeaderKeyChip } from './leader-key-panel';
import { NodeHands } from './node-hands';
import { PatroniTells } from './patroni-tells';
import { RedisTells } from './redis-tells';
import { labNodes, nodeKindsKey } from './scenario-nodes';
import { Hints, LedgerCounters } from './scenario-tells';
import { DEFAULT_TELLS, scenarioSystem, type TellsProps } from './system-tells';
import { Topology } from './topology';
import { NeighbourChip } from './vip-neighbour-panel';

const NO_FAULTS: { id: string; kind: string }[] = [];

/**
 * The scenario part of the run view: briefing, live tells with fault windows
 * shaded on every chart, the action palette and timeline, consoles and logs.
 * Opens the debrief by itself when the grade arrives while it is shown.
 */
export function ScenarioRun({
  run,
  labOrder,
  chartSamples,
  dataNodes,
  t0,
  showTells,
}: {
  /** False before the lab runs: only the briefing is shown. */
  showTells: boolean;
  run: RunState;
  labOrder: string[];
  /** Deferred copy of the run's samples (charts render in the background). */
  chartSamples: ProbeSample[];
  dataNodes: string[];
  t0: number;
}) {
  const store = useStore();
  const live = run.scenario!;
  const scenarioId = live.scenarioId;
  const detail = useAppState((s) => (scenarioId ? s.scenarioDetails[scenarioId] : undefined));
  const connected = useAppState((s) => s.connection === 'open');

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
  const nodes = useMemo(() => labNodes(labOrder, kindsKey), [labOrder, kindsKey]);
  const system = scenarioSystem(detail?.system, run.labId, kindsKey);
  const patroni = system === 'patroni';
  const keepalived = system === 'keepalived';
  const leader = patroni ? 'primary' : keepalived ? 'MASTER' : 'master';
  const open = useMemo(() => activeFaults(live.faults), [live.faults]);
  const instructorFaults = useMemo(
    () =>
      detail
        ? detail.faults
            .filter((f) => 'trigger' in f.at && !open.some((w) => w.faultId === f.id))
            .map((f) => ({ id: f.id, kind: f.kind }))
        : NO_FAULTS,
    [detail, open],
  );
  const firstSplitX =
    run.firstSplitAt !== undefined ? secondsSince(run.firstSplitAt, t0) : undefined;
  const epoch = maxEpoch(latest);
  // The scenario says which tells to chart (until it is loaded, those of its
  // system); the headline tell and the topology always show.
  const declared = useMemo(
    () => new Set<TellId>(detail ? detail.tells : DEFAULT_TELLS[system]),
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
    ...(run.vipNeighbour ? { neighbourFlips: run.vipNeighbour } : {}),
  };

  const running = run.phase === 'running';
  const paletteEnabled = running && !graded && connected;
  const paletteReason = graded
    ? 'The scenario is over: see the debrief'
    : !connected
      ? 'Not connected to the engine'
      : run.phase === 'grading'
        ? 'Grading…'
        : !running
          ? 'Available once the lab runs'
          : undefined;
  const handsEnabled = run.phase === 'running' || run.phase === 'grading';

  return (
    <div
      className="scenario-run"
      data-testid="scenario-run"
      data-scenario-id={scenarioId}
      data-system={system}
    >
      <Briefing run={run} scenario={detail ?? undefined} />
      {showTells && (
        <>
          <div className="tell-strip">
            {patroni ? (
              <LeaderKeyChip sample={latest} />
            ) : keepalived ? (
              <NeighbourChip sample={latest} flips={run.vipNeighbour} />
            ) : (
              <span
                className="tell-chip"
                data-testid="sentinel-epoch"
                data-value={epoch ?? ''}
                title="Highest config epoch any sentinel reports: each failover bumps it"
              >
                Sentinel epoch <strong className="mono">{epoch ?? '–'}</strong>
              </span>
            )}
            <span
              className={`tell-chip${firstSplitX !== undefined ? ' tell-bad' : ''}`}
              data-testid="first-split"
              data-seconds={firstSplitX ?? ''}
            >
              {firstSplitX !== undefined
                ? `More than one ${leader} first at +${firstSplitX.toFixed(1)} s`
                : `Never more than one ${leader} so far`}
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
            {graded && (
              <a
                className="btn btn-primary btn-small"
                href={hrefFor({ name: 'debrief', runId: run.runId })}
                data-testid="open-debrief"
              >
                Open the debrief ›
              </a>
            )}
          </div>

          <div className="scenario-grid">
            <div className="scenario-main">
              <Headline
                system={system}
                sample={latest}
                samples={chartSamples}
                t0={t0}
                faults={deferredBands}
                {...(firstSplitX !== undefined ? { firstSplitX } : {})}
              />
              <h3 className="section-title">Topology</h3>
              <Topology sample={latest} order={labOrder} />
              <SystemTells system={system} tells={tells} />
            </div>
            <aside className="scenario-side">
              <Hints hints={live.hints} t0={t0} />
              {shows('ledger') && (
                <LedgerCounters
                  counts={live.ledger}
                  final={live.ledgerFinal}
                  requests={keepalived}
                />
              )}
              <ActionPalette
                runId={run.runId}
                system={system}
                nodes={nodes}
                activeFaults={open}
                instructorFaults={instructorFaults}
                enabled={paletteEnabled}
                disabledReason={paletteReason}
              />
              <ActionTimeline entries={live.actions} t0={t0} />
            </aside>
          </div>
          <NodeHands runId={run.runId} nodes={nodes} enabled={handsEnabled} />
        </>
      )}
    </div>
  );
}

/** The tells section of the run's system. */
function SystemTells({ system, tells }: { system: ScenarioSystem; tells: TellsProps }) {
  switch (system) {
    case 'patroni':
      return <PatroniTells {...tells} />;
    case 'keepalived':
      return <KeepalivedTells {...tells} />;
    default:
      return <RedisTells {...tells} />;
  }
}

/** The open fault windows and what each does, for the chip's tooltip. */
function describeOpen(open: LiveFaultWindow[]): string | undefined {
  if (open.length === 0) return undefined;
  return open.map((f) => (f.summary ? `${f.faultId}: ${f.summary}` : f.faultId)).join('\n');
}

/** The situation (not the answer), the pattern, and the time left. */
function Briefing({ run, scenario }: { run: RunState; scenario: Scenario | undefined }) {
  const live = run.scenario!;
  return (
    <section className="panel briefing" data-testid="scenario-briefing">
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
        <span className="spacer" />
        {live.settings && Object.keys(live.settings).length > 0 && (
          <span className="muted small mono" data-testid="scenario-settings">
            {Object.entries(live.settings)
              .map(([k, v]) => `${k}=${v}`)
              .join(' · ')}
          </span>
        )}
        <ScenarioClock run={run} timeLimit={scenario?.timeLimit} />
      </div>
      <p className="briefing-text">{scenario ? scenario.briefing : 'Loading the briefing…'}</p>
    </section>
  );
}

/** Time left before the scenario ends by itself (from lab ready + time limit). */
function ScenarioClock({ run, timeLimit }: { run: RunState; timeLimit: string | undefined }) {
  const limitMs = parseDuration(timeLimit);
  const readyAt =
    run.readyAfterMs !== undefined && run.startedAt ? run.startedAt + run.readyAfterMs : undefined;
  const ticking = run.phase === 'running' && !run.scenario?.grade;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  if (limitMs === undefined || readyAt === undefined || !ticking) return null;
  const left = readyAt + limitMs - now;
  return (
    <span
      className={`clock mono${left < 30_000 ? ' clock-low' : ''}`}
      data-testid="scenario-clock"
      title="The scenario ends by itself when this reaches 0"
    >
      ends in {formatMinSec(left)}
    </span>
  );
}

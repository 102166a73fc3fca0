import { useEffect, useState } from 'react';
import type { Debrief } from '../../../shared/debrief-types';
import { hintCounts, hintsText, PACE_LABEL } from '../../../shared/debrief-summary';
import { requiredFailedText } from '../../../shared/check-titles';
import { findSystemTraits } from '../../../shared/system-traits';
import { DebriefTimelineChart } from '../charts/debrief-timeline-chart';
import { formatDateTime, formatDuration } from '../format';
import { hrefFor } from '../route';
import { useAppState, useStore } from '../store/react';
import { isActive } from '../store/run-state';
import { DebriefChecks } from './debrief-checks';
import { ExportButtons, SavedKeys } from './debrief-exports';
import { LedgerSummary } from './debrief-ledger';
import { DebriefObservations } from './debrief-observations';
import { ReferenceSteps, TeachingCard, TimelineList } from './debrief-reference';
import { FinalHealthPanel } from './final-health-panel';
import { RequestLedgerSummary } from './request-ledger-summary';
import { SYSTEM_VIEWS } from './system-views';

/** How often, and how many times, to ask again while the engine is still grading. */
const RETRY_MS = 1500;
const RETRIES = 20;

/** The graded debrief of a scenario run or a stored attempt (`#/debrief/<runId>`). */
export function DebriefView({ runId }: { runId: string }) {
  const store = useStore();
  const debrief = useAppState((s) => s.debriefs[runId]);
  const error = useAppState((s) => s.debriefErrors[runId]);
  const run = useAppState((s) => s.runs[runId]);
  const stillGrading = run !== undefined && isActive(run.phase) && run.phase !== 'stopping';
  const [tries, setTries] = useState(0);

  useEffect(() => {
    void store.loadDebrief(runId);
  }, [store, runId]);

  // The grade event can overtake the stored debrief: ask again for a while.
  useEffect(() => {
    if (debrief !== null || !stillGrading || tries >= RETRIES) return;
    const timer = setTimeout(() => {
      setTries((n) => n + 1);
      void store.loadDebrief(runId);
    }, RETRY_MS);
    return () => clearTimeout(timer);
  }, [store, runId, debrief, stillGrading, tries]);

  const back = (
    <div className="run-head">
      <a className="link" href={hrefFor({ name: 'home' })}>
        ‹ Home
      </a>
      <a className="link" href={hrefFor({ name: 'history' })} data-testid="debrief-open-history">
        History
      </a>
      {run && (
        <a className="link" href={hrefFor({ name: 'run', runId })} data-testid="debrief-open-run">
          Run view ›
        </a>
      )}
    </div>
  );

  if (!debrief) {
    const waiting = debrief === undefined || (stillGrading && tries < RETRIES);
    return (
      <div
        className="debrief-missing"
        data-testid={waiting && !error ? 'debrief-loading' : 'debrief-missing'}
      >
        {back}
        {error ? (
          <p className="error-box">Could not load the debrief: {error}</p>
        ) : waiting ? (
          <p className="muted">{stillGrading ? 'Grading the run…' : 'Loading the debrief…'}</p>
        ) : (
          <p className="error-box">
            There is no debrief for <span className="mono">{runId}</span> (was the scenario ended
            and graded?).
          </p>
        )}
      </div>
    );
  }
  return (
    <div>
      {back}
      <DebriefBody debrief={debrief} />
    </div>
  );
}

/**
 * A debrief, whole: the score and how the run was played, exports, checks
 * with their bands, observations, timeline, ledger and final health, the
 * system's explain mode (when its debrief has steps),
 * saved keys, the reference and the pattern's teaching card.
 */
export function DebriefBody({ debrief: d }: { debrief: Debrief }) {
  const { grade, scenario } = d;
  const { Explain } = SYSTEM_VIEWS[scenario.system];
  const durationMs = Math.max(0, d.endedAt - d.startedAt);
  return (
    <article
      className="debrief"
      data-testid="debrief"
      data-system={scenario.system}
      data-run-id={d.runId}
      data-score={grade.score}
      data-passed={grade.passed ? 'true' : 'false'}
    >
      <header className={`panel debrief-head ${grade.passed ? 'passed' : 'failed'}`}>
        <div className="debrief-title">
          <h2>{scenario.title}</h2>
          <div className="scenario-meta">
            <span className="mono pattern">{scenario.pattern.id}</span>
            <span>{scenario.pattern.name}</span>
            <span className="muted">· {scenario.pattern.family}</span>
          </div>
          <div className="muted small">
            {formatDateTime(d.startedAt)} · {formatDuration(durationMs)} · seed{' '}
            <span className="mono">{d.seed}</span>
            {d.responseName && (
              <>
                {' '}
                · response <span className="mono">{d.responseName}</span>
              </>
            )}
            {Object.keys(d.settings).length > 0 && (
              <>
                {' '}
                ·{' '}
                <span className="mono">
                  {Object.entries(d.settings)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(' ')}
                </span>
              </>
            )}
          </div>
          <PlayedBy debrief={d} />
        </div>
        <div
          className="score"
          data-testid="debrief-score"
          data-score={grade.score}
          data-passed={grade.passed ? 'true' : 'false'}
        >
          <div className="score-value mono">{Math.round(grade.score)}</div>
          <div className="score-caption">
            {grade.passed ? 'PASSED' : 'NOT PASSED'} · pass mark {grade.passMark}
          </div>
        </div>
      </header>
      {requiredFailedText(grade, scenario.system) && (
        <p className="action-result bad" data-testid="debrief-required-failed">
          {requiredFailedText(grade, scenario.system)}
        </p>
      )}

      <ExportButtons runId={d.runId} />

      <DebriefChecks grade={grade} system={scenario.system} />

      <DebriefObservations observations={d.observations ?? []} />

      <DebriefTimelineChart
        timeline={d.timeline}
        faultWindows={d.faultWindows}
        durationMs={durationMs}
        faults={scenario.faults}
        system={scenario.system}
      />

      <div className="chart-row">
        {findSystemTraits(scenario.system)?.ledger === 'answers' ? (
          <RequestLedgerSummary ledger={d.ledger} />
        ) : (
          <LedgerSummary debrief={d} />
        )}
        {d.finalHealth && <FinalHealthPanel health={d.finalHealth} system={scenario.system} />}
      </div>
      {Explain && d.explain && d.explain.length > 0 && (
        <section className="panel explain-mode" data-testid="explain-mode">
          <Explain steps={d.explain} />
        </section>
      )}
      <SavedKeys debrief={d} />

      <ReferenceSteps debrief={d} />
      <TeachingCard debrief={d} />
      <TimelineList debrief={d} />
    </article>
  );
}

/** Who played, at what pace, and the hints shown (of the scenario's, and how many were asked for). */
function PlayedBy({ debrief: d }: { debrief: Debrief }) {
  const hints = hintCounts(d);
  return (
    <div className="debrief-played small" data-testid="debrief-played">
      <span data-testid="debrief-player" data-player={d.player ?? ''}>
        {d.player ? (
          <>
            Played by <strong>{d.player}</strong>
          </>
        ) : (
          <span className="muted">No name given</span>
        )}
      </span>
      <span className={`chip pace-${d.pace}`} data-testid="debrief-pace" data-pace={d.pace}>
        {PACE_LABEL[d.pace]}
      </span>
      <span
        data-testid="debrief-hints"
        data-shown={hints.shown}
        data-total={hints.total}
        data-requested={hints.requested}
      >
        Hints: {hintsText(d)}
      </span>
    </div>
  );
}

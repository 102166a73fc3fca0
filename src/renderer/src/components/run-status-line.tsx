import { useState } from 'react';
import type { RunPhase } from '../../../shared/lab-types';
import { formatClock, formatDuration } from '../format';
import type { RunState } from '../store/run-state';
import { BuildProgressList } from './build-progress-list';
import { PhaseStepper } from './phase-stepper';
import { ReadinessChecklist } from './readiness-checklist';

/** Phases in which the lab was brought up and is (or was) ready. */
const UP: ReadonlySet<RunPhase> = new Set(['running', 'grading', 'stopping', 'stopped']);

/**
 * How the lab came up: the phase stepper, image builds and the readiness
 * checklist. While the lab comes up (or after a failure) they show in full;
 * once it is ready they collapse to one line (with the time to ready) that
 * expands on demand.
 */
export function RunStatusLine({ run }: { run: RunState }) {
  const [expanded, setExpanded] = useState(false);
  const waiting = run.phase === 'starting' || run.phase === 'waiting-ready';
  const up = UP.has(run.phase);
  const readiness = run.readiness;
  const showReadiness = waiting || (readiness !== undefined && run.phase !== 'stopped');

  const stepper = (
    <PhaseStepper
      phase={run.phase}
      failedFrom={run.failedFrom}
      // A failure's detail is the run's error, shown in full above.
      {...(run.phase !== 'failed' && run.phaseDetail ? { detail: run.phaseDetail } : {})}
      scenario={run.scenario !== undefined}
    />
  );
  if (!up) {
    return (
      <section className="run-status" data-testid="run-status">
        {stepper}
        {(run.build.length > 0 || showReadiness) && (
          <div className="run-columns">
            {run.build.length > 0 && <BuildProgressList build={run.build} />}
            {showReadiness && <ReadinessChecklist readiness={readiness} waiting={waiting} />}
          </div>
        )}
      </section>
    );
  }

  const built = run.build.filter((b) => b.fraction >= 1).length;
  const cached = run.build.filter((b) => b.cached).length;
  const held = readiness?.conditions.filter((c) => c.ok).length ?? 0;
  const conditions = readiness?.conditions.length ?? 0;
  return (
    <section
      className={`run-status-line${expanded ? ' expanded' : ''}`}
      data-testid="run-status-line"
      data-expanded={expanded ? 'true' : 'false'}
    >
      <button
        type="button"
        className="status-toggle"
        aria-expanded={expanded}
        data-testid="toggle-run-status"
        onClick={() => setExpanded((e) => !e)}
      >
        <span className="status-caret" aria-hidden="true">
          {expanded ? '▾' : '▸'}
        </span>
        {run.build.length > 0 && (
          <span className="status-item">
            <span className="check-ok" aria-hidden="true">
              ✓
            </span>{' '}
            images {built}/{run.build.length} ready{cached > 0 ? ` (${cached} cached)` : ''}
          </span>
        )}
        {conditions > 0 && (
          <span className="status-item" data-testid="readiness-summary">
            <span className="check-ok" aria-hidden="true">
              ✓
            </span>{' '}
            readiness {held}/{conditions} conditions held
          </span>
        )}
        {run.readyAfterMs !== undefined && (
          <span
            className="status-item ready-time"
            data-testid="time-to-ready"
            data-ms={run.readyAfterMs}
          >
            ready in {formatDuration(run.readyAfterMs)}
          </span>
        )}
        <span className="status-item muted">started {formatClock(run.startedAt)}</span>
        <span className="muted small">{expanded ? 'hide' : 'details'}</span>
      </button>
      {expanded && stepper}
      {expanded && (
        <div className="run-columns">
          {run.build.length > 0 && <BuildProgressList build={run.build} />}
          {readiness && <ReadinessChecklist readiness={readiness} waiting={false} />}
        </div>
      )}
    </section>
  );
}

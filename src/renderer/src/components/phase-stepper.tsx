import type { RunPhase } from '../../../shared/lab-types';
import { PHASES_IN_ORDER } from '../store/run-state';

const LABELS: Record<RunPhase, string> = {
  preparing: 'Preparing',
  building: 'Building',
  starting: 'Starting',
  'waiting-ready': 'Waiting ready',
  running: 'Running',
  grading: 'Grading',
  stopping: 'Stopping',
  stopped: 'Stopped',
  failed: 'Failed',
};

export function PhaseBadge({ phase }: { phase: RunPhase }) {
  return <span className={`phase-badge phase-${phase}`}>{LABELS[phase]}</span>;
}

const LAB_PHASES = PHASES_IN_ORDER.filter((p) => p !== 'grading');

/**
 * preparing → building → starting → waiting-ready → running → (grading, for a
 * scenario) → stopping → stopped. A failed run shows the steps it got through,
 * then a red "Failed" step.
 */
export function PhaseStepper({
  phase,
  failedFrom,
  detail,
  scenario = false,
}: {
  phase: RunPhase;
  failedFrom?: RunPhase;
  detail?: string;
  /** A scenario run: shows the grading step. */
  scenario?: boolean;
}) {
  const phases = scenario || phase === 'grading' ? PHASES_IN_ORDER : LAB_PHASES;
  const failed = phase === 'failed';
  const reached = failed ? (failedFrom ? phases.indexOf(failedFrom) : -1) : phases.indexOf(phase);
  const steps: { key: string; label: string; status: 'done' | 'current' | 'todo' | 'failed' }[] =
    [];
  phases.forEach((p, i) => {
    if (failed && i > reached) return;
    const status = failed
      ? 'done'
      : i < reached
        ? 'done'
        : i === reached
          ? p === 'stopped'
            ? 'done'
            : 'current'
          : 'todo';
    steps.push({ key: p, label: LABELS[p], status });
  });
  if (failed) steps.push({ key: 'failed', label: LABELS.failed, status: 'failed' });
  return (
    <div className="stepper-wrap">
      <ol className="stepper" data-testid="phase-stepper" aria-label="run phase">
        {steps.map((s) => (
          <li
            key={s.key}
            className={`step step-${s.status}`}
            data-step={s.key}
            aria-current={s.status === 'current' ? 'step' : undefined}
          >
            <span className="step-dot" aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ol>
      {detail && <div className="phase-detail muted">{detail}</div>}
    </div>
  );
}

import {
  bandLimitsText,
  bandMeasureText,
  bandName,
  checkBand,
  checkPointsText,
  creditText,
  formatPoints,
  pointsEarned,
  type BandReading,
} from '../../../shared/check-points';
import { checkTitle } from '../../../shared/check-titles';
import type { CheckResult, GradeResult } from '../../../shared/scenario-types';

/** The graded checks: verdict, title, points earned of the weight, why, and where a banded check fell. */
export function DebriefChecks({ grade, system }: { grade: GradeResult; system: string }) {
  return (
    <section className="panel debrief-checks" data-testid="debrief-checks">
      <div className="panel-title">
        <h3>Checks</h3>
        <span className="muted small">each verdict with why</span>
      </div>
      <table className="table checks">
        <thead>
          <tr>
            <th>Verdict</th>
            <th>Check</th>
            <th>Points</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {grade.checks.map((c) => (
            <CheckRow key={c.check} check={c} system={system} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CheckRow({ check: c, system }: { check: CheckResult; system: string }) {
  const band = checkBand(c);
  return (
    <tr
      data-testid={`check-${c.check}`}
      data-verdict={c.verdict}
      data-credit={c.credit}
      data-points={pointsEarned(c)}
      data-band={band?.band}
      data-required={c.required ? 'true' : undefined}
      className={`check-${c.verdict}`}
    >
      <td>
        <span className={`verdict verdict-${c.verdict}`}>{c.verdict}</span>
      </td>
      <td>
        {checkTitle(c.check, system)}
        {c.required && (
          <span className="tag required" title="Carries the lesson: failing it fails the attempt">
            {' '}
            required
          </span>
        )}
        <div className="mono muted small check-id">{c.check}</div>
      </td>
      <td
        className="points"
        data-testid={`check-points-${c.check}`}
        title={checkPointsText(c, system)}
      >
        <span className="mono">
          {formatPoints(pointsEarned(c))} / {formatPoints(c.weight)}
        </span>
        {!band && c.credit > 0 && c.credit < 1 && (
          <div className="muted small">{creditText(c.credit)}</div>
        )}
      </td>
      <td className="why">
        {c.why}
        {band && <BandScale check={c} reading={band} system={system} />}
        {c.figures && Object.keys(c.figures).length > 0 && (
          <details className="figures">
            <summary className="muted small">figures</summary>
            <div className="mono muted small">
              {Object.entries(c.figures)
                .map(([k, v]) => `${k}: ${String(v)}`)
                .join(' · ')}
            </div>
          </details>
        )}
      </td>
    </tr>
  );
}

/**
 * Where a banded check fell, drawn: the full-credit zone, the half-credit
 * zone and the rest on one scale (seconds after the tell, or a count), a
 * marker at this run's value, and the same words as the exports.
 */
function BandScale({
  check: c,
  reading: r,
  system,
}: {
  check: CheckResult;
  reading: BandReading;
  system: string;
}) {
  const [first, second] =
    r.kind === 'time' ? [r.fullWithinSeconds, r.partialWithinSeconds] : [r.good, r.fair];
  const value = r.kind === 'time' ? r.seconds : r.count;
  const max = Math.max(second * 1.25, value * 1.1, first * 1.25, 1);
  const pct = (x: number) => `${((Math.min(Math.max(x, 0), max) / max) * 100).toFixed(1)}%`;
  return (
    <div
      className={`band-scale band-${r.band}`}
      data-testid={`band-${c.check}`}
      data-band={r.band}
      data-value={value}
      data-first={first}
      data-second={second}
    >
      <div className="band-track" aria-hidden="true">
        <span className="band-zone zone-full" style={{ width: pct(first) }} />
        <span className="band-zone zone-half" style={{ width: pct(second - first) }} />
        <span className="band-zone zone-none" />
        <span className="band-marker" style={{ left: pct(value) }} />
      </div>
      <div className="band-caption small">
        <strong>
          {bandName(r)}
          {r.kind === 'count' && ` (${creditText(c.credit)})`}
        </strong>
        : {bandMeasureText(c.check, r, system)}
        <span className="muted"> · {bandLimitsText(r)}</span>
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import {
  referenceLossSentence,
  type Debrief,
  type ExportFormat,
} from '../../../shared/debrief-types';
import { checkTitle } from '../../../shared/check-titles';
import type { ResponseStep } from '../../../shared/scenario-schema';
import type { WriteFate } from '../../../shared/scenario-types';
import { DebriefTimelineChart } from '../charts/debrief-timeline-chart';
import { formatDateTime, formatDuration, formatInt } from '../format';
import { hrefFor } from '../route';
import { useAppState, useStore } from '../store/react';
import { isActive } from '../store/run-state';
import { actionLabel } from '../store/scenario-state';
import { DebriefObservations } from './debrief-observations';
import { FinalHealthPanel } from './final-health-panel';
import { RequestLedgerSummary } from './request-ledger-summary';
import { FATE_LABELS } from './scenario-tells';

const FATES: WriteFate[] = [
  'acked-present',
  'acked-lost',
  'failed',
  'indeterminate-present',
  'indeterminate-absent',
];

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

export function DebriefBody({ debrief: d }: { debrief: Debrief }) {
  const { grade, scenario } = d;
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
        </div>
        <div className="score" data-testid="debrief-score">
          <div className="score-value mono">{Math.round(grade.score)}</div>
          <div className="score-caption">
            {grade.passed ? 'PASSED' : 'NOT PASSED'} · pass mark {grade.passMark}
          </div>
        </div>
      </header>

      <ExportButtons runId={d.runId} />

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
              <th>Weight</th>
              <th>Earned</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {grade.checks.map((c) => (
              <tr
                key={c.check}
                data-testid={`check-${c.check}`}
                data-verdict={c.verdict}
                data-credit={c.credit}
                className={`check-${c.verdict}`}
              >
                <td>
                  <span className={`verdict verdict-${c.verdict}`}>{c.verdict}</span>
                </td>
                <td>{checkTitle(c.check, scenario.system)}</td>
                <td className="mono">{c.weight}</td>
                <td className="mono" title={`credit ${Math.round(c.credit * 100)}%`}>
                  {formatPoints(c.weight * c.credit)}
                  {c.credit > 0 && c.credit < 1 && (
                    <span className="muted"> ({Math.round(c.credit * 100)}%)</span>
                  )}
                </td>
                <td className="why">
                  {c.why}
                  {c.figures && Object.keys(c.figures).length > 0 && (
                    <div className="figures mono muted small">
                      {Object.entries(c.figures)
                        .map(([k, v]) => `${k}: ${String(v)}`)
                        .join(' · ')}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <DebriefObservations observations={d.observations ?? []} />

      <DebriefTimelineChart
        timeline={d.timeline}
        faultWindows={d.faultWindows}
        durationMs={durationMs}
        faults={scenario.faults}
        system={scenario.system}
      />

      <div className="chart-row">
        {scenario.system === 'keepalived' ? (
          <RequestLedgerSummary ledger={d.ledger} />
        ) : (
          <LedgerSummary debrief={d} />
        )}
        {d.finalHealth && <FinalHealthPanel health={d.finalHealth} />}
      </div>

      <ReferenceSteps steps={d.reference} debrief={d} />
      <TeachingCard debrief={d} />
      <TimelineList debrief={d} />
    </article>
  );
}

function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function LedgerSummary({ debrief: d }: { debrief: Debrief }) {
  const { ledger } = d;
  const fates = ledger.fates;
  const fateAttrs: Record<string, number> = {};
  if (fates) for (const f of FATES) fateAttrs[`data-${f}`] = fates[f];
  const comparison = d.scenario.comparison;
  return (
    <section
      className="panel ledger-summary"
      data-testid="ledger-summary"
      data-attempts={ledger.attempts}
      data-acked={ledger.acked}
      data-failed={ledger.failed}
      data-indeterminate={ledger.indeterminate}
      {...fateAttrs}
    >
      <div className="panel-title">
        <h3>Write ledger</h3>
        {ledger.readFrom && (
          <span className="muted small">
            read back from <span className="mono">{ledger.readFrom}</span>
          </span>
        )}
      </div>
      <dl className="counters">
        <div className="counter">
          <dt>attempts</dt>
          <dd className="mono">{formatInt(ledger.attempts)}</dd>
        </div>
        <div className="counter counter-acked">
          <dt>acknowledged</dt>
          <dd className="mono">{formatInt(ledger.acked)}</dd>
        </div>
        <div className="counter counter-failed">
          <dt>failed</dt>
          <dd className="mono">{formatInt(ledger.failed)}</dd>
        </div>
        <div className="counter counter-indeterminate">
          <dt>indeterminate</dt>
          <dd className="mono">{formatInt(ledger.indeterminate)}</dd>
        </div>
      </dl>
      {fates ? (
        <table className="table compact fates">
          <tbody>
            {FATES.map((f) => (
              <tr key={f} className={`fate-${f}`} data-testid={`fate-${f}`} data-count={fates[f]}>
                <td>{FATE_LABELS[f]}</td>
                <td className="mono">{formatInt(fates[f])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The data was not read back: no fates.</p>
      )}
      {comparison && fates && (
        <p className="comparison" data-testid="ledger-comparison">
          Without the prevention the same fault lost about{' '}
          <strong className="mono">{formatInt(comparison.baselineLost)}</strong> acknowledged
          writes; this run lost <strong className="mono">{formatInt(fates['acked-lost'])}</strong>.{' '}
          <span className="muted">{comparison.text}</span>
        </p>
      )}
      {d.lostKeys.length > 0 && (
        <details className="lost-keys">
          <summary className="small">
            {d.lostKeys.length} lost key{d.lostKeys.length === 1 ? '' : 's'} (up to 50 shown)
          </summary>
          <ul className="mono small">
            {d.lostKeys.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function stepWhen(step: ResponseStep): string {
  return step.since === 'start'
    ? `${step.after} after the start`
    : `${step.after} after ${step.since} fired`;
}

function ReferenceSteps({ steps, debrief: d }: { steps: ResponseStep[]; debrief: Debrief }) {
  const refSettings = d.scenario.lab.referenceSettings;
  return (
    <section className="panel reference-steps" data-testid="reference-steps">
      <div className="panel-title">
        <h3>What the reference response does</h3>
      </div>
      {referenceLossSentence(d) && (
        <p className="small" data-testid="reference-loss">
          {referenceLossSentence(d)}
        </p>
      )}
      {refSettings && Object.keys(refSettings).length > 0 && (
        <p className="small">
          Before the start it sets{' '}
          <span className="mono">
            {Object.entries(refSettings)
              .map(([k, v]) => `${k}=${v}`)
              .join(' · ')}
          </span>
          .
        </p>
      )}
      <ol>
        {steps.map((s, i) => (
          <li key={i} data-testid={`reference-step-${i}`}>
            <span className="mono muted small">{stepWhen(s)}</span>{' '}
            <span className="mono step-action">{actionLabel(s.do)}</span>
            {s.why && <div className="why">{s.why}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function TeachingCard({ debrief: d }: { debrief: Debrief }) {
  const t = d.scenario.teaching;
  return (
    <section className="panel teaching-card" data-testid="teaching-card">
      <div className="panel-title">
        <h3>
          The pattern: {d.scenario.pattern.id} {d.scenario.pattern.name}
        </h3>
      </div>
      <dl className="teaching">
        <dt>Shape</dt>
        <dd>{t.shape}</dd>
        <dt>How it shows here</dt>
        <dd>{t.howItShows}</dd>
        <dt>The tell</dt>
        <dd>{t.tell}</dd>
      </dl>
      <h4>Misdiagnoses</h4>
      <table className="table misdiagnoses" data-testid="misdiagnoses">
        <thead>
          <tr>
            <th>Looks like</th>
            <th>But actually</th>
            <th>How to tell</th>
          </tr>
        </thead>
        <tbody>
          {t.misdiagnoses.map((m, i) => (
            <tr key={i}>
              <td>{m.looksLike}</td>
              <td>{m.butActually}</td>
              <td>{m.howToTell}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>The fix</h4>
      <dl className="teaching fix" data-testid="teaching-fix">
        <dt>Immediate</dt>
        <dd>{t.fix.immediate}</dd>
        <dt>Short term</dt>
        <dd>{t.fix.shortTerm}</dd>
        <dt>Long term</dt>
        <dd>{t.fix.longTerm}</dd>
      </dl>
      <h4>A story</h4>
      <p className="story">{t.story}</p>
    </section>
  );
}

function TimelineList({ debrief: d }: { debrief: Debrief }) {
  return (
    <details className="panel timeline-list" data-testid="debrief-timeline-list">
      <summary>
        <h3 className="inline">Every timeline entry ({d.timeline.length})</h3>
      </summary>
      <ul className="event-list">
        {d.timeline.map((e, i) => (
          <li key={i} data-kind={e.kind}>
            <span className="mono muted">+{(e.at / 1000).toFixed(1)} s</span>
            <span className="chip small">{e.kind}</span>
            <span>
              {e.label}
              {e.node && <span className="mono muted"> ({e.node})</span>}
            </span>
            {e.detail && <span className="muted msg">{e.detail}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}

const MIME: Record<ExportFormat, string> = {
  md: 'text/markdown;charset=utf-8',
  html: 'text/html;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

/**
 * Saves text as a file through a Blob URL and a `download` link. A download
 * is not a fetch, so the page's CSP (no `blob:` outside workers) does not
 * block it. Returns false where the page cannot download (the caller shows
 * the text instead).
 */
export function downloadText(filename: string, content: string, mime: string): boolean {
  if (typeof URL.createObjectURL !== 'function') return false;
  try {
    const url = URL.createObjectURL(new Blob([content], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return true;
  } catch {
    return false;
  }
}

function ExportButtons({ runId }: { runId: string }) {
  const store = useStore();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [result, setResult] = useState<{
    ok: boolean;
    text: string;
    preview?: string;
  } | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const { filename, content } = await store.exportDebrief(runId, format);
      const saved = downloadText(filename, content, MIME[format]);
      setResult(
        saved
          ? { ok: true, text: `Saved ${filename} (${formatInt(content.length)} characters)` }
          : {
              ok: true,
              text: `${filename}: this window cannot download, the text is below`,
              preview: content,
            },
      );
    } catch (err) {
      setResult({ ok: false, text: `Export failed: ${err instanceof Error ? err.message : err}` });
    } finally {
      setBusy(null);
    }
  };
  const formats: [ExportFormat, string][] = [
    ['md', 'Markdown'],
    ['html', 'HTML'],
    ['json', 'JSON'],
  ];
  return (
    <div className="export-bar" data-testid="debrief-export">
      <span className="muted small">Export</span>
      {formats.map(([f, label]) => (
        <button
          key={f}
          type="button"
          className="btn btn-small"
          data-testid={`export-${f}`}
          disabled={busy !== null}
          onClick={() => void run(f)}
        >
          {busy === f ? `${label}…` : label}
        </button>
      ))}
      {result && (
        <span
          className={`small ${result.ok ? 'muted' : 'field-error'}`}
          data-testid="export-status"
          role="status"
        >
          {result.text}
        </span>
      )}
      {result?.preview !== undefined && (
        <textarea
          className="export-preview mono"
          data-testid="export-preview"
          readOnly
          value={result.preview}
        />
      )}
    </div>
  );
}

import type { LabSummary } from '../../../shared/lab-types';
import { formatClock, formatDuration } from '../format';
import { hrefFor } from '../route';
import { isActive } from '../store/run-state';
import { useAppState, useStore } from '../store/react';
import { PhaseBadge } from './phase-stepper';
import { RecentAttempts } from './attempt-list';
import { ScenarioCatalog } from './scenario-catalog';
import { newestActiveRunId, StartActions } from './start-actions';

export function Home() {
  return (
    <div className="home">
      <ScenarioCatalog />
      <LabCatalog />
      <RecentAttempts />
      <RunList />
    </div>
  );
}

function LabCatalog() {
  const labs = useAppState((s) => s.labs);
  const error = useAppState((s) => s.labsError);
  return (
    <section className="catalog" data-testid="lab-catalog">
      <h2 className="section-title">Labs</h2>
      {error && <p className="error-box">Could not load the lab catalog: {error}</p>}
      {!labs && !error && <p className="muted">Loading labs…</p>}
      {labs && labs.length === 0 && <p className="muted">The engine offers no labs.</p>}
      <div className="lab-grid">
        {labs?.map((lab) => (
          <LabCard key={lab.id} lab={lab} />
        ))}
      </div>
    </section>
  );
}

function LabCard({ lab }: { lab: LabSummary }) {
  const store = useStore();
  const starting = useAppState((s) => s.starting[lab.id] === true);
  const startError = useAppState((s) => s.startErrors[lab.id]);
  const activeRunId = useAppState((s) => newestActiveRunId(s, (run) => run.labId === lab.id));
  return (
    <article className="panel lab-card" data-testid={`lab-card-${lab.id}`}>
      <h3>{lab.title}</h3>
      <p className="lab-desc">{lab.description}</p>
      <ul className="chips" aria-label="systems">
        {lab.systems.map((s) => (
          <li key={s} className="chip">
            {s}
          </li>
        ))}
      </ul>
      <ol className="node-list mono" aria-label="nodes">
        {lab.nodes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ol>
      <StartActions
        what="lab"
        starting={starting}
        startError={startError}
        activeRunId={activeRunId}
        start={() => store.startLab(lab.id)}
        testIds={{
          error: `start-error-${lab.id}`,
          start: `start-lab-${lab.id}`,
          open: `open-run-${lab.id}`,
        }}
      />
    </article>
  );
}

function RunList() {
  const runs = useAppState((s) => s.runs);
  const missing = useAppState((s) => s.missingRuns);
  const loaded = useAppState((s) => s.runsLoaded);
  const labs = useAppState((s) => s.labs);
  const scenarios = useAppState((s) => s.scenarios);
  const list = Object.values(runs).sort((a, b) => b.startedAt - a.startedAt);
  return (
    <section className="runs" data-testid="run-list">
      <h2 className="section-title">Runs</h2>
      {!loaded && list.length === 0 && <p className="muted">Loading runs…</p>}
      {loaded && list.length === 0 && <p className="muted">No runs on this engine yet.</p>}
      {list.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Lab / scenario</th>
              <th>Phase</th>
              <th>Started</th>
              <th>Ready after</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((run) => (
              <tr key={run.runId} data-testid={`run-row-${run.runId}`} data-phase={run.phase}>
                <td className="mono">{run.runId}</td>
                <td>
                  {run.scenario ? (
                    <>
                      <span className="chip">scenario</span>{' '}
                      {scenarios?.find((sc) => sc.id === run.scenario!.scenarioId)?.title ??
                        (run.scenario.scenarioId || '…')}
                    </>
                  ) : (
                    (labs?.find((l) => l.id === run.labId)?.title ?? (run.labId || '…'))
                  )}
                </td>
                <td>
                  <PhaseBadge phase={run.phase} />
                  {missing[run.runId] && <span className="muted small"> (gone from engine)</span>}
                </td>
                <td className="mono">{formatClock(run.startedAt)}</td>
                <td className="mono">
                  {run.readyAfterMs !== undefined ? formatDuration(run.readyAfterMs) : '—'}
                </td>
                <td>
                  <a
                    className="link"
                    href={hrefFor({ name: 'run', runId: run.runId })}
                    data-testid={`open-run-row-${run.runId}`}
                  >
                    {isActive(run.phase) ? 'Reattach ›' : 'View ›'}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

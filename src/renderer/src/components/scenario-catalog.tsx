import { useState } from 'react';
import type { ScenarioSummary } from '../../../shared/scenario-schema';
import { hrefFor } from '../route';
import { useAppState, useStore } from '../store/react';
import { PlayerNameField } from './player-name-field';
import { newestActiveRunId, StartActions } from './start-actions';
import { initialSettingValues, parseSettings, TraineeSettingsFields } from './trainee-settings';

const SEED_MAX = 2 ** 31 - 1;

export function ScenarioCatalog() {
  const scenarios = useAppState((s) => s.scenarios);
  const error = useAppState((s) => s.scenariosError);
  return (
    <section className="catalog" data-testid="scenario-catalog">
      <h2 className="section-title">Scenarios</h2>
      <PlayerNameField />
      {error && <p className="error-box">Could not load the scenarios: {error}</p>}
      {!scenarios && !error && <p className="muted">Loading scenarios…</p>}
      {scenarios && scenarios.length === 0 && (
        <p className="muted">No scenario could be loaded (see the problems below, if any).</p>
      )}
      <div className="lab-grid">
        {scenarios?.map((sc) => (
          <ScenarioCard key={sc.id} scenario={sc} />
        ))}
      </div>
      <ScenarioProblems />
    </section>
  );
}

function ScenarioCard({ scenario: sc }: { scenario: ScenarioSummary }) {
  const store = useStore();
  const starting = useAppState((s) => s.startingScenarios[sc.id] === true);
  const startError = useAppState((s) => s.scenarioStartErrors[sc.id]);
  const player = useAppState((s) => s.player);
  const systems = useAppState((s) => s.labs?.find((l) => l.id === sc.system)?.systems);
  const activeRunId = useAppState((s) =>
    newestActiveRunId(s, (run) => run.scenario?.scenarioId === sc.id && !run.scenario.grade),
  );
  const [values, setValues] = useState<Record<string, string>>(() =>
    initialSettingValues(sc.traineeSettings),
  );
  const [seed, setSeed] = useState('');
  const names = sc.traineeSettings.map((t) => t.name);
  const { settings, errors } = parseSettings(values, names);
  const seedValue = seed.trim() === '' ? undefined : Number(seed);
  const seedError =
    seedValue !== undefined &&
    (!Number.isInteger(seedValue) || seedValue < 0 || seedValue > SEED_MAX)
      ? `a whole number from 0 to ${SEED_MAX}`
      : undefined;
  const invalid = Object.keys(errors).length > 0 || seedError !== undefined;
  return (
    <article
      className="panel lab-card scenario-card"
      data-testid={`scenario-card-${sc.id}`}
      data-difficulty={sc.difficulty}
    >
      <div className="scenario-card-head">
        <h3>{sc.title}</h3>
        <span className={`badge difficulty difficulty-${sc.difficulty}`}>{sc.difficulty}</span>
        {sc.source === 'library' && (
          <span
            className="badge"
            data-testid={`scenario-source-${sc.id}`}
            title="From your library"
          >
            yours
          </span>
        )}
      </div>
      <div className="scenario-meta">
        <span className="mono pattern" data-testid={`scenario-pattern-${sc.id}`}>
          {sc.pattern.id}
        </span>
        <span>{sc.pattern.name}</span>
        <span className="muted">· {sc.minutes} min</span>
      </div>
      <ul className="chips" aria-label="systems">
        {(systems ?? [sc.system]).map((s) => (
          <li key={s} className="chip">
            {s}
          </li>
        ))}
      </ul>
      <p className="lab-desc briefing-text">{sc.briefing}</p>
      {sc.traineeSettings.length > 0 && (
        <TraineeSettingsFields
          scenarioId={sc.id}
          traineeSettings={sc.traineeSettings}
          values={values}
          errors={errors}
          onChange={(name, v) => setValues((prev) => ({ ...prev, [name]: v }))}
        />
      )}
      <details className="advanced">
        <summary className="muted small">Seed (same seed, same fault moment)</summary>
        <div className="setting-row">
          <label htmlFor={`${sc.id}-seed`} className="mono">
            seed
          </label>
          <input
            id={`${sc.id}-seed`}
            type="number"
            className="num-input mono"
            data-testid={`setting-seed-${sc.id}`}
            min={0}
            max={SEED_MAX}
            placeholder="random"
            value={seed}
            onChange={(e) => setSeed(e.currentTarget.value)}
          />
          {seedError && <span className="field-error small">{seedError}</span>}
        </div>
      </details>
      <a
        className="link small"
        data-testid={`studio-link-${sc.id}`}
        href={hrefFor(
          sc.source === 'library'
            ? { name: 'studio', open: sc.id }
            : { name: 'studio', copy: sc.id },
        )}
      >
        {sc.source === 'library' ? 'Edit in the studio' : 'Open in the studio (copy to edit)'}
      </a>
      <StartActions
        what="scenario"
        starting={starting}
        startError={startError}
        activeRunId={activeRunId}
        invalid={invalid}
        start={() =>
          store.startScenario(sc.id, {
            settings,
            ...(seedValue !== undefined ? { seed: seedValue } : {}),
            ...(player !== null ? { player } : {}),
          })
        }
        testIds={{
          error: `scenario-start-error-${sc.id}`,
          start: `start-scenario-${sc.id}`,
          open: `open-scenario-run-${sc.id}`,
        }}
      />
    </article>
  );
}

/** Scenario files that did not load: file:line field — message, for the instructor. */
function ScenarioProblems() {
  const problems = useAppState((s) => s.scenarioProblems);
  if (problems.length === 0) return null;
  return (
    <section className="panel problems" data-testid="scenario-problems" role="alert">
      <div className="panel-title">
        <h3>Scenario files with problems</h3>
        <span className="muted small">
          {problems.length} problem{problems.length === 1 ? '' : 's'}; the other scenarios load
          normally
        </span>
      </div>
      <ul className="problem-list">
        {problems.map((p, i) => (
          <li key={`${p.file}:${p.line}:${p.path}:${i}`} className="mono">
            <span className="problem-where">
              {p.file}:{p.line}
            </span>{' '}
            {p.path && <span className="problem-path">{p.path}</span>} — {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

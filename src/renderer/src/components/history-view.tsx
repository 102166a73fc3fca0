import type { AttemptSummary } from '../../../shared/debrief-types';
import { hrefFor, navigate, type HistoryFilter } from '../route';
import { useAppState } from '../store/react';
import { AttemptTable, AttemptsStatus } from './attempt-list';

/** The person filter's value for attempts played without a name (no name starts with a space). */
const UNNAMED = ' unnamed';
const ALL = '';

/** Whether an attempt passes the filter. */
export function matchesFilter(a: AttemptSummary, f: HistoryFilter): boolean {
  if (f.scenarioId !== undefined && a.scenarioId !== f.scenarioId) return false;
  if (f.player !== undefined && a.player !== f.player) return false;
  if (f.unnamed && a.player !== undefined) return false;
  return true;
}

/** The scenarios that have attempts (id → latest title), and the people who played, sorted. */
function filterOptions(attempts: readonly AttemptSummary[], f: HistoryFilter) {
  const scenarios = new Map<string, string>();
  const people = new Set<string>();
  let unnamed = false;
  for (const a of attempts) {
    if (!scenarios.has(a.scenarioId)) scenarios.set(a.scenarioId, a.title);
    if (a.player === undefined) unnamed = true;
    else people.add(a.player);
  }
  // A filter from the address bar stays selectable even with nothing to show.
  if (f.scenarioId !== undefined && !scenarios.has(f.scenarioId))
    scenarios.set(f.scenarioId, f.scenarioId);
  if (f.player !== undefined) people.add(f.player);
  return {
    scenarios: [...scenarios].sort((x, y) => x[1].localeCompare(y[1])),
    people: [...people].sort((x, y) => x.localeCompare(y)),
    unnamed: unnamed || f.unnamed === true,
  };
}

/** Every stored attempt (`#/history`), filtered by scenario and by person through the address. */
export function HistoryView({ filter }: { filter: HistoryFilter }) {
  const attempts = useAppState((s) => s.attempts);
  const all = attempts ?? [];
  const shown = all.filter((a) => matchesFilter(a, filter));
  const options = filterOptions(all, filter);
  const personValue = filter.player !== undefined ? filter.player : filter.unnamed ? UNNAMED : ALL;
  const filtered = filter.scenarioId !== undefined || personValue !== ALL;

  const go = (next: HistoryFilter) => navigate({ name: 'history', ...next });
  const withScenario = (scenarioId: string): HistoryFilter => {
    const { scenarioId: _old, ...rest } = filter;
    return scenarioId === ALL ? rest : { ...rest, scenarioId };
  };
  const withPerson = (value: string): HistoryFilter => {
    const base = filter.scenarioId !== undefined ? { scenarioId: filter.scenarioId } : {};
    if (value === ALL) return base;
    return value === UNNAMED ? { ...base, unnamed: true } : { ...base, player: value };
  };

  return (
    <section
      className="attempts history-view"
      data-testid="history-view"
      data-shown={shown.length}
      data-total={all.length}
    >
      <div className="run-head">
        <a className="link" href={hrefFor({ name: 'home' })}>
          ‹ Home
        </a>
      </div>
      <h2 className="section-title">Attempt history</h2>
      <div className="history-filters">
        <label>
          <span className="muted small">Scenario</span>
          <select
            data-testid="history-filter-scenario"
            value={filter.scenarioId ?? ALL}
            onChange={(e) => go(withScenario(e.currentTarget.value))}
          >
            <option value={ALL}>All scenarios</option>
            {options.scenarios.map(([id, title]) => (
              <option key={id} value={id}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="muted small">Played by</span>
          <select
            data-testid="history-filter-player"
            value={personValue}
            onChange={(e) => go(withPerson(e.currentTarget.value))}
          >
            <option value={ALL}>Everyone</option>
            {options.people.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            {options.unnamed && <option value={UNNAMED}>(no name)</option>}
          </select>
        </label>
        <span className="muted small" data-testid="history-count">
          {filtered
            ? `${shown.length} of ${all.length} attempt${all.length === 1 ? '' : 's'}`
            : `${all.length} attempt${all.length === 1 ? '' : 's'}`}
        </span>
        {filtered && (
          <a className="link small" href={hrefFor({ name: 'history' })} data-testid="history-clear">
            Clear filters
          </a>
        )}
      </div>
      <AttemptsStatus />
      {all.length > 0 && shown.length === 0 && (
        <p className="muted" data-testid="history-empty">
          No attempt matches these filters.
        </p>
      )}
      {shown.length > 0 && <AttemptTable attempts={shown} />}
    </section>
  );
}

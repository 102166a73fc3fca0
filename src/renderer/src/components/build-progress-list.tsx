import type { BuildProgress } from '../../../shared/lab-types';

export function BuildProgressList({ build }: { build: BuildProgress[] }) {
  const done = build.filter((b) => b.fraction >= 1).length;
  return (
    <section className="panel build" data-testid="build-progress">
      <div className="panel-title">
        <h3>Images</h3>
        <span className="muted small">
          {done}/{build.length} ready
        </span>
      </div>
      <ul className="build-list">
        {build.map((b) => {
          const pct = Math.round(Math.min(1, Math.max(0, b.fraction)) * 100);
          return (
            <li
              key={b.image}
              className="build-row"
              data-testid={`build-progress-${b.image}`}
              data-fraction={b.fraction}
              data-cached={b.cached ? 'true' : 'false'}
            >
              <span className="build-image mono">{b.image}</span>
              <span
                className="bar-track"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={pct}
                aria-label={`${b.image} build`}
              >
                <span
                  className={`bar-fill ${pct >= 100 ? 'done' : ''}`}
                  style={{ width: `${pct}%` }}
                />
              </span>
              <span className="build-pct mono">{pct}%</span>
              {b.cached ? <span className="badge badge-cached">cached</span> : <span />}
              <span className="build-msg mono" title={b.message}>
                {b.message}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

import { useEffect } from 'react';
import { hrefFor } from '../../route';
import { useAppState, useStore } from '../../store/react';

/** How often a trainee waiting for the start asks again, ms. */
const WAIT_POLL_MS = 2000;

/**
 * A trainee's home: their drill's briefing (neutral in a blind drill: the
 * system, the apps, what healthy means, the task), and their run once the
 * facilitator has started the game day. Nothing else of the app is theirs.
 */
export function TraineeHome() {
  const store = useStore();
  const drill = useAppState((s) => s.drill);
  const error = useAppState((s) => s.gameDayError);
  const runId = drill?.runId;

  useEffect(() => {
    if (runId) return;
    const timer = setInterval(() => void store.loadDrill(), WAIT_POLL_MS);
    return () => clearInterval(timer);
  }, [store, runId]);

  if (!drill)
    return (
      <section className="panel" data-testid="trainee-home" data-ready="false">
        <p className="muted">{error ?? 'Loading your drill…'}</p>
      </section>
    );
  const b = drill.briefing;
  return (
    <section
      className="panel trainee-home"
      data-testid="trainee-home"
      data-ready="true"
      data-mode={drill.mode}
      data-run-id={runId ?? ''}
    >
      <h2>
        {drill.gameDayName}: {drill.traineeName}’s drill
      </h2>
      {b ? (
        <div data-testid="neutral-briefing">
          <p>{b.cluster}</p>
          <ul>
            {b.apps.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
          <p>
            <strong>Healthy:</strong> {b.healthy}
          </p>
          <p>{b.task}</p>
          <p className="muted small">Time limit: {b.minutes} minutes.</p>
        </div>
      ) : drill.card ? (
        <div data-testid="open-briefing">
          <h3>{drill.card.title}</h3>
          <p>{drill.card.briefing}</p>
        </div>
      ) : null}
      {runId ? (
        <a className="btn" href={hrefFor({ name: 'run', runId })} data-testid="open-my-drill">
          Open my drill
        </a>
      ) : (
        <p className="muted" data-testid="drill-waiting" role="status">
          Waiting for the facilitator to start the game day…
        </p>
      )}
    </section>
  );
}

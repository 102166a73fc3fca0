import { useEffect, useState } from 'react';
import type { CreatedGameDay } from '../../store/gameday-slice';
import { hrefFor } from '../../route';
import { useAppState, useStore } from '../../store/react';
import { EnginePoolPanel } from './engine-pool-panel';
import { GameDayBoard } from './game-day-board';
import { GroupDebriefView } from './group-debrief-view';

/** The link a trainee opens: the room's address with their own token. */
export function traineeUrl(origin: string, token: string): string {
  return `${origin}/?token=${encodeURIComponent(token)}`;
}

/**
 * The facilitator's game days: create one (trainees, scenarios or a pool,
 * blind or open, timed by the scenario's window or by the facilitator), see
 * the trainees' links once, and open a game day's live board.
 */
export function GameDayView({ gameDayId }: { gameDayId?: string }) {
  const store = useStore();
  const gameDays = useAppState((s) => s.gameDays);
  const scenarios = useAppState((s) => s.scenarios);
  const error = useAppState((s) => s.gameDayError);
  const boards = useAppState((s) => s.boards);
  const [created, setCreated] = useState<CreatedGameDay | null>(null);

  useEffect(() => {
    void store.loadGameDays();
  }, [store]);

  if (gameDayId) {
    const day = gameDays?.find((d) => d.id === gameDayId);
    const graded = (boards[gameDayId] ?? []).filter((r) => r.verdict !== undefined).length;
    return (
      <section className="gameday" data-testid="gameday" data-gameday-id={gameDayId}>
        <p>
          <a className="link" href={hrefFor({ name: 'gameday' })}>
            ← Game days
          </a>
        </p>
        {error && (
          <p className="action-result bad" role="alert" data-testid="gameday-error">
            {error}
          </p>
        )}
        {day ? <GameDayBoard day={day} /> : <p className="muted">Loading…</p>}
        <EnginePoolPanel />
        {day && <GroupDebriefView gameDayId={day.id} graded={graded} />}
      </section>
    );
  }

  return (
    <section className="gameday" data-testid="gameday-list">
      <h2>Game days</h2>
      <EnginePoolPanel />
      <CreateGameDay
        scenarios={scenarios?.map((s) => ({ id: s.id, title: s.title, system: s.system })) ?? []}
        onCreated={setCreated}
      />
      {error && (
        <p className="action-result bad" role="alert" data-testid="gameday-error">
          {error}
        </p>
      )}
      {created && <TraineeLinks created={created} />}
      <ul className="gameday-days" data-testid="gameday-days">
        {(gameDays ?? []).map((d) => (
          <li key={d.id}>
            <a
              className="link"
              href={hrefFor({ name: 'gameday', gameDayId: d.id })}
              data-testid={`gameday-open-${d.id}`}
              data-name={d.name}
            >
              {d.name}
            </a>{' '}
            <span className="muted small">
              {d.mode},{' '}
              {d.timing === 'trigger' ? 'you trigger the faults' : 'faults in their window'},{' '}
              {d.trainees.length} trainee{d.trainees.length === 1 ? '' : 's'},{' '}
              {d.startedAt ? 'started' : 'not started'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The trainees' links, shown once, with where the room listens. */
function TraineeLinks({ created }: { created: CreatedGameDay }) {
  const { links, room, roomError } = created;
  return (
    <div className="panel" data-testid="trainee-links" data-room={room?.origin ?? ''}>
      <h3>Trainee links (shown once: copy them now)</h3>
      <p className="muted small">
        Each trainee opens their own link in a browser. It shows their drill only; keep the app’s
        own URL to yourself.
      </p>
      {room?.onNetwork && (
        <p className="action-result bad" role="alert" data-testid="room-on-network">
          The room listens on the network ({room.origin}): anyone who gets a trainee’s link can act
          in that trainee’s lab.
        </p>
      )}
      {!room && (
        <p className="action-result bad" role="alert" data-testid="room-unavailable">
          {roomError
            ? `The room could not be opened: ${roomError}`
            : 'This app cannot serve trainees.'}{' '}
          The tokens below still work with a served UI (`npm run serve`).
        </p>
      )}
      <ul>
        {links.map((l) => (
          <li key={l.traineeId}>
            {l.name}:{' '}
            <code data-testid={`trainee-link-${l.traineeId}`} data-name={l.name}>
              {room ? traineeUrl(room.origin, l.token) : `token ${l.token}`}
            </code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function CreateGameDay({
  scenarios,
  onCreated,
}: {
  scenarios: { id: string; title: string; system: string }[];
  onCreated: (created: CreatedGameDay) => void;
}) {
  const store = useStore();
  const [name, setName] = useState('Game day');
  const [mode, setMode] = useState<'blind' | 'open'>('blind');
  const [timing, setTiming] = useState<'trigger' | 'window'>('trigger');
  const [picked, setPicked] = useState<string[]>([]);
  const [trainees, setTrainees] = useState('');
  const [busy, setBusy] = useState(false);
  const names = trainees
    .split('\n')
    .map((n) => n.trim())
    .filter(Boolean);

  const create = async () => {
    setBusy(true);
    const created = await store.createGameDay({
      name,
      mode,
      timing,
      scenarioIds: picked,
      trainees: names,
    });
    setBusy(false);
    if (created) onCreated(created);
  };

  return (
    <form
      className="panel gameday-create"
      data-testid="gameday-create"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <h3>New game day</h3>
      <label>
        Name{' '}
        <input
          data-testid="gameday-name"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        Mode{' '}
        <select
          data-testid="gameday-mode"
          value={mode}
          onChange={(e) => setMode(e.target.value as 'blind' | 'open')}
        >
          <option value="blind">blind: trainees do not know the pattern</option>
          <option value="open">open: trainees see the scenario card</option>
        </select>
      </label>
      <label>
        Timing{' '}
        <select
          data-testid="gameday-timing"
          value={timing}
          onChange={(e) => setTiming(e.target.value as 'trigger' | 'window')}
        >
          <option value="trigger">I trigger the faults</option>
          <option value="window">at a random moment in the scenario’s window</option>
        </select>
      </label>
      <fieldset>
        <legend>Scenarios (several: each trainee draws one)</legend>
        {scenarios.map((s) => (
          <label key={s.id} className="check">
            <input
              type="checkbox"
              data-testid={`gameday-scenario-${s.id}`}
              checked={picked.includes(s.id)}
              onChange={(e) =>
                setPicked((p) => (e.target.checked ? [...p, s.id] : p.filter((x) => x !== s.id)))
              }
            />{' '}
            {s.title} <span className="muted small">({s.system})</span>
          </label>
        ))}
      </fieldset>
      <label>
        Trainees (one name per line)
        <textarea
          data-testid="gameday-trainees"
          rows={4}
          value={trainees}
          onChange={(e) => setTrainees(e.target.value)}
        />
      </label>
      <button
        type="submit"
        className="btn"
        data-testid="gameday-create-submit"
        disabled={busy || picked.length === 0 || names.length === 0}
      >
        Create game day
      </button>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { PLAYER_MAX_LENGTH, playerNameProblem } from '../../../shared/player-name';
import { useAppState, useStore } from '../store/react';

/**
 * "Who is playing?": asked until a name is given, then shown as "Playing as
 * Ana" with a way to change or forget it. The name is kept in this browser
 * (localStorage), sent with each scenario start and shown in the history.
 * Optional: scenarios start without one too.
 */
export function PlayerNameField() {
  const store = useStore();
  const player = useAppState((s) => s.player);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [touched, setTouched] = useState(false);

  const name = draft.trim();
  const problem = playerNameProblem(name);

  const save = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem) return;
    store.setPlayer(name);
    setEditing(false);
    setTouched(false);
  };

  if (player !== null && !editing) {
    return (
      <div className="player-name" data-testid="player-name" data-player={player}>
        <span className="muted small">Playing as</span>{' '}
        <strong data-testid="player-name-current">{player}</strong>
        <button
          type="button"
          className="btn btn-small"
          data-testid="player-name-change"
          onClick={() => {
            setDraft(player);
            setEditing(true);
          }}
        >
          Change
        </button>
      </div>
    );
  }

  return (
    <form className="player-name asking" data-testid="player-name" data-player="" onSubmit={save}>
      <label htmlFor="player-name-input">Who is playing?</label>
      <input
        id="player-name-input"
        className="player-name-input"
        data-testid="player-name-input"
        maxLength={PLAYER_MAX_LENGTH + 10}
        placeholder="your name"
        autoComplete="nickname"
        value={draft}
        aria-invalid={touched && problem !== undefined}
        onChange={(e) => setDraft(e.currentTarget.value)}
      />
      <button type="submit" className="btn btn-small btn-primary" data-testid="player-name-save">
        Save
      </button>
      {player !== null && (
        <>
          <button
            type="button"
            className="btn btn-small"
            data-testid="player-name-cancel"
            onClick={() => setEditing(false)}
          >
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="player-name-clear"
            onClick={() => {
              store.setPlayer(null);
              setEditing(false);
              setDraft('');
            }}
          >
            Play without a name
          </button>
        </>
      )}
      {touched && problem ? (
        <span className="field-error small" data-testid="player-name-error">
          {problem}
        </span>
      ) : (
        <span className="muted small">
          Kept in this browser and shown in the attempt history (optional).
        </span>
      )}
    </form>
  );
}

import { useEffect, useState } from 'react';
import type { BoardRow, GameDay } from '../../../../shared/game-day-types';
import { hrefFor } from '../../route';
import { useAppState, useStore } from '../../store/react';

/** How often the board is read while a drill runs, ms. */
const BOARD_POLL_MS = 1000;

function since(t: number | undefined, now: number): string {
  if (t === undefined) return '—';
  const s = Math.max(0, Math.round((now - t) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * A game day's board: every trainee's run at a glance, read again every
 * second while any runs (phase, time since the fault, who claims to lead,
 * writes since the fault and lost, the last move), with the facilitator's
 * controls: start, trigger the fault (one trainee or all), a hint, a note.
 */
export function GameDayBoard({ day }: { day: GameDay }) {
  const store = useStore();
  const rows = useAppState((s) => s.boards[day.id]);
  const [now, setNow] = useState(() => Date.now());
  const [result, setResult] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const live = rows?.some((r) => r.state === 'running' || r.state === 'waiting') ?? true;

  useEffect(() => {
    void store.loadBoard(day.id);
    if (!live) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      void store.loadBoard(day.id);
    }, BOARD_POLL_MS);
    return () => clearInterval(timer);
  }, [store, day.id, live]);

  const start = async () => {
    setStarting(true);
    await store.startGameDay(day.id);
    setStarting(false);
  };

  return (
    <div
      className="panel gameday-board"
      data-testid="gameday-board"
      data-started={day.startedAt ? 'true' : 'false'}
    >
      <div className="panel-title">
        <h2>{day.name}</h2>
        <span className="muted small">
          {day.mode} ·{' '}
          {day.timing === 'trigger' ? 'you trigger the faults' : 'faults in their window'}
        </span>
        <span className="spacer" />
        {!day.startedAt && (
          <button
            type="button"
            className="btn"
            data-testid="gameday-start"
            disabled={starting}
            onClick={() => void start()}
          >
            {starting ? 'Starting labs…' : 'Start the drills'}
          </button>
        )}
        {day.startedAt && (
          <button
            type="button"
            className="btn"
            data-testid="gameday-trigger-all"
            onClick={() => void store.triggerFault(day.id).then(setResult)}
          >
            Trigger the fault for all
          </button>
        )}
      </div>
      {result && (
        <p className="muted small" role="status" data-testid="gameday-trigger-result">
          {result}
        </p>
      )}
      <table className="board">
        <thead>
          <tr>
            <th>Trainee</th>
            <th>Scenario</th>
            <th>Engine</th>
            <th>State</th>
            <th>Since the fault</th>
            <th>Claim to lead</th>
            <th>Writes since the fault</th>
            <th>Lost</th>
            <th>Last move</th>
            <th>Notes</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((r) => (
            <BoardLine key={r.traineeId} day={day} row={r} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BoardLine({ day, row: r, now }: { day: GameDay; row: BoardRow; now: number }) {
  const store = useStore();
  const [text, setText] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const unfired = r.faults.filter((f) => !f.fired);
  const [fault, setFault] = useState('');
  const send = async (kind: 'hint' | 'note') => {
    const t = text.trim();
    if (!t) return;
    const error =
      kind === 'hint'
        ? await store.sendHint(day.id, r.traineeId, t)
        : await store.annotateRun(day.id, r.traineeId, t);
    setSaid(error ?? (kind === 'hint' ? 'hint sent' : 'note added'));
    if (!error) setText('');
  };
  const state = r.verdict ? (r.verdict.passed ? 'passed' : 'not passed') : r.state;
  return (
    <tr
      data-testid={`board-row-${r.traineeId}`}
      data-name={r.name}
      data-state={r.state}
      data-phase={r.phase ?? ''}
      data-leaders={r.leaders.join(',')}
      data-fault={r.faultAt !== undefined ? 'true' : 'false'}
      data-last-move={r.lastMove?.text ?? ''}
      data-verdict={r.verdict ? (r.verdict.passed ? 'passed' : 'failed') : ''}
      data-notes={r.notes}
      data-engine={r.engine?.id ?? ''}
    >
      <td>{r.name}</td>
      <td className="mono small">{r.scenarioId}</td>
      <td
        data-testid={`board-engine-${r.traineeId}`}
        className={r.engine?.over ? 'bad' : ''}
        title={r.engine?.over ? 'placed past every engine’s room' : undefined}
      >
        {r.engine?.name ?? '—'}
      </td>
      <td title={r.reason}>
        {state}
        {r.phase && r.state === 'running' && r.phase !== 'running' ? ` (${r.phase})` : ''}
        {r.verdict ? ` ${r.verdict.score}/100` : ''}
      </td>
      <td>{since(r.faultAt, now)}</td>
      <td className={r.leaders.length > 1 ? 'bad' : ''}>{r.leaders.join(', ') || '—'}</td>
      <td>
        {r.ackedSinceFault} ok, {r.failedSinceFault} failed
      </td>
      <td>{r.writesLost ?? '—'}</td>
      <td>{r.lastMove ? `${r.lastMove.text} (${since(r.lastMove.at, now)} ago)` : '—'}</td>
      <td>{r.notes}</td>
      <td>
        {r.runId && (
          <a
            className="link"
            href={hrefFor({ name: 'watch', runId: r.runId })}
            data-testid={`board-open-${r.traineeId}`}
          >
            watch
          </a>
        )}{' '}
        {r.verdict && r.runId && (
          <a
            className="link"
            href={hrefFor({ name: 'debrief', runId: r.runId })}
            data-testid={`board-debrief-${r.traineeId}`}
          >
            debrief
          </a>
        )}
        {r.state === 'running' && (
          <span className="board-actions">
            <button
              type="button"
              className="btn btn-small"
              data-testid={`board-trigger-${r.traineeId}`}
              disabled={unfired.length === 0}
              title={
                unfired.length === 0
                  ? 'Every fault of this drill has fired'
                  : 'Fire the fault picked (default: the next)'
              }
              onClick={() =>
                void store.triggerFault(day.id, r.traineeId, fault || undefined).then(setSaid)
              }
            >
              Trigger
            </button>
            {unfired.length > 1 && (
              <select
                aria-label={`Fault to fire for ${r.name}`}
                data-testid={`board-fault-${r.traineeId}`}
                value={fault}
                onChange={(e) => setFault(e.target.value)}
              >
                <option value="">next fault</option>
                {unfired.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.id} ({f.kind})
                  </option>
                ))}
              </select>
            )}
            <input
              aria-label={`Hint or note for ${r.name}`}
              data-testid={`board-text-${r.traineeId}`}
              value={text}
              maxLength={1000}
              onChange={(e) => setText(e.target.value)}
            />
            <button
              type="button"
              className="btn btn-small"
              data-testid={`board-hint-${r.traineeId}`}
              onClick={() => void send('hint')}
            >
              Hint
            </button>
            <button
              type="button"
              className="btn btn-small"
              data-testid={`board-note-${r.traineeId}`}
              onClick={() => void send('note')}
            >
              Note
            </button>
          </span>
        )}
        {said && <span className="muted small"> {said}</span>}
      </td>
    </tr>
  );
}

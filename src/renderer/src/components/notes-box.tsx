import { memo, useState } from 'react';
import { useStore } from '../store/react';

/**
 * A note on the run's timeline: what the trainee sees and why they act
 * ("redis-1 looks stale, fencing it"). Notes are not graded; the debrief
 * shows them beside the moves, so a facilitator can discuss the reasoning.
 */
export const NotesBox = memo(function NotesBox({
  runId,
  running,
}: {
  runId: string;
  running: boolean;
}) {
  const store = useStore();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [count, setCount] = useState(0);

  const send = async () => {
    const note = text.trim();
    if (!note) return;
    setSending(true);
    const error = await store.addNote(runId, note);
    setSending(false);
    if (error) setResult({ ok: false, text: error });
    else {
      setText('');
      setCount((c) => c + 1);
      setResult({ ok: true, text: 'Note added to the timeline' });
    }
  };

  return (
    <section className="panel notes" data-testid="notes-box" data-notes={count}>
      <form
        className="notes-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label className="muted small" htmlFor={`note-${runId}`}>
          Note (what you see, why you act)
        </label>
        <input
          id={`note-${runId}`}
          data-testid="note-input"
          maxLength={1000}
          value={text}
          disabled={!running || sending}
          placeholder={
            running
              ? 'What you see and why you act: “the old leader still takes writes… fencing it”'
              : 'Notes go on a running drill'
          }
          onChange={(e) => setText(e.target.value)}
        />
        <button
          type="submit"
          className="btn btn-small"
          data-testid="note-send"
          disabled={!running || sending || text.trim() === ''}
        >
          Add note
        </button>
      </form>
      {result && (
        <p
          className={`action-result ${result.ok ? 'ok' : 'bad'}`}
          role="status"
          data-testid="note-result"
        >
          {result.text}
        </p>
      )}
    </section>
  );
});

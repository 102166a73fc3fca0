import { useEffect, useState } from 'react';
import type { GroupDebrief, GroupDebriefRow } from '../../../../shared/group-debrief-types';
import { downloadText } from '../../download';
import { useStore } from '../../store/react';

const verdictText = (r: GroupDebriefRow): string =>
  r.passed === undefined
    ? (r.reason ?? r.state)
    : `${r.passed ? 'passed' : 'not passed'} ${r.score}/100`;

/**
 * A game day's attempts side by side once graded: verdict and score, the
 * first fence (on the right node or not; the trainee's reaction from the
 * tell and the engine's latency apart), writes lost, each check; then each
 * trainee's moves, notes and tells lined up on their fault, and the pattern's
 * teaching card revealed. Exported as one Markdown or HTML report.
 */
export function GroupDebriefView({ gameDayId, graded }: { gameDayId: string; graded: number }) {
  const store = useStore();
  const [g, setG] = useState<GroupDebrief | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (graded === 0) return;
    let live = true;
    void store
      .getGroupDebrief(gameDayId)
      .then((x) => live && setG(x))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [store, gameDayId, graded]);

  const save = async (format: 'md' | 'html') => {
    const file = await store.exportGroupDebrief(gameDayId, format);
    downloadText(
      file.filename,
      file.content,
      format === 'md' ? 'text/markdown;charset=utf-8' : 'text/html;charset=utf-8',
    );
  };

  if (graded === 0) return null;
  if (error) return <p className="action-result bad">{error}</p>;
  if (!g) return <p className="muted">Loading the group debrief…</p>;
  return (
    <section className="panel group-debrief" data-testid="group-debrief" data-graded={graded}>
      <div className="panel-title">
        <h2>Group debrief</h2>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-small"
          data-testid="group-export-md"
          onClick={() => void save('md')}
        >
          Markdown
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="group-export-html"
          onClick={() => void save('html')}
        >
          HTML
        </button>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Trainee</th>
            <th>Verdict</th>
            <th>First fence</th>
            <th>Writes lost</th>
            {g.checkIds.map((c) => (
              <th key={c} title={c}>
                {g.checkTitles[c] ?? c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {g.rows.map((r) => (
            <tr
              key={r.traineeId}
              data-testid={`group-row-${r.traineeId}`}
              data-passed={r.passed === undefined ? '' : String(r.passed)}
            >
              <td>{r.name}</td>
              <td>{verdictText(r)}</td>
              <td>
                {r.firstFence
                  ? `${r.firstFence.move}${r.firstFence.rightNode ? '' : ' (not the stale node)'}, ${r.reactionSeconds} s after the tell (engine ${r.engineSeconds} s)`
                  : '—'}
              </td>
              <td>{r.writesLost ?? '—'}</td>
              {g.checkIds.map((c) => (
                <td
                  key={c}
                  data-testid={`group-check-${r.traineeId}-${c}`}
                  data-verdict={r.checks[c]?.verdict ?? ''}
                  title={r.checks[c]?.why}
                >
                  {r.checks[c]?.verdict ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Lined up on the fault</h3>
      <div className="group-moments">
        {g.rows.map((r) => (
          <div key={r.traineeId}>
            <h4>{r.name}</h4>
            <ol className="small">
              {r.moments
                .filter((m) => m.kind !== 'tell' || m.at >= 0)
                .slice(0, 40)
                .map((m, i) => (
                  <li key={i}>
                    <span className="mono">
                      {m.at >= 0 ? '+' : ''}
                      {m.at} s
                    </span>{' '}
                    {m.kind}: {m.text}
                  </li>
                ))}
            </ol>
          </div>
        ))}
      </div>
      {g.scenarios.map((s) => (
        <div key={s.id} data-testid={`group-card-${s.id}`}>
          <h3>
            The pattern: {s.pattern.id} {s.pattern.name} ({s.title})
          </h3>
          <p>{s.teaching.shape}</p>
          <p>
            <strong>The tell:</strong> {s.teaching.tell}
          </p>
          <p>
            <strong>The fix:</strong> {s.teaching.fix.immediate}
          </p>
        </div>
      ))}
    </section>
  );
}

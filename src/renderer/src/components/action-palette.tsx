import { memo, useState } from 'react';
import type { Action } from '../../../shared/scenario-schema';
import { formatClock, formatOffset } from '../format';
import { useStore } from '../store/react';
import { actionLabel, type ActionEntry, type LiveFaultWindow } from '../store/scenario-state';
import type { NodeInfo } from './scenario-nodes';

type NodeActionKind = Extract<Action, { node: string }>['kind'];

interface NodeMove {
  kind: Exclude<NodeActionKind, 'console'>;
  label: string;
  title: string;
  tone?: 'fence' | 'danger' | 'safe';
  /** Sentinels take only process moves. */
  dataOnly?: boolean;
}

/** The per-node moves, grouped in pairs (a move and its undo). */
const NODE_MOVES: NodeMove[][] = [
  [
    {
      kind: 'isolate-clients',
      label: 'Isolate from clients',
      title: "Reject the node's client port for the workload clients (a network fence)",
      tone: 'fence',
      dataOnly: true,
    },
    {
      kind: 'unisolate-clients',
      label: 'Lift isolation',
      title: 'Let the workload clients reach the node again',
      tone: 'safe',
      dataOnly: true,
    },
  ],
  [
    {
      kind: 'pause',
      label: 'Pause',
      title: 'Freeze its processes (docker pause) — not a fence: it wakes up as a zombie',
    },
    { kind: 'resume', label: 'Resume', title: 'Unfreeze its processes', tone: 'safe' },
  ],
  [
    { kind: 'stop', label: 'Stop', title: 'Stop the container (a fence)', tone: 'danger' },
    { kind: 'start', label: 'Start', title: 'Start the container again', tone: 'safe' },
  ],
  [
    {
      kind: 'demote',
      label: 'Demote',
      title:
        'REPLICAOF the master the sentinels agree on: rejoins the node and wipes what it alone had',
      tone: 'danger',
      dataOnly: true,
    },
    {
      kind: 'export-keys',
      label: 'Export keys',
      title: 'Save the workload keys this node holds (before a rejoin wipes them)',
      dataOnly: true,
    },
    {
      kind: 'declare-authoritative',
      label: 'Declare authoritative',
      title: 'Declare this node holds the truth (graded)',
      dataOnly: true,
    },
  ],
];

interface LastResult {
  label: string;
  ok: boolean;
  detail: string;
}

/**
 * The fencing and recovery moves of a scenario run. Each button calls act()
 * with one Action; the engine's answer is shown, and the action itself comes
 * back as an `action` event into the timeline.
 */
export const ActionPalette = memo(function ActionPalette({
  runId,
  nodes,
  activeFaults,
  instructorFaults,
  enabled,
  disabledReason,
}: {
  runId: string;
  nodes: NodeInfo[];
  activeFaults: LiveFaultWindow[];
  /** Faults of the scenario fired only on an instructor trigger. */
  instructorFaults: { id: string; kind: string }[];
  enabled: boolean;
  disabledReason?: string;
}) {
  const store = useStore();
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const [last, setLast] = useState<LastResult | null>(null);

  const run = async (key: string, action: Action) => {
    setPending((p) => new Set(p).add(key));
    const result = await store.act(runId, action);
    setPending((p) => {
      const next = new Set(p);
      next.delete(key);
      return next;
    });
    setLast({ label: actionLabel(action), ok: result.ok, detail: result.detail });
  };

  const button = (
    key: string,
    action: Action,
    label: string,
    title: string,
    tone?: NodeMove['tone'] | 'primary',
  ) => (
    <button
      key={key}
      type="button"
      className={`btn btn-small move${tone ? ` move-${tone}` : ''}`}
      data-testid={key}
      disabled={!enabled || pending.has(key)}
      title={enabled ? title : (disabledReason ?? title)}
      onClick={() => void run(key, action)}
    >
      {pending.has(key) ? `${label}…` : label}
    </button>
  );

  const openIds = [...new Set(activeFaults.map((f) => f.faultId))];

  return (
    <section
      className="panel action-palette"
      data-testid="action-palette"
      data-enabled={enabled ? 'true' : 'false'}
    >
      <div className="panel-title">
        <h3>Your hands</h3>
        {!enabled && disabledReason && <span className="muted small">{disabledReason}</span>}
      </div>
      <div className="palette-global">
        {button(
          'action-heal',
          { kind: 'heal' },
          'Heal all faults',
          'Revert every active fault',
          'safe',
        )}
        {openIds.map((id) =>
          button(
            `action-heal-${id}`,
            { kind: 'heal', fault: id },
            `Heal ${id}`,
            `Revert the fault ${id}`,
            'safe',
          ),
        )}
        {instructorFaults.map((f) =>
          button(
            `action-trigger-fault-${f.id}`,
            { kind: 'trigger-fault', fault: f.id },
            `Trigger ${f.id}`,
            `Instructor: fire the ${f.kind} fault ${f.id} now`,
          ),
        )}
        <span className="spacer" />
        {button(
          'action-end',
          { kind: 'end' },
          'End scenario',
          'End now: final health, ledger read-back and grade',
          'primary',
        )}
      </div>
      <table className="palette-nodes">
        <tbody>
          {nodes.map((n) => (
            <tr key={n.name} data-testid={`palette-node-${n.name}`} data-kind={n.kind}>
              <th scope="row" className="mono">
                {n.name}
              </th>
              <td>
                <div className="move-groups">
                  {NODE_MOVES.map((group, gi) => {
                    const moves = group.filter((m) => !m.dataOnly || n.kind === 'redis');
                    if (moves.length === 0) return null;
                    return (
                      <span key={gi} className="move-group">
                        {moves.map((m) =>
                          button(
                            `action-${m.kind}-${n.name}`,
                            { kind: m.kind, node: n.name },
                            m.label,
                            m.title,
                            m.tone,
                          ),
                        )}
                      </span>
                    );
                  })}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {last && (
        <p
          className={`action-result ${last.ok ? 'ok' : 'bad'}`}
          data-testid="action-result"
          data-ok={last.ok ? 'true' : 'false'}
          role="status"
        >
          <span className="mono">{last.label}</span>: {last.detail || (last.ok ? 'done' : 'failed')}
        </p>
      )}
    </section>
  );
});

/** The trainee's actions and console command lines, newest first. */
export const ActionTimeline = memo(function ActionTimeline({
  entries,
  t0,
}: {
  entries: ActionEntry[];
  t0: number;
}) {
  const shown = entries.slice().reverse();
  return (
    <section className="panel action-timeline" data-testid="action-timeline">
      <div className="panel-title">
        <h3>What you did</h3>
        <span className="muted small">
          {entries.length === 0 ? 'nothing yet' : 'actions and console commands, newest first'}
        </span>
      </div>
      {shown.length > 0 && (
        <ul className="event-list">
          {shown.map((e) => (
            <li
              key={e.seq}
              data-testid="timeline-action"
              data-kind={e.kind}
              data-ok={e.ok ? 'true' : 'false'}
              className={e.ok ? undefined : 'ev-bad'}
            >
              <span className="mono muted" title={formatClock(e.t)}>
                {formatOffset(e.t, t0)}
              </span>
              <span className="chip small">{e.source}</span>
              <span className="mono">{e.label}</span>
              {e.detail && <span className="muted msg">{e.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});

import { memo, useMemo, useRef, useState } from 'react';
import { isDataNodeKind } from '../../../shared/lab-types';
import type { Action } from '../../../shared/scenario-schema';
import { ROLE_LABELS } from '../charts/colors';
import { useStore } from '../store/react';
import { actionLabel, type LiveFaultWindow } from '../store/scenario-state';
import { CLUSTER_MOVES, candidateMovesFor, movesFor, type NodeMove } from './palette-moves';
import type { NodeInfo } from './scenario-nodes';

/** The engine's answer to one move. */
interface MoveAnswer {
  /** Which click it answers (moves may answer out of order). */
  id: number;
  label: string;
  ok: boolean;
  detail: string;
}

/** How many answers stay on screen: a slow move's answer is not replaced by a later, quicker one. */
const ANSWERS_SHOWN = 4;

type Tone = NodeMove['tone'] | 'primary';

/** A move clicked and not answered yet, and the node it acts on. */
export interface PendingMove {
  key: string;
  node?: string;
}

/**
 * A button's state: `running` while its move is in flight, `queued` while an
 * earlier move of the same node is still in flight (the engine runs it after
 * that one), else `idle`.
 */
export function moveState(
  pending: readonly PendingMove[],
  key: string,
): 'idle' | 'running' | 'queued' {
  const i = pending.findIndex((m) => m.key === key);
  if (i < 0) return 'idle';
  const node = pending[i]!.node;
  if (node !== undefined && pending.slice(0, i).some((m) => m.node === node)) return 'queued';
  return 'running';
}

/** Reads `redis-1=master,redis-2=replica` (see rolesKey) into a map. */
function parseRoles(key: string): Map<string, string> {
  const roles = new Map<string, string>();
  for (const pair of key ? key.split(',') : []) {
    const [node, role] = pair.split('=');
    if (node && role) roles.set(node, role);
  }
  return roles;
}

/**
 * The moves of a run, compact enough to sit beside a terminal: the global
 * moves of a scenario (heal, instructor triggers, end) always in view, then
 * one node picked from a row of node buttons and that node's moves. Each
 * button calls act() with one Action; the engine's answer is shown, and the
 * action comes back as an `action` event into the timeline. A plain lab
 * (`scenario` false) gets the node moves only (free exploration, nothing graded).
 */
export const ActionPalette = memo(function ActionPalette({
  runId,
  nodes,
  picked,
  onPick,
  rolesKey = '',
  scenario = true,
  activeFaults = [],
  instructorFaults = [],
  enabled,
  disabledReason,
}: {
  runId: string;
  nodes: NodeInfo[];
  /** The node whose moves are shown (the first data node when absent). */
  picked?: string;
  onPick: (node: string) => void;
  /** Each node's role from the latest sample, as `node=role,...` (the picker's role marks). */
  rolesKey?: string;
  /** A scenario run: heal, triggers, end and declare-authoritative; false for a plain lab. */
  scenario?: boolean;
  activeFaults?: LiveFaultWindow[];
  /** Faults of the scenario fired only on an instructor trigger. */
  instructorFaults?: { id: string; kind: string }[];
  enabled: boolean;
  disabledReason?: string;
}) {
  const store = useStore();
  // Moves in flight, oldest first; the engine runs a node's moves one after another.
  const [pending, setPending] = useState<readonly PendingMove[]>([]);
  // Newest answer first; each move keeps its own answer.
  const [answers, setAnswers] = useState<readonly MoveAnswer[]>([]);
  const clicks = useRef(0);
  const roles = useMemo(() => parseRoles(rolesKey), [rolesKey]);

  const run = async (key: string, action: Action) => {
    const node = 'node' in action ? action.node : undefined;
    const id = ++clicks.current;
    setPending((p) => [...p, { key, node }]);
    const result = await store.act(runId, action);
    setPending((p) => p.filter((m) => m.key !== key));
    const answer = { id, label: actionLabel(action), ok: result.ok, detail: result.detail };
    setAnswers((a) => [answer, ...a].slice(0, ANSWERS_SHOWN));
  };

  const button = (key: string, action: Action, label: string, title: string, tone?: Tone) => {
    const state = moveState(pending, key);
    return (
      <button
        key={key}
        type="button"
        className={`btn btn-small move${tone ? ` move-${tone}` : ''}${state === 'queued' ? ' move-queued' : ''}`}
        data-testid={key}
        data-state={state}
        disabled={!enabled || state !== 'idle'}
        title={
          state === 'queued'
            ? `Queued: runs once the move of this node before it has finished`
            : enabled
              ? title
              : (disabledReason ?? title)
        }
        onClick={() => void run(key, action)}
      >
        {state === 'queued' ? `${label} (queued)` : state === 'running' ? `${label}…` : label}
      </button>
    );
  };

  const openIds = [...new Set(activeFaults.map((f) => f.faultId))];
  const current = nodes.find((n) => n.name === picked) ?? nodes.find(isDataKind) ?? nodes[0];
  const groups = current ? movesOf(current, scenario) : [];
  const kinds = new Set(nodes.map((n) => n.kind));
  const clusterMoves = CLUSTER_MOVES.filter((c) => kinds.has(c.whenKind));

  return (
    <section
      className="panel action-palette"
      data-testid="action-palette"
      data-enabled={enabled ? 'true' : 'false'}
      data-picked={current?.name ?? ''}
    >
      <div className="panel-title">
        <h3>{scenario ? 'Your hands' : 'Moves'}</h3>
        {!enabled && disabledReason ? (
          <span className="muted small">{disabledReason}</span>
        ) : (
          !scenario && <span className="muted small">free exploration: nothing is graded</span>
        )}
      </div>
      {scenario && (
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
      )}
      {clusterMoves.map((c) => (
        <div key={c.title} className="palette-cluster" data-testid="palette-cluster">
          <span className="muted small">{c.title}</span>
          {c.moves.map((m) =>
            button(`action-${m.kind}`, { kind: m.kind }, m.label, m.title, m.tone),
          )}
        </div>
      ))}
      <div className="palette-picker" role="tablist" aria-label="node to act on">
        {nodes.map((n) => {
          const role = roles.get(n.name);
          return (
            <button
              key={n.name}
              type="button"
              role="tab"
              aria-selected={current?.name === n.name}
              className={`pick mono${current?.name === n.name ? ' pick-active' : ''}`}
              data-testid={`palette-node-${n.name}`}
              data-kind={n.kind}
              data-role={role ?? ''}
              title={`${n.name} (${n.kind})${role ? `: ${ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role}` : ''}`}
              onClick={() => onPick(n.name)}
            >
              <span className={`pick-dot role-${role ?? 'none'}`} aria-hidden="true" />
              {n.name}
            </button>
          );
        })}
      </div>
      {current && (
        <div
          className="palette-moves"
          role="tabpanel"
          data-testid="palette-moves"
          data-node={current.name}
          data-kind={current.kind}
        >
          {groups.map((group, gi) => (
            <span key={gi} className="move-group">
              {group.map((m) =>
                button(`action-${m.key}-${current.name}`, m.action, m.label, m.title, m.tone),
              )}
            </span>
          ))}
        </div>
      )}
      {answers.map((a, i) => (
        <p
          key={a.id}
          className={`action-result ${a.ok ? 'ok' : 'bad'}${i > 0 ? ' earlier' : ''}`}
          data-testid={i === 0 ? 'action-result' : 'action-result-earlier'}
          data-ok={a.ok ? 'true' : 'false'}
          data-move={a.label}
          role={i === 0 ? 'status' : undefined}
        >
          <span className="mono">{a.label}</span>: {a.detail || (a.ok ? 'done' : 'failed')}
        </p>
      ))}
    </section>
  );
});

/** A node the palette picks first: one that holds data or can lead (isDataNodeKind). */
function isDataKind(n: NodeInfo): boolean {
  return isDataNodeKind(n.kind);
}

interface PickedMove {
  key: string;
  action: Action;
  label: string;
  title: string;
  tone?: Tone;
}

/**
 * The picked node's moves, grouped: its kind's moves (declare-authoritative
 * only in a scenario: it is graded), and the moves that name it as the
 * candidate leader (a PostgreSQL node: switchover and failover to it).
 */
function movesOf(node: NodeInfo, scenario: boolean): PickedMove[][] {
  const groups: PickedMove[][] = movesFor(node.kind)
    .map((group) =>
      group
        .filter((m) => scenario || m.kind !== 'declare-authoritative')
        .map((m) => ({
          key: m.rule ? `${m.kind}-${m.rule}` : m.params ? `${m.kind}-${m.params.key}` : m.kind,
          action:
            m.rule && m.kind === 'replay-export'
              ? { kind: m.kind, node: node.name, rule: m.rule }
              : m.params
                ? // the system's palette pairs the kind with its fields; the engine validates the action
                  ({ kind: m.kind, node: node.name, ...m.params.fields } as Action)
                : ({ kind: m.kind, node: node.name } as Action),
          label: m.label,
          title: m.title,
          ...(m.tone ? { tone: m.tone } : {}),
        })),
    )
    .filter((g) => g.length > 0);
  const candidates = candidateMovesFor(node.kind).map((m) => ({
    key: m.kind,
    action: { kind: m.kind, candidate: node.name },
    label: m.label(node.name),
    title: m.title(node.name),
    ...(m.tone ? { tone: m.tone } : {}),
  }));
  if (candidates.length > 0) groups.push(candidates);
  return groups;
}

import type { RunEvent } from '../../../shared/run-events';
import type { Action } from '../../../shared/scenario-schema';

/** One line of the trainee's timeline: a palette/script action or a console command line. */
export interface ActionEntry {
  seq: number;
  t: number;
  kind: 'action' | 'console';
  source: string;
  /** Palette action (absent for console lines). */
  action?: Action;
  node?: string;
  label: string;
  ok: boolean;
  detail?: string;
}

/** How many moves a run keeps in the UI (older ones are dropped). */
export const MOVES_LIMIT = 200;

/** The node an action concerns (the candidate of a switchover/failover), if any. */
export function actionNode(action: Action): string | undefined {
  if ('node' in action) return action.node;
  if ('candidate' in action) return action.candidate;
  return undefined;
}

/** A short human label of a palette action, e.g. `isolate-clients redis-1`, `heal all`. */
export function actionLabel(action: Action): string {
  switch (action.kind) {
    case 'heal':
      return `heal ${action.fault ?? 'all'}`;
    case 'trigger-fault':
      return `trigger ${action.fault}`;
    case 'console':
      return `${action.node}$ ${action.command}`;
    case 'end':
      return 'end scenario';
    case 'maintenance-on':
      return 'maintenance mode on';
    case 'maintenance-off':
      return 'maintenance mode off';
    case 'switchover':
    case 'failover':
      return `${action.kind} to ${action.candidate}`;
    case 'move-leader':
      return `move-leader to ${action.node}`;
    case 'replay-export':
      // One button per conflict rule: the label says which was pressed.
      return `replay-export ${action.node} (${action.rule ?? 'keep-authoritative'})`;
    default:
      return `${action.kind} ${action.node}`;
  }
}

/** The events that are moves of the person at the keyboard (or of a script). */
export type MoveEvent = Extract<RunEvent, { kind: 'action' | 'console-line' }>;

/** Whether an event is a move (a palette/script action or a console command line). */
export function isMoveEvent(event: RunEvent): event is MoveEvent {
  return event.kind === 'action' || event.kind === 'console-line';
}

/** The timeline line of a move event. */
export function actionEntryOf(event: MoveEvent): ActionEntry {
  if (event.kind === 'console-line')
    return {
      seq: event.seq,
      t: event.t,
      kind: 'console',
      source: event.source,
      node: event.node,
      label: `${event.node}$ ${event.line}`,
      ok: true,
    };
  const node = actionNode(event.action);
  return {
    seq: event.seq,
    t: event.t,
    kind: 'action',
    source: event.source,
    action: event.action,
    ...(node !== undefined ? { node } : {}),
    label: actionLabel(event.action),
    ok: event.ok,
    ...(event.detail !== undefined ? { detail: event.detail } : {}),
  };
}

/** Appends a move, keeping at most MOVES_LIMIT (the oldest are dropped). */
export function appendMove(list: ActionEntry[], entry: ActionEntry): ActionEntry[] {
  const next =
    list.length >= MOVES_LIMIT ? list.slice(list.length - MOVES_LIMIT + 1) : list.slice();
  next.push(entry);
  return next;
}

import path from 'node:path';
import type { Action } from '../../shared/scenario-schema';
import { performNodeAction } from '../actions/node-actions';
import type { NodeActionOptions } from '../actions/node-action-types';
import type { FaultContext } from '../faults/fault-types';
import { RESTARTS, announceStop } from './lab-hands';
import type { RunController } from './run-controller';
import type { ScenarioFaults } from './scenario-faults';

/** Who made a move: the trainee's palette, the scripted response, or an instructor. */
export type MoveSource = 'palette' | 'script' | 'instructor';

/** How a move was issued, for its history event (see the `action` event's fields). */
export interface MoveIssue {
  /** ms since epoch the move was issued (the click, or the scripted step's start); default now. */
  issuedAt?: number;
  /** Why a scripted step started late. */
  late?: string;
}

/** What a move needs from the scenario run it is made in. */
export interface MoveDesk {
  controller: RunController;
  faults: ScenarioFaults;
  /** The lab's members (nodes and workload clients) as moves address them, at the time of the call. */
  context(): FaultContext;
  /** Ends the scenario; the `end` move does not wait for it (the end waits for moves in flight). */
  end(source: MoveSource): void;
  /** Options every node action of the run gets (see ScenarioSystemAdapter.actionOptions). */
  actionOptions: Partial<NodeActionOptions>;
  /** Where exported keys and other artifacts of the run are written. */
  artifactsDir: string;
}

/**
 * Carries out one move of a scenario: heals or triggers faults, declares a
 * node authoritative, ends the scenario, or acts on a node (a console
 * command is recorded as a `console-line` first). Only `end` records its own
 * `action` event (before the end begins); the others are the caller's to
 * record, with the move's timing. Rejects when the move itself throws.
 */
export async function performMove(
  desk: MoveDesk,
  action: Action,
  source: MoveSource,
): Promise<{ ok: boolean; detail: string }> {
  switch (action.kind) {
    case 'heal':
      return desk.faults.heal(action.fault, source);
    case 'trigger-fault':
      return desk.faults.fire(
        action.fault,
        source === 'palette' ? 'instructor' : source === 'script' ? 'script' : 'instructor',
      );
    case 'declare-authoritative':
      return { ok: true, detail: `${action.node} declared authoritative` };
    case 'end':
      desk.controller.history.append({
        kind: 'action',
        action,
        source,
        ok: true,
        detail: 'scenario ended',
        issuedAt: Date.now(),
      });
      desk.end(source);
      return { ok: true, detail: 'scenario ended' };
    case 'console':
      desk.controller.history.append({
        kind: 'console-line',
        node: action.node,
        line: action.command,
        source: 'script',
      });
      return nodeMove(desk, action);
    default:
      return nodeMove(desk, action);
  }
}

/**
 * A move on a node (fence, pause, stop, demote, export, console command...):
 * a node it brings back is re-read by the probes, the faults it undid are
 * closed, exported keys are recorded as an `exported-keys` event and a
 * replay of them as a `replayed-keys` event.
 */
async function nodeMove(desk: MoveDesk, action: Action): Promise<{ ok: boolean; detail: string }> {
  announceStop(desk.controller, action);
  const result = await performNodeAction(desk.context(), action, {
    ...desk.actionOptions,
    artifactsDir: desk.artifactsDir,
    // A restarted container comes back with a fresh network namespace: its partitions are put back.
    activeFaults: desk.faults.activeFaults(),
  });
  if (RESTARTS.has(action.kind) && result.ok && 'node' in action) {
    await desk.controller.nodeRestarted(action.node);
  }
  if (result.ok) await desk.faults.settleBy(action);
  if (action.kind === 'export-keys' && result.ok) {
    desk.controller.history.append({
      kind: 'exported-keys',
      node: action.node,
      keys: result.count ?? 0,
      ...(result.file ? { file: result.file, name: path.basename(result.file) } : {}),
    });
  }
  if (action.kind === 'replay-export' && result.ok && result.replay) {
    const r = result.replay;
    desk.controller.history.append({
      kind: 'replayed-keys',
      node: action.node,
      target: r.target,
      rule: r.rule,
      added: r.added.length,
      overwritten: r.overwritten,
      kept: r.kept,
      removed: r.removed,
      addedKeys: r.added,
      name: r.name,
    });
  }
  return { ok: result.ok, detail: result.detail };
}

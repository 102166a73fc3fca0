import type { Action } from '../../shared/scenario-schema';
import type { ActiveFault, MemberKind } from '../faults/fault-types';

/** The palette actions that act on one node (the others — heal, end, ... — belong to the session). */
export type NodeActionKind =
  | 'isolate-clients'
  | 'unisolate-clients'
  | 'pause'
  | 'resume'
  | 'stop'
  | 'start'
  | 'demote'
  | 'export-keys'
  | 'console';

export type NodeAction = Extract<Action, { kind: NodeActionKind }>;

/** Which member kinds each node action fits. */
export const NODE_ACTION_KINDS: Record<NodeActionKind, readonly MemberKind[]> = {
  'isolate-clients': ['redis', 'sentinel'],
  'unisolate-clients': ['redis', 'sentinel'],
  pause: ['redis', 'sentinel', 'client'],
  resume: ['redis', 'sentinel', 'client'],
  stop: ['redis', 'sentinel', 'client'],
  start: ['redis', 'sentinel', 'client'],
  demote: ['redis'],
  'export-keys': ['redis'],
  console: ['redis', 'sentinel', 'client'],
};

/** Whether an action is one of the node-level actions. */
export function isNodeAction(action: Action): action is NodeAction {
  return Object.prototype.hasOwnProperty.call(NODE_ACTION_KINDS, action.kind);
}

/** Options of performNodeAction. */
export interface NodeActionOptions {
  /** Folder export-keys writes into (created when missing). Required for export-keys. */
  artifactsDir?: string;
  /** Name the sentinels monitor the master under. Default `mymaster`. */
  masterName?: string;
  /** Budget of a console command, ms; the command is killed inside the node after it. Default 15000. */
  consoleTimeoutMs?: number;
  /** Seconds docker stop waits for a clean exit before it kills. Default 3. */
  stopGraceSeconds?: number;
  /**
   * Faults in place. `start` re-applies theirs to the restarted node: a
   * restart gives the container a fresh network namespace without rules, but
   * a partition belongs to the network and must outlive the node's restart.
   */
  activeFaults?: readonly ActiveFault[];
}

/** What a node action did. */
export interface NodeActionResult {
  ok: boolean;
  /** One or two sentences for the run history and the palette's toast. */
  detail: string;
  /** start: the node's published ports after the restart (container port -> host port on 127.0.0.1). */
  ports?: Record<number, number>;
  /** console: the command's exit code (124 = killed after the timeout). */
  exitCode?: number;
  /** console: stdout then stderr, truncated to 64 KiB. */
  output?: string;
  /** export-keys: number of workload keys written, and the file (absolute path). */
  count?: number;
  file?: string;
  /** demote: the master the node now replicates from. */
  master?: { ip: string; port: number; node?: string };
  /** isolate-clients / unisolate-clients: the client members the fence names. */
  clients?: string[];
}

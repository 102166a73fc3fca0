import { MOVE_KINDS } from '../../shared/move-registry';
import type { Action, ReplayRule } from '../../shared/scenario-schema';
import type { ActiveFault, FaultContext, LabMember, MemberKind } from '../faults/fault-types';

/**
 * The palette actions the engine carries out on the lab's nodes (the others —
 * heal, end, ... — belong to the session). Most name a `node`; switchover and
 * failover name a `candidate`; the cluster-wide moves (maintenance-on/off,
 * MoveKind.clusterWide) name none: the system that performs them picks the
 * member to act through. The system-specific ones are carried out by their
 * system's engine (SystemEngine.moves).
 */
export type NodeActionKind =
  | 'isolate-clients'
  | 'unisolate-clients'
  | 'pause'
  | 'resume'
  | 'stop'
  | 'start'
  | 'restart'
  | 'demote'
  | 'sync-clock'
  | 'export-keys'
  | 'replay-export'
  | 'console'
  | 'stop-postgres'
  | 'maintenance-on'
  | 'maintenance-off'
  | 'switchover'
  | 'failover'
  | 'reinit'
  | 'stop-keepalived'
  | 'start-keepalived'
  | 'restart-keepalived'
  | 'announce-vip'
  | 'move-leader'
  | 'fencing-check';

export type NodeAction = Extract<Action, { kind: NodeActionKind }>;

/**
 * Which member kinds each node action fits: the kind of its `node`, of its
 * `candidate`, or (a cluster-wide move) of the node it acts through
 * (MoveKind.fits in MOVE_KINDS).
 */
export const NODE_ACTION_KINDS: Record<NodeActionKind, readonly MemberKind[]> = Object.fromEntries(
  Object.entries(MOVE_KINDS).flatMap(([kind, m]) => (m.fits ? [[kind, m.fits]] : [])),
) as Record<NodeActionKind, readonly MemberKind[]>;

/** Whether an action is one of the node-level actions. */
export function isNodeAction(action: Action): action is NodeAction {
  return Object.prototype.hasOwnProperty.call(NODE_ACTION_KINDS, action.kind);
}

/**
 * The member a node action names: its `node`, or its `candidate`
 * (switchover, failover); undefined for a cluster-wide move.
 */
export function actionTarget(action: NodeAction): string | undefined {
  if ('node' in action) return action.node;
  if ('candidate' in action) return action.candidate;
  return undefined;
}

/** Options of performNodeAction. */
export interface NodeActionOptions {
  /** Folder export-keys writes into (created when missing). Required for export-keys. */
  artifactsDir?: string;
  /** Name the sentinels monitor the master under. Default `mymaster`. */
  masterName?: string;
  /** Budget of a console command, ms; the command is killed inside the node after it. Default 15000. */
  consoleTimeoutMs?: number;
  /** Seconds docker stop waits for a clean exit before it kills (stop, restart). Default 3. */
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
  /** start, restart: the node's published ports after the restart (container port -> host port on 127.0.0.1). */
  ports?: Record<number, number>;
  /** console: the command's exit code (124 = killed after the timeout). */
  exitCode?: number;
  /** console: stdout then stderr, truncated to 64 KiB. */
  output?: string;
  /** export-keys: number of workload keys written, and the file (absolute path). */
  count?: number;
  file?: string;
  /**
   * export-keys on a PostgreSQL node: how many of its rows the current leader
   * (`comparedWith`) lacks — the divergent writes — and the file listing them.
   * Absent when no other leader could be read.
   */
  divergent?: number;
  comparedWith?: string;
  divergentFile?: string;
  /** switchover, failover: the leader the system names afterwards. */
  leader?: string;
  /** A move made through some node of the cluster (switchover, a cluster-wide move...): the node its tool ran on. */
  via?: string;
  /** demote: the master the node now replicates from. */
  master?: { ip: string; port: number; node?: string };
  /** isolate-clients / unisolate-clients: the client members the fence names. */
  clients?: string[];
  /** replay-export: what the replay did (recorded as the `replayed-keys` event). */
  replay?: ReplayOutcome;
}

/** What a replay-export did to the node it replayed onto. */
export interface ReplayOutcome {
  /** The node the export was written onto (the agreed master). */
  target: string;
  rule: ReplayRule;
  /** Keys the target lacked and the replay wrote: the writes it recovered. */
  added: string[];
  /** Keys whose value the export replaced. */
  overwritten: number;
  /** Exported keys whose value on the target stayed. */
  kept: number;
  /** Workload keys of the target the export lacked, deleted (replace-all). */
  removed: number;
  /** The export file replayed (its name in the run's artifacts). */
  name: string;
}

/**
 * Carries out one node move on its member (the node, the candidate, or for a
 * cluster-wide move the member the dispatcher picked: undefined there). The
 * engine half of a MoveKind; may throw (the dispatcher turns it into
 * `{ ok: false }`).
 */
export type NodeMovePerformer<A extends NodeAction = NodeAction> = (
  ctx: FaultContext,
  node: LabMember | undefined,
  action: A,
  opts: NodeActionOptions,
) => Promise<NodeActionResult>;

/** Performers by move kind (SystemEngine.moves, and core/actions' generic ones). */
export type NodeMovePerformers = {
  readonly [K in NodeActionKind]?: NodeMovePerformer<Extract<NodeAction, { kind: K }>>;
};

/** A performer for a move that needs its member; refuses when there is none. */
export function onMember<A extends NodeAction>(
  run: (
    ctx: FaultContext,
    node: LabMember,
    action: A,
    opts: NodeActionOptions,
  ) => Promise<NodeActionResult>,
): NodeMovePerformer<A> {
  return (ctx, node, action, opts) =>
    node
      ? run(ctx, node, action, opts)
      : Promise.resolve({ ok: false, detail: `${action.kind} names no node` });
}

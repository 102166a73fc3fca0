import type { ReachabilityMatrix } from '../../shared/scenario-types';
import { errorText, memberByName, type FaultContext } from '../faults/fault-types';
import { openNetns, outcomeProblem, type NetnsTarget } from '../faults/netns-exec';
import {
  assembleMatrix,
  countsFromOutput,
  hadSetup,
  reachPort,
  reachScript,
  type ReachMember,
} from './reachability-script';

/** A measured matrix, with how it was measured. Assignable to ReachabilityMatrix. */
export interface ReachabilityReport extends ReachabilityMatrix {
  /** When the measurement started, ms since epoch. */
  t: number;
  /** Wall time of the whole measurement, ms. */
  elapsedMs: number;
  /** Rounds run: 2 when some member had to (re)build its counting rules first. */
  rounds: number;
  /** UDP port of the last round's datagrams (the next measurement's first round uses the other one). */
  port: number;
  /** Members that could not be measured, and why (stopped, exec failed...); their rows and columns read false. */
  unmeasured: Record<string, string>;
  /** Members measured through a helper container because they were paused. */
  viaHelper: string[];
}

/** Options of {@link measureReachability}. */
export interface ReachabilityOptions {
  /**
   * How long each member waits for the datagrams of its peers, ms. Members
   * stop early once every peer was heard from, so this only costs time when
   * something is cut; it must cover the spread of exec start times.
   */
  waitMs?: number;
}

const DEFAULT_WAIT_MS = 1000;

/** The measurement in progress (measurements run one after the other, in this process). */
let queue: Promise<void> = Promise.resolve();
/** Rounds run so far in this process: their parity picks the round's port (see reachPort). */
let roundsRun = 0;

/**
 * Measures the directed reachability between the named members (default:
 * every member) with one-way UDP datagrams: one exec per member per round,
 * all members in parallel (see reachability-script.ts). Paused members are
 * measured through a helper container in their network namespace (a frozen
 * node is not a cut network, and the matrix says so). Never throws for a
 * member that cannot be measured; it is listed in `unmeasured`. Throws for
 * a name that is not a member. Calls are queued: one measurement at a time.
 */
export function measureReachability(
  ctx: FaultContext,
  memberNames?: string[],
  opts: ReachabilityOptions = {},
): Promise<ReachabilityReport> {
  // Two measurements at once would zero each other's counters: one at a time.
  const run = queue.then(() => measure(ctx, memberNames, opts));
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

async function measure(
  ctx: FaultContext,
  memberNames: string[] | undefined,
  opts: ReachabilityOptions,
): Promise<ReachabilityReport> {
  const t = Date.now();
  const waitMs = opts.waitMs ?? DEFAULT_WAIT_MS;
  const members: ReachMember[] = (memberNames ?? [...ctx.members.keys()]).map((n) => {
    const m = memberByName(ctx, n);
    return { name: m.name, ipv4: m.ipv4 };
  });
  const targets = new Map<string, NetnsTarget>(
    await Promise.all(
      members.map(async (m) => [m.name, await openNetns(ctx, memberByName(ctx, m.name))] as const),
    ),
  );
  try {
    // A member that had to build its counting rules missed datagrams sent before them: measure again.
    let round = await runRound(members, targets, waitMs, roundsRun++);
    let rounds = 1;
    if (round.setup) {
      round = await runRound(members, targets, waitMs, roundsRun++);
      rounds = 2;
    }
    const unmeasured: Record<string, string> = { ...round.unmeasured };
    for (const [name, target] of targets) {
      if (target.status === 'failed') unmeasured[name] = target.error;
      else if (target.status !== 'ready') unmeasured[name] = target.status;
    }
    const counts = round.counts;
    return {
      ...assembleMatrix(members, counts),
      t,
      elapsedMs: Date.now() - t,
      rounds,
      port: round.port,
      unmeasured,
      viaHelper: [...targets]
        .filter(([, x]) => x.status === 'ready' && x.via === 'helper')
        .map(([n]) => n),
    };
  } finally {
    await Promise.all(
      [...targets.values()].flatMap((x) => (x.status === 'ready' ? [x.runner.close()] : [])),
    );
  }
}

/** One round: every reachable member runs its script at once. */
async function runRound(
  members: ReachMember[],
  targets: ReadonlyMap<string, NetnsTarget>,
  waitMs: number,
  round: number,
): Promise<{
  counts: Map<string, Map<string, number>>;
  unmeasured: Record<string, string>;
  setup: boolean;
  port: number;
}> {
  const counts = new Map<string, Map<string, number>>();
  const unmeasured: Record<string, string> = {};
  let setup = false;
  const ready = members.filter((m) => targets.get(m.name)?.status === 'ready');
  await Promise.all(
    ready.map(async (m) => {
      const target = targets.get(m.name);
      if (target?.status !== 'ready') return;
      const peers = ready.filter((p) => p.name !== m.name).map((p) => p.ipv4);
      try {
        const result = await target.runner.run(reachScript(peers, waitMs, round), waitMs + 5000);
        const problem = outcomeProblem({ status: 'done', via: target.via, result });
        if (problem !== undefined) {
          unmeasured[m.name] = problem;
          return;
        }
        if (hadSetup(result.stdout)) setup = true;
        counts.set(m.name, countsFromOutput(result.stdout));
      } catch (err) {
        unmeasured[m.name] = errorText(err);
      }
    }),
  );
  return { counts, unmeasured, setup, port: reachPort(round) };
}

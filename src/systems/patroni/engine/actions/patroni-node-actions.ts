import { errorText, type FaultContext, type LabMember } from '../../../../core/faults/fault-types';
import {
  findPatroniHost,
  inRecovery,
  leaderOf,
  listCluster,
  patroniPids,
  patroniStatusOf,
  postgresMembers,
  readRest,
  readScope,
  runPatronictl,
  runPgCtl,
  setMaintenance,
  type PatroniHost,
} from '../faults/patroni-cli';
import { briefOutput, execErrorText } from '../../../../core/faults/container-exec';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';

/**
 * The palette's Patroni moves, each run with the lab's own tools inside its
 * nodes (patronictl, pg_ctl, psql), so the history shows what a trainee
 * would have typed. Every function returns `{ ok, detail }` and quotes the
 * tool briefly when it fails; none throws for an expected failure (a
 * stopped node, no leader, Patroni silent).
 */

/** Budget of switchover/failover (patronictl waits for the new leader), ms. */
const SWITCH_TIMEOUT_MS = 90_000;
/** Budget of a reinit with --wait (a pg_basebackup of the leader), ms. */
const REINIT_TIMEOUT_MS = 180_000;
/** Budget of pg_ctl stop, ms (pg_ctl itself gives up after 30 s). */
const PG_STOP_TIMEOUT_MS = 40_000;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Why no patronictl could be run, for a detail line. */
function noHostDetail(ctx: FaultContext, what: string): NodeActionResult {
  return postgresMembers(ctx).length === 0
    ? { ok: false, detail: `${what} needs a Patroni lab: this run has no PostgreSQL node` }
    : {
        ok: false,
        detail: `${what}: Patroni answers on no running PostgreSQL node (all stopped, paused or with Patroni down)`,
      };
}

/** loop_wait of the cluster's dynamic config (GET /config), s; undefined when Patroni does not say. */
async function loopWaitSeconds(ctx: FaultContext, node: LabMember): Promise<number | undefined> {
  try {
    const a = await readRest(ctx, node, '/config');
    const v = (JSON.parse(a.body) as { loop_wait?: unknown }).loop_wait;
    return typeof v === 'number' && v > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Watches postgres on the node for one Patroni loop after a stop (loop_wait
 * plus a second of margin, polled with `pg_ctl status`). Resolves to the ms
 * after which it ran again, or undefined when it stayed down.
 */
async function startedAgainWithinOneLoop(
  ctx: FaultContext,
  node: LabMember,
): Promise<number | undefined> {
  const started = Date.now();
  const windowMs = ((await loopWaitSeconds(ctx, node)) ?? 10) * 1000 + 1000;
  while (Date.now() - started < windowMs) {
    const r = await runPgCtl(ctx, node, ['status'], 5000).catch(() => undefined);
    if (r?.exitCode === 0) return Date.now() - started;
    await new Promise((res) => setTimeout(res, 300));
  }
  return undefined;
}

/**
 * Stops postgres only (`pg_ctl stop -m fast` as postgres): a fence, the
 * container and Patroni stay. Patroni, when alive and not in maintenance
 * mode, starts postgres again at its next loop (a few seconds); the detail
 * says so. In maintenance mode Patroni should leave it down, but Patroni 3.0
 * still starts a stopped replica now and then (seen in CI; its code makes an
 * exception while a pg_rewind check of the replica is pending), so the
 * action watches one Patroni loop and reports a fence that did not hold as
 * failed. Postgres already down counts as done.
 */
export async function stopPostgres(ctx: FaultContext, node: LabMember): Promise<NodeActionResult> {
  let patroni: number[];
  try {
    patroni = await patroniPids(ctx, node);
  } catch (err) {
    return { ok: false, detail: `cannot stop postgres on ${node.name}: ${execErrorText(err)}` };
  }
  const status = patroni.length > 0 ? await patroniStatusOf(ctx, node) : undefined;
  const r = await runPgCtl(ctx, node, ['stop', '-m', 'fast', '-w', '-t', '30'], PG_STOP_TIMEOUT_MS);
  const notRunning = /PID file .* does not exist|Is server running\?/i.test(r.stderr + r.stdout);
  if (r.exitCode !== 0 && !notRunning) {
    return { ok: false, detail: `pg_ctl stop on ${node.name} failed (${briefOutput(r)})` };
  }
  const what = notRunning
    ? `postgres on ${node.name} was not running`
    : `postgres on ${node.name} stopped (pg_ctl stop -m fast, ${seconds(r.ms)}): port 5432 refuses`;
  if (patroni.length > 0 && status?.paused && !notRunning) {
    const againMs = await startedAgainWithinOneLoop(ctx, node);
    if (againMs !== undefined) {
      return {
        ok: false,
        detail:
          `postgres on ${node.name} stopped (pg_ctl stop -m fast, ${seconds(r.ms)}), but Patroni started it ` +
          `again ${seconds(againMs)} later although in maintenance mode (Patroni 3.0 does so for a replica ` +
          `whose pg_rewind check is pending): postgres runs; stop Patroni or the container to keep it down`,
      };
    }
  }
  const note =
    patroni.length === 0
      ? 'no Patroni runs on it, so it stays down'
      : status?.paused
        ? 'Patroni is in maintenance mode and left it down through its next loop; it stays down until resume'
        : `Patroni is running on it (pid ${patroni.join(', ')}) and not in maintenance mode: it will start postgres again at its next loop`;
  return { ok: true, detail: `${what}; ${note}` };
}

/**
 * Maintenance mode on or off for the whole cluster (`patronictl pause|resume
 * --wait`), run on any running PostgreSQL node whose Patroni answers. Already
 * in that mode counts as done.
 */
export async function setMaintenanceMode(
  ctx: FaultContext,
  on: boolean,
): Promise<NodeActionResult> {
  const what = on ? 'maintenance-on' : 'maintenance-off';
  const host = await findPatroniHost(ctx);
  if (!host) return noHostDetail(ctx, what);
  const r = await setMaintenance(ctx, host.member, on);
  const name = host.member.name;
  if (!r.ok) {
    return {
      ok: false,
      detail: `patronictl ${on ? 'pause' : 'resume'} on ${name} failed (${r.output})`,
      via: name,
    };
  }
  const detail = r.already
    ? `maintenance mode was ${on ? 'on' : 'off'} already`
    : on
      ? `maintenance mode on (patronictl pause --wait on ${name}, ${seconds(r.ms)}): Patroni no longer fails over, demotes or restarts anything`
      : `maintenance mode off (patronictl resume --wait on ${name}, ${seconds(r.ms)}): Patroni manages the cluster again`;
  return { ok: true, detail, via: name };
}

/** The cluster as patronictl sees it from `host`, with its leader; an error detail when it cannot be read. */
export async function clusterView(
  ctx: FaultContext,
  host: PatroniHost,
): Promise<{ leader: string | undefined; table: string } | { error: string }> {
  try {
    const members = await listCluster(ctx, host.member);
    const table = members
      .map(
        (m) =>
          `${m.name} ${m.role} ${m.state}${m.timeline !== undefined ? ` TL${m.timeline}` : ''}`,
      )
      .join(', ');
    return { leader: leaderOf(members), table };
  } catch (err) {
    return { error: errorText(err) };
  }
}

/**
 * Planned switchover of the leader role to `candidate` (`patronictl
 * switchover --leader <current> --candidate <candidate> --force`). Needs a
 * leader: without one it says to use failover. Reports the leader
 * patronictl names afterwards.
 */
export async function switchoverTo(
  ctx: FaultContext,
  candidate: LabMember,
): Promise<NodeActionResult> {
  const host = await findPatroniHost(ctx, [candidate.name]);
  if (!host) return noHostDetail(ctx, 'switchover');
  const before = await clusterView(ctx, host);
  if ('error' in before) return { ok: false, detail: `switchover: ${before.error}` };
  if (!before.leader) {
    return {
      ok: false,
      detail: `switchover needs a leader and the cluster has none (${before.table}); use failover`,
      via: host.member.name,
    };
  }
  if (before.leader === candidate.name) {
    return {
      ok: false,
      detail: `${candidate.name} is the leader already`,
      leader: before.leader,
      via: host.member.name,
    };
  }
  const r = await runPatronictl(
    ctx,
    host.member,
    ['switchover', '--leader', before.leader, '--candidate', candidate.name, '--force'],
    SWITCH_TIMEOUT_MS,
  );
  return afterSwitch(ctx, host, 'switchover', before.leader, candidate.name, r);
}

/**
 * Failover to `candidate` (`patronictl failover --candidate <candidate>
 * --force`): works without a healthy leader. Reports the leader patronictl
 * names afterwards.
 */
export async function failoverTo(
  ctx: FaultContext,
  candidate: LabMember,
): Promise<NodeActionResult> {
  const host = await findPatroniHost(ctx, [candidate.name]);
  if (!host) return noHostDetail(ctx, 'failover');
  const before = await clusterView(ctx, host);
  const from = 'error' in before ? undefined : before.leader;
  const r = await runPatronictl(
    ctx,
    host.member,
    ['failover', '--candidate', candidate.name, '--force'],
    SWITCH_TIMEOUT_MS,
  );
  return afterSwitch(ctx, host, 'failover', from, candidate.name, r);
}

async function afterSwitch(
  ctx: FaultContext,
  host: PatroniHost,
  what: 'switchover' | 'failover',
  from: string | undefined,
  to: string,
  r: { exitCode: number; stdout: string; stderr: string; ms: number },
): Promise<NodeActionResult> {
  const succeeded = r.exitCode === 0 && /Successfully (switched|failed) over/i.test(r.stdout);
  if (!succeeded) {
    return {
      ok: false,
      detail: `${what} to ${to} failed (${briefOutput(r)})`,
      via: host.member.name,
    };
  }
  const after = await clusterView(ctx, host);
  const leader = 'error' in after ? undefined : after.leader;
  const fromText = from ? `${from} -> ${to}` : `to ${to}`;
  return {
    ok: leader === to,
    detail:
      `${what} ${fromText} (patronictl on ${host.member.name}, ${seconds(r.ms)}); ` +
      ('error' in after
        ? `the cluster could not be read back: ${after.error}`
        : `patronictl list: ${after.table}`),
    ...(leader ? { leader } : {}),
    via: host.member.name,
  };
}

/** Options of reinitNode. */
export interface ReinitOptions {
  /** Patroni cluster name for `patronictl reinit`. Default: the `scope` of the node's patroni.yml. */
  scope?: string;
  /** Wait until the node is rebuilt (`--wait`). Default true. */
  wait?: boolean;
}

/**
 * Rebuilds a replica from the leader (`patronictl reinit <scope> <node>
 * --force`, with `--wait` unless `wait` is false): its data directory is
 * wiped and cloned again, so whatever only it had is gone (export it first).
 * Patroni refuses the leader itself. The scope comes from `opts.scope`, else
 * from the node's patroni.yml.
 */
export async function reinitNode(
  ctx: FaultContext,
  node: LabMember,
  opts: ReinitOptions = {},
): Promise<NodeActionResult> {
  const host = await findPatroniHost(ctx, [node.name]);
  if (!host) return noHostDetail(ctx, 'reinit');
  const scope = opts.scope ?? (await readScope(ctx, host.member));
  const wait = opts.wait ?? true;
  const r = await runPatronictl(
    ctx,
    host.member,
    ['reinit', scope, node.name, '--force', ...(wait ? ['--wait'] : [])],
    REINIT_TIMEOUT_MS,
  );
  const accepted = r.exitCode === 0 && /Success: reinitiali[sz]e for member/i.test(r.stdout);
  if (!accepted) {
    return {
      ok: false,
      detail: `reinit of ${node.name} failed (${briefOutput(r)})`,
      via: host.member.name,
    };
  }
  if (!wait) {
    return {
      ok: true,
      detail: `reinit of ${node.name} started (patronictl reinit ${scope} ${node.name}): it is being cloned from the leader`,
      via: host.member.name,
    };
  }
  const completed = /Reinitiali[sz]e is completed/i.test(r.stdout);
  const role = await inRecovery(ctx, node).then(
    (standby) => (standby ? '; it runs as a replica' : '; yet it runs as a primary'),
    () => '; its postgres does not answer yet',
  );
  return {
    ok: completed,
    detail: completed
      ? `${node.name} rebuilt from the leader (patronictl reinit --wait, ${seconds(r.ms)}): what only it had is gone${role}`
      : `reinit of ${node.name} did not report completion (${briefOutput(r)})`,
    via: host.member.name,
  };
}

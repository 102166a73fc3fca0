/**
 * Runs the Patroni lab's own tools inside its nodes (one `docker exec` each,
 * ~50-100 ms): patronictl, psql, pg_ctl, and Patroni's REST API read from
 * inside the node (curl on 127.0.0.1:8008), so nothing depends on reaching
 * container addresses from the host. Shared by the Patroni faults and the
 * palette's Patroni actions. The parsers at the top are pure (unit-tested).
 */
import {
  DEFAULT_PATRONI_SETTINGS,
  PATRONI_CONFIG_PATH,
  PATRONI_DATABASE,
  PATRONI_ENTRYPOINT,
  PATRONI_REST_PORT,
  PG_BIN_DIR,
  PG_DATA_DIR,
} from '../lab/patroni-config';
import { parsePatroniStatus, type PatroniStatus } from '../lab/patroni-status';
import type { FaultContext, LabMember } from '../../../../core/faults/fault-types';
import {
  bashIn,
  brief,
  briefOutput,
  execIn,
  QUICK_EXEC_MS,
  type CliResult,
} from '../../../../core/faults/container-exec';

/** How the wrapper (and pgrep) recognise the Patroni process: `pgrep -u postgres -f` pattern. */
export const PATRONI_PROCESS_PATTERN = '^/usr/bin/python3 /usr/bin/patroni';
/** The wrapper's record of the running Patroni's pid. */
export const PATRONI_PIDFILE = '/run/dojo-patroni.pid';
/** PostgreSQL's Unix socket directory in the lab image. */
export const PG_SOCKET_DIR = '/var/run/postgresql';
/** OS user postgres and Patroni run as. */
export const PG_OS_USER = 'postgres';

// ---------------------------------------------------------------- pure parts

/** One member as `patronictl list -f json` shows it. */
export interface PatronictlMember {
  name: string;
  host: string;
  /** `Leader`, `Replica`, `Sync Standby`, `Standby Leader`... */
  role: string;
  /** `running`, `stopped`, `starting`, `creating replica`... (Patroni 3.0 says `running` for a streaming replica). */
  state: string;
  timeline?: number;
  /** Replication lag, MB; undefined for the leader or when Patroni does not know it. */
  lagMb?: number;
}

/**
 * Parses `patronictl list -f json` (an array of rows with the table's column
 * names: Member, Host, Role, State, TL, "Lag in MB"). Text before the array
 * (warnings) is skipped. Throws when no array can be read.
 */
export function parsePatronictlList(out: string): PatronictlMember[] {
  const start = out.indexOf('[');
  const end = out.lastIndexOf(']');
  if (start < 0 || end < start) throw new Error(`patronictl list: no JSON in ${brief(out)}`);
  let rows: unknown;
  try {
    rows = JSON.parse(out.slice(start, end + 1));
  } catch {
    throw new Error(`patronictl list: not JSON: ${brief(out)}`);
  }
  if (!Array.isArray(rows)) throw new Error('patronictl list: not an array');
  return rows.flatMap((r: unknown): PatronictlMember[] => {
    if (typeof r !== 'object' || r === null) return [];
    const o = r as Record<string, unknown>;
    if (typeof o.Member !== 'string') return [];
    const num = (v: unknown): number | undefined =>
      typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    return [
      {
        name: o.Member,
        host: typeof o.Host === 'string' ? o.Host : '',
        role: typeof o.Role === 'string' ? o.Role : '',
        state: typeof o.State === 'string' ? o.State : '',
        ...(num(o.TL) !== undefined ? { timeline: num(o.TL) } : {}),
        ...(num(o['Lag in MB']) !== undefined ? { lagMb: num(o['Lag in MB']) } : {}),
      },
    ];
  });
}

/** The member patronictl names leader (holder of the leader key), if any. */
export function leaderOf(members: readonly PatronictlMember[]): string | undefined {
  return members.find((m) => m.role === 'Leader' || m.role === 'Standby Leader')?.name;
}

/** The `scope:` of a patroni.yml (top-level key), if present. */
export function parseScope(yaml: string): string | undefined {
  const m = /^scope:\s*['"]?([A-Za-z0-9_-]+)['"]?\s*$/m.exec(yaml);
  return m?.[1];
}

/** argv of `patronictl -c <lab config> ...args`. */
export function patronictlArgv(args: readonly string[]): string[] {
  return ['patronictl', '-c', PATRONI_CONFIG_PATH, ...args];
}

/** psql on the node's socket as the OS user postgres, quiet, unaligned and tuples only, stopping at the first error. */
const psqlBase = (database: string): string[] => [
  'psql',
  '-X',
  '-q',
  '-A',
  '-t',
  '-v',
  'ON_ERROR_STOP=1',
  '-h',
  PG_SOCKET_DIR,
  '-U',
  PG_OS_USER,
  '-d',
  database,
];

/** argv of psql on the node's socket, unaligned and tuples only, stopping at the first error. */
export function psqlArgv(sql: string, database = PATRONI_DATABASE): string[] {
  return [...psqlBase(database), '-F', ' ', '-c', sql];
}

/** argv of the same psql reading its script (and any COPY data) from stdin. */
export function psqlScriptArgv(database = PATRONI_DATABASE): string[] {
  return [...psqlBase(database), '-f', '-'];
}

/** argv of `pg_ctl -D <data dir> ...args` (PostgreSQL 15 of the lab image). */
export function pgCtlArgv(args: readonly string[]): string[] {
  return [`${PG_BIN_DIR}/pg_ctl`, '-D', PG_DATA_DIR, ...args];
}

/**
 * A shell script that kills Patroni with SIGKILL and waits (up to 2.5 s)
 * until it is gone; prints `killed <pids> rest=<http code> recovery=<t|f|?>`
 * (`rest=000`: the REST API is silent; `recovery=f`: postgres is a primary). Exit 3 when Patroni is not running.
 */
export function killPatroniScript(): string {
  return [
    `pids=$(pgrep -u ${PG_OS_USER} -f '${PATRONI_PROCESS_PATTERN}' | tr '\\n' ' ')`,
    `[ -n "$pids" ] || { echo 'Patroni is not running on this node' >&2; exit 3; }`,
    'kill -9 $pids',
    'i=0',
    `while pgrep -u ${PG_OS_USER} -f '${PATRONI_PROCESS_PATTERN}' >/dev/null && [ $i -lt 50 ]; do sleep 0.05; i=$((i + 1)); done`,
    `rest=$(curl -s -m 1 -o /dev/null -w '%{http_code}' http://127.0.0.1:${PATRONI_REST_PORT}/patroni)`,
    `rec=$(psql -X -qAt -h ${PG_SOCKET_DIR} -U ${PG_OS_USER} -d ${PATRONI_DATABASE} -c 'select pg_is_in_recovery()' 2>/dev/null || echo '?')`,
    'echo "killed ${pids% } rest=${rest:-000} recovery=$rec"',
  ].join('\n');
}

/**
 * A shell script that starts Patroni through the image's wrapper unless it
 * already runs (a trainee may have restarted it or the node). Patroni's log
 * goes to the container's output (`/proc/1/fd/1`, i.e. docker logs), not to
 * the exec, whose stream would otherwise stay open. It first waits (up to
 * 3 s) for the wrapper to notice the old Patroni's death, so that the wrapper
 * does not forget the new pid. Prints `running <pid>` or `started <pid>`.
 */
export function startPatroniScript(): string {
  return [
    `pid=$(pgrep -u ${PG_OS_USER} -f '${PATRONI_PROCESS_PATTERN}' | head -n1)`,
    '[ -n "$pid" ] && { echo "running $pid"; exit 0; }',
    'i=0',
    `while [ -s ${PATRONI_PIDFILE} ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done`,
    `${PATRONI_ENTRYPOINT} --start-patroni </dev/null >/proc/1/fd/1 2>&1`,
    `pid=$(pgrep -u ${PG_OS_USER} -f '${PATRONI_PROCESS_PATTERN}' | head -n1)`,
    `[ -n "$pid" ] || { echo 'Patroni did not start (see docker logs)' >&2; exit 1; }`,
    `[ -s ${PATRONI_PIDFILE} ] || echo "$pid" > ${PATRONI_PIDFILE}`,
    'echo "started $pid"',
  ].join('\n');
}

// ------------------------------------------------------------- exec helpers

/** `patronictl -c <config> ...args` as postgres in the member (default budget 30 s). */
export function runPatronictl(
  ctx: FaultContext,
  member: LabMember,
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<CliResult> {
  return execIn(ctx, member, patronictlArgv(args), { user: PG_OS_USER, timeoutMs });
}

/** psql as postgres on the member's socket (default budget 10 s). */
export function runPsql(
  ctx: FaultContext,
  member: LabMember,
  sql: string,
  timeoutMs = 10_000,
): Promise<CliResult> {
  return execIn(ctx, member, psqlArgv(sql), { user: PG_OS_USER, timeoutMs });
}

/** `pg_ctl -D <data dir> ...args` as postgres (default budget 40 s). */
export function runPgCtl(
  ctx: FaultContext,
  member: LabMember,
  args: readonly string[],
  timeoutMs = 40_000,
): Promise<CliResult> {
  return execIn(ctx, member, pgCtlArgv(args), { user: PG_OS_USER, timeoutMs });
}

/**
 * Whether postgres on the member is in recovery (a standby): `true`, `false`
 * (a primary). Throws, quoting psql, when postgres does not answer.
 */
export async function inRecovery(ctx: FaultContext, member: LabMember): Promise<boolean> {
  const r = await runPsql(ctx, member, 'select pg_is_in_recovery()', QUICK_EXEC_MS);
  const v = r.stdout.trim();
  if (r.exitCode !== 0 || (v !== 't' && v !== 'f')) {
    throw new Error(`postgres on ${member.name} does not answer (${briefOutput(r)})`);
  }
  return v === 't';
}

/** An answer of Patroni's REST API read inside the node; `status` 0 = no answer (Patroni silent). */
export interface RestAnswer {
  status: number;
  body: string;
}

/** GET http://127.0.0.1:8008<path> inside the member (curl, 2 s). Throws on Docker errors only. */
export async function readRest(
  ctx: FaultContext,
  member: LabMember,
  path = '/patroni',
): Promise<RestAnswer> {
  const r = await bashIn(
    ctx,
    member,
    `curl -s -m 2 -w '\\n%{http_code}' http://127.0.0.1:${PATRONI_REST_PORT}${path}`,
  );
  const lines = r.stdout.replace(/\n$/, '').split('\n');
  const status = Number(lines.pop());
  return { status: Number.isInteger(status) ? status : 0, body: lines.join('\n') };
}

/** Patroni's status of the member (GET /patroni), or undefined when Patroni does not answer or the node cannot be reached. */
export async function patroniStatusOf(
  ctx: FaultContext,
  member: LabMember,
): Promise<PatroniStatus | undefined> {
  try {
    const a = await readRest(ctx, member, '/patroni');
    return a.status === 0 ? undefined : parsePatroniStatus(a.body);
  } catch {
    return undefined;
  }
}

/** PIDs of the Patroni processes running in the member (empty when none). */
export async function patroniPids(ctx: FaultContext, member: LabMember): Promise<number[]> {
  const r = await bashIn(ctx, member, `pgrep -u ${PG_OS_USER} -f '${PATRONI_PROCESS_PATTERN}'`);
  return r.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** The run's PostgreSQL (Patroni) members, by name. */
export function postgresMembers(ctx: FaultContext): LabMember[] {
  return [...ctx.members.values()]
    .filter((m) => m.kind === 'postgres')
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A member patronictl can run on: its container runs and its Patroni answers. */
export interface PatroniHost {
  member: LabMember;
  status: PatroniStatus;
}

/**
 * A running PostgreSQL member whose Patroni answers (where patronictl is
 * sure to find a working config and a DCS view), `prefer`red names first,
 * then by name. Undefined when no Patroni answers.
 */
export async function findPatroniHost(
  ctx: FaultContext,
  prefer: readonly string[] = [],
): Promise<PatroniHost | undefined> {
  const all = postgresMembers(ctx);
  const ordered = [
    ...prefer.flatMap((n) => all.filter((m) => m.name === n)),
    ...all.filter((m) => !prefer.includes(m.name)),
  ];
  const statuses = await Promise.all(ordered.map((m) => patroniStatusOf(ctx, m)));
  for (let i = 0; i < ordered.length; i++) {
    const member = ordered[i];
    const status = statuses[i];
    if (member && status) return { member, status };
  }
  return undefined;
}

/** The cluster as `patronictl list -f json` run in `host` shows it. Throws quoting patronictl. */
export async function listCluster(ctx: FaultContext, host: LabMember): Promise<PatronictlMember[]> {
  const r = await runPatronictl(ctx, host, ['list', '-f', 'json'], 15_000);
  if (r.exitCode !== 0) throw new Error(`patronictl list failed (${briefOutput(r)})`);
  return parsePatronictlList(r.stdout);
}

/**
 * The Patroni scope (cluster name) in the member's config; the default
 * scope when the config cannot be read.
 */
export async function readScope(ctx: FaultContext, member: LabMember): Promise<string> {
  try {
    const r = await execIn(ctx, member, ['cat', PATRONI_CONFIG_PATH], {
      timeoutMs: QUICK_EXEC_MS,
    });
    return parseScope(r.stdout) ?? DEFAULT_PATRONI_SETTINGS.scope;
  } catch {
    return DEFAULT_PATRONI_SETTINGS.scope;
  }
}

/** `pause` or `resume` of the cluster with `--wait`; `already` when it was in that state already. */
export async function setMaintenance(
  ctx: FaultContext,
  host: LabMember,
  on: boolean,
  timeoutMs = 30_000,
): Promise<{ ok: boolean; already: boolean; ms: number; output: string }> {
  const r = await runPatronictl(ctx, host, [on ? 'pause' : 'resume', '--wait'], timeoutMs);
  const text = `${r.stdout}\n${r.stderr}`;
  const already = /already paused|is not paused/i.test(text);
  return { ok: r.exitCode === 0 || already, already, ms: r.ms, output: briefOutput(r) };
}

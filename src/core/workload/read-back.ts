import type { ContainerRuntime } from '../runtime/container-runtime';

/** The key pattern of every workload write. */
export const WORKLOAD_KEY_PATTERN = 'dojo:w:*';
/** SCAN COUNT hint: keys examined per step. */
const SCAN_COUNT = 1000;

/**
 * Every workload key (`dojo:w:*`) a data node holds, read inside the node's
 * container with `redis-cli --scan` (redis-cli 7.0 has no `--count`: it scans
 * with SCAN's default COUNT 10, about 1 000 round trips on the node's own
 * loopback for 10 000 keys, tens of ms). Works on a master or a replica; fails
 * (throws) when the node is paused, stopped or its Redis does not answer.
 * @param timeoutMs budget of the whole read, ms (default 10 000).
 */
export async function readWorkloadKeys(
  runtime: ContainerRuntime,
  containerId: string,
  opts: { timeoutMs?: number; port?: number } = {},
): Promise<Set<string>> {
  const cmd = [
    'redis-cli',
    '-p',
    String(opts.port ?? 6379),
    '--scan',
    '--pattern',
    WORKLOAD_KEY_PATTERN,
  ];
  const r = await runtime.exec(containerId, cmd, { timeoutMs: opts.timeoutMs ?? 10_000 });
  // redis-cli prints a connection error on stderr and, for --scan, may exit 0 with nothing on stdout.
  if (r.exitCode !== 0 || r.stderr.trim() !== '') {
    throw new Error(
      `reading workload keys failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
    );
  }
  return new Set(
    r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('dojo:w:')),
  );
}

/** A connection that sends one command and waits at most `timeoutMs` (RedisProbeConnection fits). */
export interface RedisCaller {
  call(timeoutMs: number, command: string, ...args: string[]): Promise<unknown>;
}

/**
 * The same read over an existing connection (e.g. a probe's long-lived
 * connection through a published port), with SCAN. Throws when the node does
 * not answer or the reply is not a SCAN reply.
 * @param timeoutMs budget of each SCAN step, ms (default 2000).
 */
export async function scanWorkloadKeys(conn: RedisCaller, timeoutMs = 2000): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const reply = await conn.call(
      timeoutMs,
      'SCAN',
      cursor,
      'MATCH',
      WORKLOAD_KEY_PATTERN,
      'COUNT',
      String(SCAN_COUNT),
    );
    if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) {
      throw new Error(`unexpected SCAN reply: ${JSON.stringify(reply)?.slice(0, 200)}`);
    }
    cursor = String(reply[0]);
    for (const k of reply[1] as unknown[]) keys.add(String(k));
  } while (cursor !== '0');
  return keys;
}

/** Options of readPostgresWorkloadKeys. */
export interface PostgresReadBackOptions {
  user: string;
  database: string;
  /** Default: the node's Unix socket (psql's default); e.g. `127.0.0.1` for a TCP login. */
  host?: string;
  port?: number;
  /** Passed as PGPASSWORD when the login needs one. */
  password?: string;
  /** OS user the exec runs as (e.g. `postgres` for peer authentication on the socket). */
  execUser?: string;
  /** Budget of the whole read, ms (default 10 000). */
  timeoutMs?: number;
}

/**
 * psql's argv for one scripted query run in a node's container: no psqlrc,
 * quiet, unaligned tuples only, stopping at the first error; append
 * `-c <sql>` (and `-F` for a separator).
 */
export function psqlArgv(opts: {
  user: string;
  database: string;
  host?: string;
  port?: number;
}): string[] {
  return [
    'psql',
    '-X',
    '-q',
    '-A',
    '-t',
    '-v',
    'ON_ERROR_STOP=1',
    '-U',
    opts.user,
    '-d',
    opts.database,
    ...(opts.host ? ['-h', opts.host] : []),
    ...(opts.port ? ['-p', String(opts.port)] : []),
  ];
}

/**
 * Every workload write a PostgreSQL node holds, as the same keys the ledger
 * uses (`dojo:w:<client>:<seq 6 digits>`), read inside the node's container
 * with `psql` from the `dojo_writes` table. Works on a primary or a standby;
 * a node without the table holds none (empty set). Throws when the node is
 * paused, stopped or its postgres does not answer.
 */
export async function readPostgresWorkloadKeys(
  runtime: ContainerRuntime,
  containerId: string,
  opts: PostgresReadBackOptions,
): Promise<Set<string>> {
  const sql = "SELECT CASE WHEN to_regclass('public.dojo_writes') IS NULL THEN '' ELSE 'x' END";
  const psql = psqlArgv(opts);
  const run = async (query: string): Promise<string> => {
    const r = await runtime.exec(containerId, [...psql, '-F', ' ', '-c', query], {
      timeoutMs: opts.timeoutMs ?? 10_000,
      ...(opts.execUser ? { user: opts.execUser } : {}),
      ...(opts.password !== undefined ? { env: { PGPASSWORD: opts.password } } : {}),
    });
    if (r.exitCode !== 0) {
      throw new Error(
        `reading workload rows failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
      );
    }
    return r.stdout;
  };
  if ((await run(sql)).trim() !== 'x') return new Set();
  const out = await run('SELECT client, seq FROM dojo_writes');
  return parseClientSeqRows(out);
}

/** `client seq` lines (psql -A -t -F ' ') to workload keys. */
export function parseClientSeqRows(out: string): Set<string> {
  const keys = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /^([A-Za-z0-9_-]+) (\d+)$/.exec(line.trim());
    if (m?.[1] && m[2]) keys.add(`dojo:w:${m[1]}:${m[2].padStart(6, '0')}`);
  }
  return keys;
}

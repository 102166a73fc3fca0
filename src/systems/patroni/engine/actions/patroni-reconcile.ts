import fs from 'node:fs/promises';
import path from 'node:path';
import { errorText, type FaultContext, type LabMember } from '../../../../core/faults/fault-types';
import { execErrorText } from '../../../../core/faults/container-exec';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';
import {
  exportFileName,
  readLatestExport,
  writeExport,
  type SavedEntry,
} from '../../../../core/actions/saved-export';
import { readPostgresWorkloadKeys } from '../../../../core/workload/read-back';
import type { ReplayRule } from '../../../../shared/scenario-schema';
import { PATRONI_DATABASE } from '../lab/patroni-config';
import {
  findPatroniHost,
  inRecovery,
  PG_OS_USER,
  PG_SOCKET_DIR,
  psqlArgv,
  psqlScriptArgv,
} from '../faults/patroni-cli';
import { clusterView } from './patroni-node-actions';

/**
 * Reconciliation on Patroni: export-keys saves the workload rows a node
 * holds with their payloads; replay-export writes a node's latest export
 * onto the leader in one transaction under a conflict rule. Both run psql
 * inside the node, on its socket, as the lab's tools would.
 */

/** Budget of a row export or a replay, ms. */
const RECONCILE_TIMEOUT_MS = 30_000;
/** A workload key (`dojo:w:<client>:<seq6>`) split back into its row's primary key. */
const KEY = /^dojo:w:([A-Za-z0-9_-]+):(\d+)$/;

/** Runs SQL in the node (`-c`, or a script on stdin); the output, or throws with psql's words. */
async function runSql(
  ctx: FaultContext,
  node: LabMember,
  sql: { command: string } | { script: string },
): Promise<string> {
  const r = await ctx.runtime.exec(
    node.containerId,
    'command' in sql ? psqlArgv(sql.command) : psqlScriptArgv(),
    {
      timeoutMs: RECONCILE_TIMEOUT_MS,
      user: PG_OS_USER,
      ...('script' in sql ? { stdin: sql.script } : {}),
    },
  );
  if (r.exitCode !== 0) {
    throw new Error((r.stderr || r.stdout).trim().split('\n')[0] || `psql exit ${r.exitCode}`);
  }
  return r.stdout.trim();
}

/** The workload keys postgres on the node holds (psql inside it, on its socket). */
function readRows(ctx: FaultContext, node: LabMember): Promise<Set<string>> {
  return readPostgresWorkloadKeys(ctx.runtime, node.containerId, {
    user: PG_OS_USER,
    database: PATRONI_DATABASE,
    host: PG_SOCKET_DIR,
    execUser: PG_OS_USER,
    timeoutMs: RECONCILE_TIMEOUT_MS,
  });
}

/** The rows postgres on the node holds, as saved entries (key, payload), sorted by key. */
async function readEntries(ctx: FaultContext, node: LabMember): Promise<SavedEntry[]> {
  const exists = await runSql(ctx, node, {
    command: "SELECT to_regclass('public.dojo_writes') IS NOT NULL",
  });
  if (exists !== 't') return [];
  const out = await runSql(ctx, node, {
    command:
      "SELECT coalesce(json_agg(json_build_array(client, seq, coalesce(payload, ''))), '[]') FROM dojo_writes",
  });
  const rows = JSON.parse(out) as [string, number, string][];
  return rows
    .map(([client, seq, payload]): SavedEntry => [
      `dojo:w:${client}:${String(seq).padStart(6, '0')}`,
      payload,
    ])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** How long an export waits for postgres that is restarting in a running container, ms. */
export const EXPORT_RESTART_WAIT_MS = 20_000;

/**
 * What postgres says while it restarts in place (Patroni demoting a primary
 * that lost its key restarts it read-only): its rows are still there a few
 * seconds later. A stopped container or a missing table is not this.
 */
export function isRestarting(message: string): boolean {
  return /s\.PGSQL\.5432" failed: No such file or directory|the database system is (starting up|shutting down|not yet accepting connections)|Connection refused/.test(
    message,
  );
}

/** `readEntries`, waiting up to `EXPORT_RESTART_WAIT_MS` while postgres restarts. */
async function readEntriesThroughRestart(
  ctx: FaultContext,
  node: LabMember,
): Promise<SavedEntry[]> {
  const until = Date.now() + EXPORT_RESTART_WAIT_MS;
  for (;;) {
    try {
      return await readEntries(ctx, node);
    } catch (err) {
      if (Date.now() >= until || !isRestarting(execErrorText(err))) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * The current leader to compare an export with or replay onto: the member
 * Patroni names leader, other than `node`, whose postgres answers and is not
 * in recovery.
 */
async function readableLeader(
  ctx: FaultContext,
  node: LabMember,
): Promise<{ leader: LabMember } | { why: string }> {
  // Ask the other nodes first: the one exported is often the one cut off from etcd, where
  // patronictl waits out its whole timeout (15 s) before the export can finish.
  const others = [...ctx.members.values()]
    .filter((m) => m.kind === 'postgres' && m.name !== node.name)
    .map((m) => m.name);
  const host = await findPatroniHost(ctx, others);
  if (!host) return { why: 'no Patroni answers to name the leader' };
  const view = await clusterView(ctx, host);
  if ('error' in view) return { why: view.error };
  if (!view.leader) return { why: 'the cluster has no leader' };
  if (view.leader === node.name) return { why: `${node.name} is the leader itself` };
  const leader = ctx.members.get(view.leader);
  if (!leader) return { why: `leader ${view.leader} is not a member of this run` };
  try {
    if (await inRecovery(ctx, leader)) {
      return { why: `leader ${leader.name} is in recovery, not a primary` };
    }
  } catch (err) {
    return { why: errorText(err) };
  }
  return { leader };
}

/**
 * Saves the workload rows (dojo_writes) postgres on the node holds, with
 * their payloads, to a file under `artifactsDir` (see saved-export.ts) — on
 * a primary or a standby, before a rewind or reinit wipes them. When another
 * node is the readable leader (Patroni names it and postgres there is not in
 * recovery), also counts the rows that leader lacks (the divergent writes)
 * and lists their keys in a second file.
 */
export async function exportPostgresRows(
  ctx: FaultContext,
  node: LabMember,
  artifactsDir: string | undefined,
): Promise<NodeActionResult> {
  if (!artifactsDir) return { ok: false, detail: 'no artifacts folder to export rows into' };
  let entries: SavedEntry[];
  try {
    entries = await readEntriesThroughRestart(ctx, node);
  } catch (err) {
    return {
      ok: false,
      detail: `could not read the rows of ${node.name}: ${execErrorText(err).replace(/\s+/g, ' ').slice(0, 240)}`,
    };
  }
  const name = exportFileName(node.name, 'rows');
  const file = await writeExport(artifactsDir, name, entries);
  const saved = `${entries.length} workload rows of ${node.name} saved with their payloads to ${name}`;
  const count = entries.length;

  const found = await readableLeader(ctx, node).catch((err: unknown) => ({ why: errorText(err) }));
  if ('why' in found) {
    return { ok: true, detail: `${saved} (not compared with a leader: ${found.why})`, count, file };
  }
  let leaderKeys: Set<string>;
  try {
    leaderKeys = await readRows(ctx, found.leader);
  } catch (err) {
    return {
      ok: true,
      detail: `${saved} (leader ${found.leader.name} could not be read: ${errorText(err).slice(0, 160)})`,
      count,
      file,
    };
  }
  const divergent = entries.map((e) => e[0]).filter((k) => !leaderKeys.has(k));
  const divergentFile = path.join(
    artifactsDir,
    name.replace('-rows-', '-divergent-rows-').replace(/\.jsonl$/, '.txt'),
  );
  if (divergent.length > 0) await writeKeys(divergentFile, divergent);
  return {
    ok: true,
    detail:
      `${saved}; ${divergent.length} of them are missing on the leader ${found.leader.name}` +
      (divergent.length > 0 ? ` (divergent rows listed in ${path.basename(divergentFile)})` : ''),
    count,
    file,
    divergent: divergent.length,
    comparedWith: found.leader.name,
    ...(divergent.length > 0 ? { divergentFile } : {}),
  };
}

async function writeKeys(file: string, keys: readonly string[]): Promise<void> {
  await fs.writeFile(file, `${keys.join('\n')}\n`, 'utf8');
}

/** A value in COPY's text format (backslash, tab, newline and carriage return escaped). */
export function copyText(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Where the leader's row is overwritten by the export's, per rule (ON CONFLICT ... DO UPDATE ... WHERE). */
const OVERWRITE_WHEN: Record<ReplayRule, string> = {
  'keep-authoritative': 'false',
  'keep-newer':
    "coalesce(substring(EXCLUDED.payload from ':(\\d+)$')::bigint > substring(dojo_writes.payload from ':(\\d+)$')::bigint, false)",
  'replace-all': 'dojo_writes.payload IS DISTINCT FROM EXCLUDED.payload',
};

/**
 * The replay as one transaction: the export COPYed into a temporary table,
 * then one statement that inserts (or, per rule, overwrites) and, with
 * replace-all, deletes the leader's rows the export lacks, answering with a
 * JSON object of what it did.
 */
export function replayScript(rows: readonly [string, number, string][], rule: ReplayRule): string {
  const data = rows.map(([c, seq, p]) => `${copyText(c)}\t${seq}\t${copyText(p)}\n`).join('');
  return [
    'BEGIN;',
    'CREATE TEMP TABLE dojo_replay (client text, seq integer, payload text) ON COMMIT DROP;',
    'COPY dojo_replay FROM STDIN;',
    `${data}\\.`,
    'WITH up AS (',
    '  INSERT INTO dojo_writes(client, seq, payload) SELECT client, seq, payload FROM dojo_replay',
    `  ON CONFLICT (client, seq) DO UPDATE SET payload = EXCLUDED.payload WHERE ${OVERWRITE_WHEN[rule]}`,
    '  RETURNING client, seq, (xmax = 0) AS inserted',
    '), del AS (',
    `  DELETE FROM dojo_writes w WHERE ${rule === 'replace-all' ? 'true' : 'false'}`,
    '  AND NOT EXISTS (SELECT 1 FROM dojo_replay r WHERE r.client = w.client AND r.seq = w.seq)',
    '  RETURNING 1',
    ')',
    'SELECT json_build_object(',
    "  'added', (SELECT coalesce(json_agg(json_build_array(client, seq)), '[]') FROM up WHERE inserted),",
    "  'overwritten', (SELECT count(*) FROM up WHERE NOT inserted),",
    "  'removed', (SELECT count(*) FROM del),",
    "  'total', (SELECT count(*) FROM dojo_replay));",
    'COMMIT;',
    '',
  ].join('\n');
}

/**
 * replay-export on Patroni: writes the latest export of `node` (export-keys)
 * onto the leader Patroni names (postgres there not in recovery), in one
 * transaction under `rule`. Refused without an export, without a readable
 * leader, and on the leader itself. The rows it adds are the writes the
 * ledger counts as recovered.
 */
export async function replayPostgresExport(
  ctx: FaultContext,
  node: LabMember,
  rule: ReplayRule,
  artifactsDir: string | undefined,
): Promise<NodeActionResult> {
  if (!artifactsDir) return { ok: false, detail: 'no artifacts folder to read an export from' };
  let saved: Awaited<ReturnType<typeof readLatestExport>>;
  try {
    saved = await readLatestExport(artifactsDir, node.name, 'rows');
  } catch (err) {
    return { ok: false, detail: errorText(err) };
  }
  const name = path.basename(saved.file);
  const rows: [string, number, string][] = [];
  for (const [key, payload] of saved.entries) {
    const m = KEY.exec(key);
    if (!m?.[1] || !m[2])
      return { ok: false, detail: `${name} holds "${key.slice(0, 80)}", not a workload row` };
    rows.push([m[1], Number(m[2]), payload]);
  }
  const found = await readableLeader(ctx, node).catch((err: unknown) => ({ why: errorText(err) }));
  if ('why' in found) return { ok: false, detail: `no leader to replay onto: ${found.why}` };
  const target = found.leader;
  let done: { added: [string, number][]; overwritten: number; removed: number; total: number };
  try {
    const out = await runSql(ctx, target, { script: replayScript(rows, rule) });
    const line = out
      .split('\n')
      .reverse()
      .find((l) => l.trim().startsWith('{'));
    done = JSON.parse(line ?? '') as typeof done;
  } catch (err) {
    return {
      ok: false,
      detail: `replay onto ${target.name} failed (nothing was written): ${execErrorText(err).replace(/\s+/g, ' ').slice(0, 240)}`,
    };
  }
  const added = done.added.map(([c, seq]) => `dojo:w:${c}:${String(seq).padStart(6, '0')}`);
  const kept = done.total - added.length - done.overwritten;
  return {
    ok: true,
    detail:
      `${name} replayed onto ${target.name} (${rule}): ${added.length} rows added, ` +
      `${done.overwritten} overwritten, ${kept} left as they were` +
      (rule === 'replace-all' ? `, ${done.removed} of ${target.name}'s rows deleted` : ''),
    count: added.length + done.overwritten,
    file: saved.file,
    replay: {
      target: target.name,
      rule,
      added,
      overwritten: done.overwritten,
      kept,
      removed: done.removed,
      name,
    },
  };
}

import path from 'node:path';
import { errorText, type FaultContext, type LabMember } from '../../../../core/faults/fault-types';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';
import type { ReplayRule } from '../../../../shared/scenario-schema';
import { readLatestExport, tryJsonArray } from '../../../../core/actions/saved-export';
import { WORKLOAD_KEYS } from './redis-export';
import { agreedMaster, askSentinels, describeViews } from './sentinel-agreement';

/** Budget of the replay script on the master, ms. */
const REPLAY_TIMEOUT_MS = 30_000;

/**
 * Runs inside the master, atomically: writes the exported pairs of ARGV[3]
 * (a JSON array of [key, value]) under the rule ARGV[1]; with replace-all,
 * then deletes the workload keys (pattern ARGV[2]) the export lacks. A key
 * of another type than string is left alone (kept). keep-newer compares the
 * timestamp the workload ends each value with (`<client>:<seq>:<sentAt>`);
 * where either side has none, the master's value stays.
 */
const REPLAY_SCRIPT = `
local rule = ARGV[1]
local entries = cjson.decode(ARGV[3])
local added, overwritten, kept, removed = {}, 0, 0, 0
local inExport = {}
local function stamp(v) local s = string.match(v, ':(%d+)$') return s and tonumber(s) end
for _, e in ipairs(entries) do
  local k, v = e[1], e[2]
  inExport[k] = true
  local t = redis.call('TYPE', k).ok
  if t == 'none' then
    redis.call('SET', k, v)
    added[#added + 1] = k
  elseif t ~= 'string' then
    kept = kept + 1
  else
    local cur = redis.call('GET', k)
    local a, b = stamp(v), stamp(cur)
    if cur ~= v and (rule == 'replace-all' or (rule == 'keep-newer' and a and b and a > b)) then
      redis.call('SET', k, v)
      overwritten = overwritten + 1
    else
      kept = kept + 1
    end
  end
end
if rule == 'replace-all' then
  local c = '0'
  repeat
    local r = redis.call('SCAN', c, 'MATCH', ARGV[2], 'COUNT', 1000)
    c = r[1]
    for _, k in ipairs(r[2]) do
      if not inExport[k] then
        redis.call('DEL', k)
        removed = removed + 1
      end
    end
  until c == '0'
end
return cjson.encode({ added, overwritten, kept, removed })`;

/**
 * replay-export: writes the latest export of `node` (export-keys) onto the
 * master a majority of the sentinels agree on, under `rule`, in one script
 * run on that master. Refused without an export, when the sentinels do not
 * agree, and on the agreed master itself (its own data is already there).
 * The keys it adds are the writes the ledger counts as recovered.
 */
export async function replayExport(
  ctx: FaultContext,
  node: LabMember,
  rule: ReplayRule,
  masterName: string,
  artifactsDir: string | undefined,
): Promise<NodeActionResult> {
  if (!artifactsDir) return { ok: false, detail: 'no artifacts folder to read an export from' };
  let saved: Awaited<ReturnType<typeof readLatestExport>>;
  try {
    saved = await readLatestExport(artifactsDir, node.name, 'keys');
  } catch (err) {
    return { ok: false, detail: errorText(err) };
  }
  const views = await askSentinels(ctx, masterName);
  const members = [...ctx.members.values()];
  const nameOf = (ip: string): string => members.find((m) => m.ipv4 === ip)?.name ?? ip;
  const master = agreedMaster(views);
  if (!master) {
    return {
      ok: false,
      detail: `the sentinels do not agree on a master to replay onto (${describeViews(views, nameOf) || 'no sentinel'})`,
    };
  }
  const target = members.find((m) => m.ipv4 === master.ip && m.kind === 'redis');
  if (!target) return { ok: false, detail: `the agreed master ${master.ip} is not a lab node` };
  if (target.name === node.name) {
    return {
      ok: false,
      detail: `${node.name} is the master the sentinels agree on: its export is its own data, nothing to replay`,
    };
  }
  try {
    const r = await ctx.runtime.exec(
      target.containerId,
      [
        'redis-cli',
        '-p',
        String(master.port),
        '-x',
        'EVAL',
        REPLAY_SCRIPT,
        '0',
        rule,
        WORKLOAD_KEYS,
      ],
      { timeoutMs: REPLAY_TIMEOUT_MS, stdin: JSON.stringify(saved.entries) },
    );
    const reply = r.exitCode === 0 ? tryJsonArray(r.stdout.trim()) : undefined;
    const [added, overwritten, kept, removed] = reply ?? [];
    if (
      !reply ||
      typeof overwritten !== 'number' ||
      typeof kept !== 'number' ||
      typeof removed !== 'number'
    ) {
      const why = (r.stderr || r.stdout).trim().split('\n')[0] || `exit ${r.exitCode}`;
      return { ok: false, detail: `replay onto ${target.name} failed: ${why.slice(0, 200)}` };
    }
    const addedKeys = Array.isArray(added)
      ? added.filter((k): k is string => typeof k === 'string')
      : [];
    const name = path.basename(saved.file);
    return {
      ok: true,
      detail:
        `${name} replayed onto ${target.name} (${rule}): ${addedKeys.length} keys added, ` +
        `${overwritten} overwritten, ${kept} left as they were` +
        (rule === 'replace-all' ? `, ${removed} of ${target.name}'s keys deleted` : ''),
      count: addedKeys.length + overwritten,
      file: saved.file,
      replay: { target: target.name, rule, added: addedKeys, overwritten, kept, removed, name },
    };
  } catch (err) {
    return { ok: false, detail: `could not replay onto ${target.name}: ${errorText(err)}` };
  }
}

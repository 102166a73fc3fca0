import type { FaultContext, LabMember, MemberProblem } from './fault-types';
import {
  IPT,
  addRulesScript,
  deleteTaggedScript,
  ensureChainScript,
  flushChainScript,
  script,
  type DojoChain,
  type IptablesRule,
} from './iptables-rules';
import { outcomeProblem, runInNetns } from './netns-exec';

/**
 * iptables inside lab members, one exec per member per step (about 50-100 ms
 * each, so steps on several members run in parallel). The builders are in
 * iptables-rules.ts; this file only runs them.
 */

/**
 * Budget of one iptables script in one member, ms. Normally 50-100 ms; with
 * three labs on two cores a docker exec alone was seen taking over 8 s, and a
 * fence that lands late is better than one reported failed that lands anyway.
 */
export const IPTABLES_TIMEOUT_MS = 20_000;

/**
 * What a step did on one member. `stopped`: the member has no network
 * namespace right now (its rules, if any, went away with the stop);
 * `missing`: the container is gone.
 */
export interface MemberOutcome {
  member: string;
  status: 'applied' | 'stopped' | 'missing' | 'failed';
  /** How the script reached the namespace (`helper` for a paused member). */
  via?: 'exec' | 'helper';
  /** Why it failed. */
  error?: string;
  /** What the script printed (stdout). */
  output?: string;
}

/** Runs a script of iptables lines in a member's namespace. Never throws. */
export async function runIptables(
  ctx: FaultContext,
  member: LabMember,
  lines: string[],
): Promise<MemberOutcome> {
  const outcome = await runInNetns(ctx, member, script(lines), IPTABLES_TIMEOUT_MS);
  if (outcome.status === 'stopped' || outcome.status === 'missing') {
    return { member: member.name, status: outcome.status };
  }
  const problem = outcomeProblem(outcome);
  if (problem !== undefined || outcome.status !== 'done') {
    return { member: member.name, status: 'failed', error: problem ?? outcome.status };
  }
  return {
    member: member.name,
    status: 'applied',
    via: outcome.via,
    output: outcome.result.stdout,
  };
}

/**
 * Creates and hooks the rules' chains where missing, then adds each rule
 * unless present. The script is idempotent, so one that failed (a timeout on
 * a saturated machine, most often) is run once more before giving up.
 */
export async function applyRules(
  ctx: FaultContext,
  member: LabMember,
  rules: IptablesRule[],
): Promise<MemberOutcome> {
  const chains = [...new Set(rules.map((r) => r.chain))];
  const lines = [...chains.flatMap(ensureChainScript), ...addRulesScript(rules)];
  const first = await runIptables(ctx, member, lines);
  return first.status === 'failed' ? runIptables(ctx, member, lines) : first;
}

/** Deletes every rule of `chain` carrying `tag`. */
export function deleteTaggedRules(
  ctx: FaultContext,
  member: LabMember,
  chain: DojoChain,
  tag: string,
): Promise<MemberOutcome> {
  return runIptables(ctx, member, deleteTaggedScript(chain, tag));
}

/** Empties `chain` in the member (heal everything of that kind at once). */
export function flushChain(
  ctx: FaultContext,
  member: LabMember,
  chain: DojoChain,
): Promise<MemberOutcome> {
  return runIptables(ctx, member, flushChainScript(chain));
}

/** `iptables -S` of the member's filter table, one rule per line (none when it has no namespace or failed). */
export async function listFilterRules(
  ctx: FaultContext,
  member: LabMember,
): Promise<{ outcome: MemberOutcome; lines: string[] }> {
  const outcome = await runIptables(ctx, member, [`${IPT} -S`]);
  const lines = (outcome.output ?? '').split('\n').filter((l) => l.trim() !== '');
  return { outcome, lines };
}

/** Problems of a set of outcomes (failed members only: stopped and missing have nothing left to undo). */
export function problemsOf(outcomes: MemberOutcome[]): MemberProblem[] {
  return outcomes
    .filter((o) => o.status === 'failed')
    .map((o) => ({ member: o.member, error: o.error ?? 'failed' }));
}

/** `redis-1, sentinel-1 (paused, via helper), redis-2 stopped` for a detail line. */
export function describeOutcomes(outcomes: MemberOutcome[]): string {
  return outcomes
    .map((o) =>
      o.status === 'applied'
        ? `${o.member}${o.via === 'helper' ? ' (paused, via helper)' : ''}`
        : `${o.member} ${o.status}`,
    )
    .join(', ');
}

/** Flushes DOJO-PART in every member (heal all partitions, e.g. after an engine crash). */
export async function flushAllPartitions(ctx: FaultContext): Promise<MemberOutcome[]> {
  return Promise.all([...ctx.members.values()].map((m) => flushChain(ctx, m, 'DOJO-PART')));
}

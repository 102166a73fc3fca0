import type { FaultSpec } from '../../shared/scenario-schema';
import {
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
} from './fault-types';
import { applyRules, deleteTaggedRules, describeOutcomes, problemsOf } from './iptables';
import { PART_CHAIN, faultTag } from './iptables-rules';
import { planPartition, uncoveredCuts, type PartitionPlan } from './partition-plan';

export type PartitionFaultSpec = Extract<FaultSpec, { kind: 'partition' }>;

/** A partition in place, with what it took to put it there. */
export interface PartitionFault extends ActiveFault {
  readonly spec: PartitionFaultSpec;
  readonly plan: PartitionPlan;
  /** Wall time from the first exec to the last rule in place, ms. */
  readonly applyMs: number;
}

/**
 * Cuts traffic between the spec's two groups of members inside the members'
 * own network namespaces (iptables, chain DOJO-PART), so it works the same on
 * Docker Desktop. See planPartition for which rules go where per direction.
 *
 * Rules are applied on all target members in parallel. A paused member gets
 * its rules through a helper container; a stopped member has no namespace now
 * and gets them from `reapply` once started. When some planned cut ends up
 * covered by no member (a member that could not take rules), the rules that
 * were applied are removed again and this throws: a partition that is not
 * what it claims to be is worse than none.
 */
export async function injectPartition(
  ctx: FaultContext,
  spec: PartitionFaultSpec,
): Promise<PartitionFault> {
  const [first, second] = spec.groups;
  if (!first || !second) throw new Error(`partition ${spec.id}: needs two groups`);
  const groupA = first.map((n) => memberByName(ctx, n));
  const groupB = second.map((n) => memberByName(ctx, n));
  const plan = planPartition(spec.id, groupA, groupB, spec.direction);
  const tag = faultTag(spec.id);

  const started = Date.now();
  const outcomes = await Promise.all(
    plan.perMember.map((p) => applyRules(ctx, memberByName(ctx, p.member), p.rules)),
  );
  const applyMs = Date.now() - started;

  const holding = new Set(
    outcomes.filter((o) => o.status === 'applied' || o.status === 'stopped').map((o) => o.member),
  );
  const missing = uncoveredCuts(plan, ctx.members, holding);
  if (missing.length > 0) {
    // A failed script may still have put some rules in place: clear every member it ran on.
    await Promise.all(
      outcomes
        .filter((o) => o.status === 'applied' || o.status === 'failed')
        .map((o) => deleteTaggedRules(ctx, memberByName(ctx, o.member), PART_CHAIN, tag)),
    );
    const why = problemsOf(outcomes)
      .map((p) => `${p.member}: ${p.error}`)
      .join('; ');
    throw new Error(
      `partition ${spec.id} could not be put in place (${missing.length} cuts uncovered, e.g. ` +
        `${missing[0]?.from} -> ${missing[0]?.to}): ${why || 'members unavailable'}`,
    );
  }

  /** Members whose rules may still be in place. */
  const pending = new Set(plan.perMember.map((p) => p.member));
  let reverted = false;

  const revert = async (): Promise<FaultStepReport> => {
    reverted = true;
    if (pending.size === 0) return stepReport(`partition ${spec.id} already healed`, []);
    const results = await Promise.all(
      [...pending].map((name) => deleteTaggedRules(ctx, memberByName(ctx, name), PART_CHAIN, tag)),
    );
    for (const r of results) if (r.status !== 'failed') pending.delete(r.member);
    return stepReport(
      `partition ${spec.id} healed (${describeOutcomes(results)})`,
      problemsOf(results),
    );
  };

  const reapply = async (name: string): Promise<FaultStepReport> => {
    const mine = plan.perMember.find((p) => p.member === name);
    if (reverted || !mine)
      return stepReport(`partition ${spec.id}: nothing to re-apply on ${name}`, []);
    const result = await applyRules(ctx, memberByName(ctx, name), mine.rules);
    pending.add(name);
    return stepReport(`partition ${spec.id} re-applied on ${name}`, problemsOf([result]));
  };

  const sides = `[${first.join(', ')}] | [${second.join(', ')}]`;
  return {
    id: spec.id,
    spec,
    plan,
    applyMs,
    injectedAt: Date.now(),
    detail:
      `partition ${spec.id} ${sides} (${spec.direction}): ${plan.cuts.length} directed cuts, ` +
      `rules in ${applyMs} ms (${describeOutcomes(outcomes)})`,
    revert,
    reapply,
  };
}

import type { FaultSpec } from '../../../../shared/scenario-schema';
import {
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
  type LabMember,
} from '../../../../core/faults/fault-types';
import {
  applyRules,
  describeOutcomes,
  problemsOf,
  runIptables,
  type MemberOutcome,
} from '../../../../core/faults/iptables';
import {
  VRRP_IN_CHAIN,
  VRRP_OUT_CHAIN,
  deleteTaggedScript,
  faultTag,
  vrrpBlockRule,
  type IptablesRule,
} from '../../../../core/faults/iptables-rules';

export type BlockVrrpFaultSpec = Extract<FaultSpec, { kind: 'block-vrrp' }>;

/** A VRRP block in place, with what it took to put it there. */
export interface BlockVrrpFault extends ActiveFault {
  readonly spec: BlockVrrpFaultSpec;
  /** The rules every listed router got. */
  readonly rules: IptablesRule[];
  /** Wall time from the first exec to the last rule in place, ms. */
  readonly applyMs: number;
}

/**
 * The rules of a VRRP block, the same on every listed router: `inbound` drops
 * the VRRP it receives, `outbound` the VRRP it sends, `both` both. Pure.
 */
export function vrrpBlockRules(
  faultId: string,
  direction: BlockVrrpFaultSpec['direction'],
): IptablesRule[] {
  const tag = faultTag(faultId);
  return [
    ...(direction !== 'outbound' ? [vrrpBlockRule('in', tag)] : []),
    ...(direction !== 'inbound' ? [vrrpBlockRule('out', tag)] : []),
  ];
}

/** Deletes the fault's rules from both VRRP chains of one member. Never throws. */
function removeBlock(ctx: FaultContext, member: LabMember, tag: string): Promise<MemberOutcome> {
  return runIptables(ctx, member, [
    ...deleteTaggedScript(VRRP_IN_CHAIN, tag),
    ...deleteTaggedScript(VRRP_OUT_CHAIN, tag),
  ]);
}

/**
 * Drops VRRP (IP protocol 112, multicast and unicast adverts alike) in each
 * listed router's own network namespace, in the chains DOJO-VRRP-IN (hooked
 * first in INPUT) and DOJO-VRRP-OUT (first in OUTPUT), tagged with the
 * fault's id: nothing else is filtered, and no other rule is touched.
 *
 * A deaf router (inbound) stops hearing its peer, becomes MASTER after
 * about 3 x advert_int and sends gratuitous ARP; a mute one (outbound) is
 * no longer heard, so its peer becomes MASTER. Rules go on all routers in
 * parallel; a paused router gets them through a helper container, a
 * stopped one from `reapply` once started. When a router cannot take them,
 * the rules already applied are removed and this throws.
 */
export async function injectBlockVrrp(
  ctx: FaultContext,
  spec: BlockVrrpFaultSpec,
): Promise<BlockVrrpFault> {
  const what = `block-vrrp ${spec.id}`;
  const routers = spec.nodes.map((n) => memberByName(ctx, n));
  for (const r of routers) {
    if (r.kind !== 'router') throw new Error(`${what}: ${r.name} is a ${r.kind}, not a router`);
  }
  const rules = vrrpBlockRules(spec.id, spec.direction);
  const tag = faultTag(spec.id);

  const started = Date.now();
  const outcomes = await Promise.all(routers.map((r) => applyRules(ctx, r, rules)));
  const applyMs = Date.now() - started;
  const problems = problemsOf(outcomes);
  if (problems.length > 0 || outcomes.some((o) => o.status === 'missing')) {
    await Promise.all(
      // A failed script may still have put some rules in place: clear every router it ran on.
      outcomes
        .filter((o) => o.status === 'applied' || o.status === 'failed')
        .map((o) => removeBlock(ctx, memberByName(ctx, o.member), tag)),
    );
    const why = outcomes
      .filter((o) => o.status === 'failed' || o.status === 'missing')
      .map((o) => `${o.member}: ${o.error ?? 'the container is gone'}`)
      .join('; ');
    throw new Error(`${what} could not be put in place: ${why}`);
  }

  /** Routers whose rules may still be in place. */
  const pending = new Set(routers.map((r) => r.name));
  let reverted = false;

  const revert = async (): Promise<FaultStepReport> => {
    reverted = true;
    if (pending.size === 0) return stepReport(`${what}: VRRP already unblocked`, []);
    const results = await Promise.all(
      [...pending].map((name) => removeBlock(ctx, memberByName(ctx, name), tag)),
    );
    for (const r of results) if (r.status !== 'failed') pending.delete(r.member);
    return stepReport(
      `${what}: VRRP unblocked on ${describeOutcomes(results)}`,
      problemsOf(results),
    );
  };

  const reapply = async (name: string): Promise<FaultStepReport> => {
    if (reverted || !spec.nodes.includes(name))
      return stepReport(`${what}: nothing to re-apply on ${name}`, []);
    const result = await applyRules(ctx, memberByName(ctx, name), rules);
    pending.add(name);
    return stepReport(`${what} re-applied on ${name}`, problemsOf([result]));
  };

  const direction =
    spec.direction === 'inbound'
      ? 'inbound: they no longer hear adverts'
      : spec.direction === 'outbound'
        ? 'outbound: their adverts no longer leave'
        : 'both ways: they neither hear nor send adverts';
  return {
    id: spec.id,
    spec,
    rules,
    applyMs,
    injectedAt: Date.now(),
    detail: `${what}: VRRP dropped on ${describeOutcomes(outcomes)} (${direction}), rules in ${applyMs} ms`,
    revert,
    reapply,
  };
}

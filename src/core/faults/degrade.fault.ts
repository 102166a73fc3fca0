import { durationMs, type FaultSpec } from '../../shared/scenario-schema';
import {
  ensureChainScript,
  addRulesScript,
  deleteTaggedByNumberScript,
  DEGRADE_CHAIN,
  faultTag,
  lossRule,
} from './iptables-rules';
import { problemsOf, runIptables, type MemberOutcome } from './iptables';
import {
  errorText,
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
  type MemberProblem,
} from './fault-types';

export type DegradeFaultSpec = Extract<FaultSpec, { kind: 'degrade' }>;

/** How often a ramp steps up, ms. */
export const RAMP_STEP_MS = 2000;
/** The CPU a ramp starts from, in CPUs (a ramp to a lower limit descends from here). */
const RAMP_START_CPUS = 1;

/** One level of a degradation: the packet loss (0-1) and the CPU limit, where the spec sets them. */
export interface DegradeLevel {
  loss?: number;
  cpus?: number;
}

/**
 * The levels a degrade fault steps through, the last one its full strength:
 * one step without a ramp, else one every RAMP_STEP_MS. Loss climbs
 * linearly; the CPU limit falls geometrically from RAMP_START_CPUS (each step
 * cuts the same share), as a node that slows down by degrees. Pure.
 */
export function degradeLevels(
  spec: Pick<DegradeFaultSpec, 'loss' | 'cpus' | 'ramp'>,
): DegradeLevel[] {
  const steps = spec.ramp ? Math.max(1, Math.ceil(durationMs(spec.ramp) / RAMP_STEP_MS)) : 1;
  const start = Math.max(RAMP_START_CPUS, spec.cpus ?? 0);
  return Array.from({ length: steps }, (_, k) => {
    const f = (k + 1) / steps;
    return {
      ...(spec.loss !== undefined ? { loss: Math.round(spec.loss * f * 1000) / 1000 } : {}),
      ...(spec.cpus !== undefined
        ? { cpus: Math.round(start * (spec.cpus / start) ** f * 1000) / 1000 }
        : {}),
    };
  });
}

/** `30 % of arriving packets dropped, CPU limited to 0.05` for a level. */
export function describeLevel(level: DegradeLevel): string {
  return [
    level.loss !== undefined
      ? `${Math.round(level.loss * 1000) / 10} % of arriving packets dropped`
      : '',
    level.cpus !== undefined ? `CPU limited to ${level.cpus}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The grey failure: a node that answers, slowly. Drops a share of what
 * reaches it (a DOJO-DEGRADE rule in its network namespace) and/or limits
 * its CPU (docker update --cpus), stepping up to full strength over the
 * ramp while the run goes on. The revert stops the ramp, removes the rule
 * and lifts the limit; a restarted node gets the rule back (the CPU limit
 * is the container's own and survives the restart).
 */
export async function injectDegrade(
  ctx: FaultContext,
  spec: DegradeFaultSpec,
): Promise<ActiveFault> {
  const member = memberByName(ctx, spec.node);
  const tag = faultTag(spec.id);
  const levels = degradeLevels(spec);
  let current: DegradeLevel = {};
  let stopped = false;
  let wake: (() => void) | undefined;

  const setLoss = async (loss: number | undefined): Promise<MemberOutcome> =>
    runIptables(ctx, member, [
      ...ensureChainScript(DEGRADE_CHAIN),
      ...deleteTaggedByNumberScript(DEGRADE_CHAIN, tag),
      ...(loss !== undefined ? addRulesScript([lossRule(loss, tag)]) : []),
    ]);

  /** Puts `level` in place; the problems, none when it took. */
  const apply = async (level: DegradeLevel): Promise<MemberProblem[]> => {
    const problems: MemberProblem[] = [];
    if (level.loss !== undefined) problems.push(...problemsOf([await setLoss(level.loss)]));
    if (level.cpus !== undefined) {
      try {
        await ctx.runtime.setCpuLimit(member.containerId, level.cpus);
      } catch (err) {
        problems.push({ member: spec.node, error: `CPU limit: ${errorText(err)}` });
      }
    }
    if (problems.length === 0) current = level;
    return problems;
  };

  const first = await apply(levels[0]!);
  if (first.length > 0) {
    await setLoss(undefined);
    await ctx.runtime.setCpuLimit(member.containerId, undefined).catch(() => undefined);
    throw new Error(
      `degrade ${spec.id} on ${spec.node} failed: ${first.map((p) => p.error).join('; ')}`,
    );
  }
  const ramp = (async () => {
    for (const level of levels.slice(1)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RAMP_STEP_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stopped) return;
      // A step that fails (the node stopped, the machine busy) is retried by the next one.
      await apply(level);
    }
  })();

  const revert = async (): Promise<FaultStepReport> => {
    const wasStopped = stopped;
    stopped = true;
    wake?.();
    await ramp;
    if (wasStopped && current.loss === undefined && current.cpus === undefined)
      return stepReport(`degrade ${spec.id}: already lifted`, []);
    const problems: MemberProblem[] = [];
    if (spec.loss !== undefined) problems.push(...problemsOf([await setLoss(undefined)]));
    if (spec.cpus !== undefined) {
      try {
        await ctx.runtime.setCpuLimit(member.containerId, undefined);
      } catch (err) {
        const text = errorText(err);
        if (!/404|no such container/i.test(text))
          problems.push({ member: spec.node, error: `CPU limit: ${text}` });
      }
    }
    if (problems.length === 0) current = {};
    return stepReport(`degrade ${spec.id}: ${spec.node} back to full speed`, problems);
  };

  const reapply = async (node: string): Promise<FaultStepReport> => {
    if (node !== spec.node || current.loss === undefined)
      return stepReport(`degrade ${spec.id}: nothing to put back on ${node}`, []);
    const problems = problemsOf([await setLoss(current.loss)]);
    return stepReport(`degrade ${spec.id}: packet loss put back on ${node}`, problems);
  };

  const full = describeLevel(levels.at(-1)!);
  return {
    id: spec.id,
    spec,
    injectedAt: Date.now(),
    detail:
      levels.length > 1
        ? `degrade ${spec.id}: ${spec.node} slowing down, ${describeLevel(levels[0]!)} now, ${full} in ${spec.ramp}`
        : `degrade ${spec.id}: ${spec.node} degraded, ${full}`,
    revert,
    reapply,
  };
}

import type { CheckId, GradingSpec } from '../../shared/scenario-schema';
import type { CheckResult, Verdict } from '../../shared/scenario-types';
import type { RunFacts } from './run-facts';
import { systemTraits } from '../../shared/system-traits';

/** A check's parameters as the scenario file gives them. */
export type CheckParams = GradingSpec['checks'][number]['params'];

/** What one check sees: the run facts (derived once per run) plus its own weight and parameters. */
export interface GradingContext extends RunFacts {
  check: CheckId;
  weight: number;
  params: CheckParams;
}

/** A grading check: a pure function of the context. */
export type GradingCheck = (ctx: GradingContext) => CheckResult;

/** Builds a check's result; credit defaults to 1 for a pass and 0 otherwise. */
export function verdict(
  ctx: GradingContext,
  v: Verdict,
  why: string,
  figures?: CheckResult['figures'],
  credit: number = v === 'pass' ? 1 : 0,
): CheckResult {
  return {
    check: ctx.check,
    verdict: v,
    weight: ctx.weight,
    credit,
    why,
    ...(figures ? { figures } : {}),
  };
}

/** `+12.3 s`: a moment as seconds since the scenario's start. */
export function since(ctx: Pick<RunFacts, 't0'>, t: number): string {
  return `+${((t - ctx.t0) / 1000).toFixed(1)} s`;
}

/** Seconds (one decimal) between two moments. */
export function seconds(from: number, to: number): number {
  return Math.round((to - from) / 100) / 10;
}

/** Why a check cannot judge the stale leader, or undefined when it can. */
export function missingSplit(ctx: GradingContext): string | undefined {
  if (!ctx.staleLeader)
    return 'The history does not say which node was the master when the fault fired.';
  return missingTell(ctx);
}

/**
 * Why there is no split to judge (no fault fired, or no tell followed it),
 * or undefined when there is one. Needs no stale leader.
 */
export function missingTell(ctx: GradingContext): string | undefined {
  if (ctx.firstFaultAt === undefined) return 'No fault fired, so there was no split to respond to.';
  if (ctx.tell) return undefined;
  return systemTraits(ctx.scenario.system)
    .noSplit.replace('{coordinators}', ctx.coordinators)
    .replace('{staleLeader}', ctx.staleLeader ?? 'the master');
}

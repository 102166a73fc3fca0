import { faultLivesOn as specLivesOn } from '../../shared/fault-registry';
import type { ActiveFault } from './fault-types';

/**
 * Whether a fault's rules live in `node`'s network namespace and must be put
 * back when the node's container restarts (FaultKind.livesOn: a partition
 * naming it, adverts blocked on it). Other faults end with the restart or do
 * not depend on it.
 */
export function faultLivesOn(fault: ActiveFault, node: string): boolean {
  return specLivesOn(fault.spec, node);
}

/** What putting the faults back on a restarted node did. */
export interface ReapplyOutcome {
  /** Ids of the faults put back. */
  reapplied: string[];
  /** Faults that could not be put back, with why. */
  failed: { id: string; detail: string }[];
}

/**
 * Puts every active fault that lives on `node` back on it after its
 * container was restarted (see ActiveFault.reapply). Never throws.
 */
export async function reapplyFaults(
  faults: readonly ActiveFault[],
  node: string,
): Promise<ReapplyOutcome> {
  const touching = faults.filter((f) => f.reapply && faultLivesOn(f, node));
  const results = await Promise.all(
    touching.map(async (f) => {
      try {
        return { id: f.id, r: await f.reapply?.(node) };
      } catch (err) {
        return { id: f.id, r: { ok: false, detail: (err as Error).message, problems: [] } };
      }
    }),
  );
  return {
    reapplied: results.filter((x) => x.r?.ok).map((x) => x.id),
    failed: results
      .filter((x) => x.r && !x.r.ok)
      .map((x) => ({ id: x.id, detail: x.r?.detail ?? 'failed' })),
  };
}

/** `partition re-applied to it: cut; could not re-apply: ...` for a detail line (empty when nothing). */
export function describeReapply(o: ReapplyOutcome): string {
  return [
    o.reapplied.length > 0 ? `faults re-applied to it: ${o.reapplied.join(', ')}` : '',
    o.failed.length > 0 ? `could not re-apply: ${o.failed.map((f) => f.detail).join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

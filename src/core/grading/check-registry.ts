import type { CheckId } from '../../shared/scenario-schema';
import { ackedWritesLost } from './acked-writes-lost.check';
import { configFixed } from './config-fixed.check';
import { didNotFenceNewMaster } from './did-not-fence-new-master.check';
import { divergentWritesRecovered } from './divergent-writes-recovered.check';
import { divergentWritesSaved } from './divergent-writes-saved.check';
import { failedOver } from './failed-over.check';
import { fencedBeforeRejoin } from './fenced-before-rejoin.check';
import { finalHealth } from './final-health.check';
import { newestUpdateKept } from './newest-update-kept.check';
import type { GradingCheck } from './grading-context';
import { slowLeaderReplaced } from './slow-leader-replaced.check';
import { staleLeaderStoppedWrites } from './stale-leader-stopped-writes.check';
import { systemGradings } from './system-gradings';

/** The checks every system's scenarios may use. */
export const GENERIC_CHECKS: Partial<Record<CheckId, GradingCheck>> = {
  'stale-leader-stopped-writes': staleLeaderStoppedWrites,
  'fenced-before-rejoin': fencedBeforeRejoin,
  'did-not-fence-new-master': didNotFenceNewMaster,
  'acked-writes-lost': ackedWritesLost,
  'divergent-writes-saved': divergentWritesSaved,
  'divergent-writes-recovered': divergentWritesRecovered,
  'final-health': finalHealth,
  'config-fixed': configFixed,
  'slow-leader-replaced': slowLeaderReplaced,
  'failed-over': failedOver,
  'newest-update-kept': newestUpdateKept,
};

/**
 * The check with `id`: a generic one, else the system's own check of that id
 * (every check the schema's `checkIdSchema` names is one or the other; the
 * unit test of this file holds that). Throws, naming it, for an id no one
 * defines: gradeRun turns that into an `unknown` verdict.
 */
export function checkById(id: CheckId): GradingCheck {
  const check = GENERIC_CHECKS[id] ?? systemGradings().find((g) => g.checks[id])?.checks[id];
  if (!check) throw new Error(`no grading check is defined for "${id}"`);
  return check;
}

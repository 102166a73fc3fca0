import type { CheckId } from '../../shared/scenario-schema';
import { ackedWritesLost } from './acked-writes-lost.check';
import { clientTrafficSettled } from './client-traffic-settled.check';
import { configFixed } from './config-fixed.check';
import { didNotFenceNewMaster } from './did-not-fence-new-master.check';
import { divergentWritesSaved } from './divergent-writes-saved.check';
import { dualMasterEnded } from './dual-master-ended.check';
import { fencedBeforeRejoin } from './fenced-before-rejoin.check';
import { finalHealth } from './final-health.check';
import type { GradingCheck } from './grading-context';
import { requestsFailed } from './requests-failed.check';
import { rightRouterKept } from './right-router-kept.check';
import { staleLeaderStoppedWrites } from './stale-leader-stopped-writes.check';

/** Every check the schema's `checkIdSchema` names, by id. */
export const CHECKS: Record<CheckId, GradingCheck> = {
  'stale-leader-stopped-writes': staleLeaderStoppedWrites,
  'fenced-before-rejoin': fencedBeforeRejoin,
  'did-not-fence-new-master': didNotFenceNewMaster,
  'acked-writes-lost': ackedWritesLost,
  'divergent-writes-saved': divergentWritesSaved,
  'final-health': finalHealth,
  'config-fixed': configFixed,
  'dual-master-ended': dualMasterEnded,
  'right-router-kept': rightRouterKept,
  'client-traffic-settled': clientTrafficSettled,
  'requests-failed': requestsFailed,
};

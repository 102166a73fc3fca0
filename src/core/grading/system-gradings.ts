import { etcdRaftGrading } from '../../systems/etcd-raft/grading/etcd-raft.grading';
import type { ScenarioSystem } from '../../shared/scenario-schema';
import { keepalivedGrading } from '../../systems/keepalived/grading/keepalived.grading';
import { lockServiceGrading } from '../../systems/lock-service/grading/lock-service.grading';
import { patroniGrading } from '../../systems/patroni/grading/patroni.grading';
import { redisSentinelGrading } from '../../systems/redis-sentinel/grading/redis-sentinel.grading';
import type { SystemGrading } from './system-grading';

/**
 * Grading's registry of systems: one entry per `ScenarioSystem` (a missing
 * one is a compile error), each the pure part of a system that reads a
 * run's history (`src/systems/<system>/grading/`). The only place grading
 * names them.
 */
const SYSTEM_GRADINGS: Readonly<Record<ScenarioSystem, SystemGrading>> = {
  'redis-sentinel': redisSentinelGrading,
  patroni: patroniGrading,
  keepalived: keepalivedGrading,
  'etcd-raft': etcdRaftGrading,
  'lock-service': lockServiceGrading,
};

/** The grading part of `system`; throws, naming it, for a system this build does not have. */
export function systemGrading(system: string): SystemGrading {
  if (!Object.hasOwn(SYSTEM_GRADINGS, system))
    throw new Error(
      `unknown system "${system}" (this build grades ${Object.keys(SYSTEM_GRADINGS).join(', ')})`,
    );
  return SYSTEM_GRADINGS[system as ScenarioSystem];
}

/** Every system's grading part, in the registry's order. */
export function systemGradings(): SystemGrading[] {
  return Object.values(SYSTEM_GRADINGS);
}

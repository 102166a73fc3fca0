import { etcdRaftDebrief } from '../../systems/etcd-raft/grading/etcd-raft.debrief';
import type { ScenarioSystem } from '../../shared/scenario-schema';
import { keepalivedDebrief } from '../../systems/keepalived/grading/keepalived.debrief';
import { lockServiceDebrief } from '../../systems/lock-service/grading/lock-service.debrief';
import { patroniDebrief } from '../../systems/patroni/grading/patroni.debrief';
import { redisSentinelDebrief } from '../../systems/redis-sentinel/grading/redis-sentinel.debrief';
import type { SystemDebrief } from './system-debrief';

/**
 * The debrief's registry of systems: one entry per `ScenarioSystem` (a
 * missing one is a compile error). The only place the debrief names them.
 */
const SYSTEM_DEBRIEFS: Readonly<Record<ScenarioSystem, SystemDebrief>> = {
  'redis-sentinel': redisSentinelDebrief,
  patroni: patroniDebrief,
  keepalived: keepalivedDebrief,
  'etcd-raft': etcdRaftDebrief,
  'lock-service': lockServiceDebrief,
};

/** The debrief part of `system`; throws, naming it, for a system this build does not have. */
export function systemDebrief(system: string): SystemDebrief {
  if (!Object.hasOwn(SYSTEM_DEBRIEFS, system))
    throw new Error(
      `unknown system "${system}" (this build has ${Object.keys(SYSTEM_DEBRIEFS).join(', ')})`,
    );
  return SYSTEM_DEBRIEFS[system as ScenarioSystem];
}

import type { LabSettingsInput, Scenario, ScenarioSystem } from '../../shared/scenario-schema';
import { etcdRaftEngine } from '../../systems/etcd-raft/engine/etcd-raft.system';
import { lockServiceEngine } from '../../systems/lock-service/engine/lock-service.system';
import { keepalivedEngine } from '../../systems/keepalived/engine/keepalived.system';
import { patroniEngine } from '../../systems/patroni/engine/patroni.system';
import { redisSentinelEngine } from '../../systems/redis-sentinel/engine/redis-sentinel.system';
import type { ScenarioSystemAdapter, SystemEngine } from './scenario-system';

/**
 * The engine's registry of systems: one entry per `ScenarioSystem` (a
 * missing one is a compile error). The only place the engine names them.
 */
const SYSTEM_ENGINES: Readonly<Record<ScenarioSystem, SystemEngine>> = {
  'redis-sentinel': redisSentinelEngine,
  patroni: patroniEngine,
  keepalived: keepalivedEngine,
  'etcd-raft': etcdRaftEngine,
  'lock-service': lockServiceEngine,
};

/** The engine part of `system`; throws, naming it, for a system this build does not have. */
export function systemEngine(system: string): SystemEngine {
  if (!Object.hasOwn(SYSTEM_ENGINES, system))
    throw new Error(
      `unknown system "${system}" (this build has ${Object.keys(SYSTEM_ENGINES).join(', ')})`,
    );
  return SYSTEM_ENGINES[system as ScenarioSystem];
}

/** The adapter of the system a scenario runs on, with the run's settings. */
export function systemFor(scenario: Scenario, trainee?: LabSettingsInput): ScenarioSystemAdapter {
  return systemEngine(scenario.system).adapter(scenario, trainee);
}

/** The default value of every setting of a system (for the catalog's trainee settings). */
export function defaultSettings(system: ScenarioSystem): Record<string, unknown> {
  return systemEngine(system).defaultSettings();
}

/** Every system's engine part, in the registry's order (the lab catalog offers their labs). */
export function systemEngines(): SystemEngine[] {
  return Object.values(SYSTEM_ENGINES);
}

import { onMember } from '../../../core/actions/node-action-types';
import { chosenSettings, recordedSettings } from '../../../core/session/scenario-settings';
import type { ScenarioSystemFactory, SystemEngine } from '../../../core/systems/scenario-system';
import type { LockServiceSettingsInput } from '../shared/lock-service.schema';
import type { LockEventBody } from '../shared/lock-service.types';
import { readLockWriteKeys, setFencingCheck } from './actions/storage-actions';
import { DEFAULT_LOCK_SERVICE_SETTINGS, type LockServiceSettings } from './lab/lock-service-config';
import { lockServiceLab } from './lab/lock-service.lab';
import { planLockWorkers } from './workload/lock-workers';

/**
 * The lock service: the scenario's workload clients are the lock workers;
 * their status lines (took the lock with token N, lost it) become
 * `lock-event`s; the surviving writes are read back from storage.
 */
export const lockServiceSystem: ScenarioSystemFactory = (scenario, trainee) => {
  if (scenario.system !== 'lock-service')
    throw new Error(`${scenario.id} is not a lock-service scenario`);
  const settings = lockServiceSettings(chosenSettings(scenario, trainee));
  const node = (
    nodes: readonly { plan: { name: string; kind: string; ipv4: string } }[],
    kind: string,
  ) => {
    const n = nodes.find((x) => x.plan.kind === kind);
    return n ? { name: n.plan.name, ip: n.plan.ipv4 } : undefined;
  };
  return {
    lab: lockServiceLab(settings),
    recorded: recordedSettings(settings),
    actionOptions: {},
    planClients: ({ spec, hostIp, nodes, bundle }) =>
      planLockWorkers({
        spec,
        network: { hostIp },
        etcd: node(nodes, 'lock'),
        storage: node(nodes, 'storage'),
        leaseTtlSeconds: settings.leaseTtlSeconds,
        bundle,
      }),
    watch: () => [],
    clientStatus: lockEventOf,
    finalLeader: () => 'storage',
    readKeys: (runtime, containerId) => readLockWriteKeys(runtime, containerId),
  };
};

/** A worker's status line as a lock event; undefined for a line that is not a lock worker's. */
export function lockEventOf(status: Readonly<Record<string, unknown>>): LockEventBody | undefined {
  const { client, system, holding, token, detail, at } = status;
  if (system !== 'lock' || typeof client !== 'string' || typeof holding !== 'boolean')
    return undefined;
  return {
    kind: 'lock-event',
    node: client,
    holding,
    ...(typeof token === 'number' && Number.isSafeInteger(token) ? { token } : {}),
    detail: typeof detail === 'string' ? detail.slice(0, 300) : '',
    ...(typeof at === 'number' && Number.isFinite(at) ? { at } : {}),
  };
}

/** The lab's settings from a scenario's flat ones. */
function lockServiceSettings(flat: LockServiceSettingsInput): LockServiceSettings {
  const d = DEFAULT_LOCK_SERVICE_SETTINGS;
  return {
    fencingCheck: flat.fencingCheck ?? d.fencingCheck,
    leaseTtlSeconds: flat.leaseTtlSeconds ?? d.leaseTtlSeconds,
  };
}

/** The lock service, as the engine's registry holds it. */
export const lockServiceEngine: SystemEngine = {
  adapter: lockServiceSystem,
  defaultLab: () => lockServiceLab(),
  defaultSettings: () => ({ ...DEFAULT_LOCK_SERVICE_SETTINGS }),
  faults: {},
  moves: {
    'fencing-check': onMember((ctx, member, action) => setFencingCheck(ctx, member, action.on)),
  },
};

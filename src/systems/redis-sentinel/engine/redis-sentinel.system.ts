import type { FinalHealth } from '../../../shared/scenario-types';
import { injectClockSkew, syncClock } from './faults/clock-skew.fault';
import { onMember } from '../../../core/actions/node-action-types';
import { demoteNode } from './actions/redis-node-actions';
import { exportKeys } from './actions/redis-export';
import { replayExport } from './actions/redis-replay';
import {
  DEFAULT_REDIS_SENTINEL_SETTINGS,
  SENTINEL_PORT,
  type RedisSentinelSettings,
} from './lab/redis-config';
import { majorityView, redisSentinelLab } from './lab/redis-sentinel.lab';
import { subscribeSentinelEvents } from './probes/sentinel-events.probe';
import { chosenSettings, recordedSettings } from '../../../core/session/scenario-settings';
import { readWorkloadKeys } from '../../../core/workload/read-back';
import { readKeyValues, SHARED_KEYS } from './actions/redis-export';
import { planWorkloadClients } from './workload/redis-workload-clients';
import type { ScenarioSystemFactory, SystemEngine } from '../../../core/systems/scenario-system';

/** Redis Sentinel: sentinel-aware or pinned clients, Sentinel's events, read-back from the master the sentinels agree on. */
export const redisSentinelSystem: ScenarioSystemFactory = (scenario, trainee) => {
  if (scenario.system !== 'redis-sentinel')
    throw new Error(`${scenario.id} is not a Redis Sentinel scenario`);
  const settings: RedisSentinelSettings = {
    ...DEFAULT_REDIS_SENTINEL_SETTINGS,
    ...chosenSettings(scenario, trainee),
  };
  return {
    lab: redisSentinelLab(settings),
    recorded: recordedSettings(settings),
    actionOptions: { masterName: settings.masterName },
    planClients: ({ spec, hostIp, nodes, bundle }) =>
      planWorkloadClients({
        spec,
        network: { hostIp },
        sentinels: nodes
          .filter((n) => n.plan.kind === 'sentinel')
          .map((n) => ({ name: n.plan.name, ip: n.plan.ipv4 })),
        nodes: Object.fromEntries(nodes.map((n) => [n.plan.ipv4, n.plan.name])),
        masterName: settings.masterName,
        bundle,
      }),
    watch(_runtime, nodes, append) {
      return nodes
        .filter((n) => n.plan.kind === 'sentinel' && n.hostPorts[SENTINEL_PORT] !== undefined)
        .map((n) => {
          const sub = subscribeSentinelEvents(n.hostPorts[SENTINEL_PORT]!, n.plan.name, (e) =>
            append({
              kind: 'sentinel-event',
              sentinel: e.sentinel,
              channel: e.channel,
              message: e.message,
            }),
          );
          return () => sub.close();
        });
    },
    finalLeader: sentinelsMaster,
    readKeys: (runtime, containerId) => readWorkloadKeys(runtime, containerId),
    readShared: async (runtime, containerId) =>
      Object.fromEntries(await readKeyValues(runtime, containerId, SHARED_KEYS)),
  };
};

/** The master a majority of sentinels name, else the only master. */
function sentinelsMaster(health: FinalHealth): string | undefined {
  const views = Object.values(health.coordinatorViews);
  const agreed = majorityView(views, views.length);
  if (agreed !== '?' && health.masters.includes(agreed)) return agreed;
  return health.masters.length === 1 ? health.masters[0] : undefined;
}

/** Redis Sentinel, as the engine's registry holds it. */
export const redisSentinelEngine: SystemEngine = {
  adapter: redisSentinelSystem,
  defaultLab: () => redisSentinelLab(),
  defaultSettings: () => ({ ...DEFAULT_REDIS_SENTINEL_SETTINGS }),
  faults: { 'clock-skew': injectClockSkew },
  moves: {
    demote: onMember((ctx, node, _a, opts) => demoteNode(ctx, node, opts.masterName ?? 'mymaster')),
    'sync-clock': onMember((ctx, node) => syncClock(ctx, node)),
    'export-keys': onMember((ctx, node, _a, opts) => exportKeys(ctx, node, opts.artifactsDir)),
    'replay-export': onMember((ctx, node, a, opts) =>
      replayExport(
        ctx,
        node,
        a.rule ?? 'keep-authoritative',
        opts.masterName ?? 'mymaster',
        opts.artifactsDir,
      ),
    ),
  },
};

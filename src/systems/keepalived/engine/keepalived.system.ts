import type { FinalHealth } from '../../../shared/scenario-types';
import { onMember } from '../../../core/actions/node-action-types';
import {
  announceVip,
  restartKeepalived,
  startKeepalived,
  stopKeepalived,
} from './actions/keepalived-node-actions';
import type { KeepalivedSettingsInput } from '../shared/keepalived.schema';
import {
  DEFAULT_KEEPALIVED_SETTINGS,
  VIP_HOST,
  type KeepalivedSettings,
} from './lab/keepalived-config';
import { keepalivedLab } from './lab/keepalived.lab';
import { injectBlockVrrp } from './faults/block-vrrp.fault';
import { injectKillKeepalived } from './faults/kill-keepalived.fault';
import { injectVrrpConfig } from './faults/vrrp-config.fault';
import { followKeepalivedLogs } from './probes/keepalived-log.probe';
import { chosenSettings, recordedSettings } from '../../../core/session/scenario-settings';
import { planKeepalivedWorkloadClients } from './workload/keepalived-workload-clients';
import type { ScenarioSystemFactory, SystemEngine } from '../../../core/systems/scenario-system';

/**
 * keepalived (VRRP): HTTP clients of the VIP (keep-alive sessions or a
 * connection per request), keepalived's log events. Nothing to read back:
 * the ledger counts the requests and the routers that answered them.
 */
export const keepalivedSystem: ScenarioSystemFactory = (scenario, trainee) => {
  if (scenario.system !== 'keepalived')
    throw new Error(`${scenario.id} is not a keepalived scenario`);
  const settings = keepalivedSettings(chosenSettings(scenario, trainee));
  const [p1, p2] = settings.routers.map((r) => r.priority);
  return {
    lab: keepalivedLab(settings),
    recorded: {
      ...recordedSettings(settings),
      ...(p1 !== undefined ? { router1Priority: p1 } : {}),
      ...(p2 !== undefined ? { router2Priority: p2 } : {}),
      unicast: settings.transport === 'unicast',
    },
    actionOptions: {},
    planClients: ({ spec, hostIp, nodes, bundle }) =>
      planKeepalivedWorkloadClients({
        spec,
        network: { hostIp },
        vip: hostIp(VIP_HOST),
        routers: nodes
          .filter((n) => n.plan.kind === 'router')
          .map((n) => ({ name: n.plan.name, ip: n.plan.ipv4 })),
        bundle,
      }),
    watch(runtime, nodes, append) {
      const follow = followKeepalivedLogs(
        runtime,
        nodes
          .filter((n) => n.plan.kind === 'router')
          .map((n) => ({ name: n.plan.name, containerId: n.containerId })),
        (l) => append({ kind: 'keepalived-event', node: l.node, event: l.event, line: l.line }),
      );
      return [() => follow.close()];
    },
    finalLeader: singleRouterMaster,
  };
};

/** The only router in MASTER, if there is exactly one. */
function singleRouterMaster(health: FinalHealth): string | undefined {
  return health.masters.length === 1 ? health.masters[0] : undefined;
}

/**
 * The keepalived lab's settings from a scenario's flat ones: `routerPriorities`
 * goes into each router's VRRP settings; the rest is lab-wide.
 */
function keepalivedSettings(flat: KeepalivedSettingsInput): KeepalivedSettings {
  const d = DEFAULT_KEEPALIVED_SETTINGS;
  const [p1, p2] = flat.routerPriorities ?? [d.routers[0].priority, d.routers[1].priority];
  return {
    transport: flat.transport ?? d.transport,
    advertIntSeconds: flat.advertIntSeconds ?? d.advertIntSeconds,
    nopreempt: flat.nopreempt ?? d.nopreempt,
    routers: [
      { ...d.routers[0], priority: p1 },
      { ...d.routers[1], priority: p2 },
    ],
  };
}

/** keepalived, as the engine's registry holds it. */
export const keepalivedEngine: SystemEngine = {
  adapter: keepalivedSystem,
  defaultLab: () => keepalivedLab(),
  defaultSettings: () => {
    const { routers, ...rest } = DEFAULT_KEEPALIVED_SETTINGS;
    return { ...rest, routerPriorities: routers.map((r) => r.priority) };
  },
  faults: {
    'block-vrrp': injectBlockVrrp,
    'kill-keepalived': injectKillKeepalived,
    'vrrp-config': injectVrrpConfig,
  },
  moves: {
    'stop-keepalived': onMember((ctx, node) => stopKeepalived(ctx, node)),
    'start-keepalived': onMember((ctx, node) => startKeepalived(ctx, node)),
    'restart-keepalived': onMember((ctx, node) => restartKeepalived(ctx, node)),
    'announce-vip': onMember((ctx, node) => announceVip(ctx, node)),
  },
};

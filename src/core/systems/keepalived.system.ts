import type { FinalHealth } from '../../shared/scenario-types';
import { VIP_HOST } from '../labs/keepalived/keepalived-config';
import { keepalivedLab } from '../labs/keepalived/keepalived.lab';
import { followKeepalivedLogs } from '../probes/keepalived-log.probe';
import { recordedSettings, scenarioSettings } from '../session/scenario-settings';
import { planKeepalivedWorkloadClients } from '../workload/workload-clients';
import type { ScenarioSystemFactory } from './scenario-system';

/**
 * keepalived (VRRP): HTTP clients of the VIP (keep-alive sessions or a
 * connection per request), keepalived's log events. Nothing to read back:
 * the ledger counts the requests and the routers that answered them.
 */
export const keepalivedSystem: ScenarioSystemFactory = (scenario, trainee) => {
  const chosen = scenarioSettings(scenario, trainee);
  if (chosen.system !== 'keepalived')
    throw new Error(`${scenario.id} is not a keepalived scenario`);
  const settings = chosen.settings;
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

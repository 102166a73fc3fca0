import type { FinalHealth } from '../../../shared/scenario-types';
import { onMember } from '../../../core/actions/node-action-types';
import { chosenSettings, recordedSettings } from '../../../core/session/scenario-settings';
import type { ScenarioSystemFactory, SystemEngine } from '../../../core/systems/scenario-system';
import type { EtcdRaftSettingsInput } from '../shared/etcd-raft.schema';
import { moveLeader, readRaftWorkloadKeys } from './actions/raft-node-actions';
import { DEFAULT_ETCD_RAFT_SETTINGS, type EtcdRaftSettings } from './lab/etcd-raft-config';
import { etcdRaftLab } from './lab/etcd-raft.lab';
import { followRaftLogs } from './probes/raft-log.probe';
import { planEtcdWorkloadClients } from './workload/etcd-workload-clients';

/**
 * etcd (Raft): clients that put their keys into etcd itself (pinned to one
 * member, or moving on after an error), the members' Raft log events, and
 * read-back from the single leader.
 */
export const etcdRaftSystem: ScenarioSystemFactory = (scenario, trainee) => {
  if (scenario.system !== 'etcd-raft')
    throw new Error(`${scenario.id} is not an etcd (Raft) scenario`);
  const settings = etcdRaftSettings(chosenSettings(scenario, trainee));
  return {
    lab: etcdRaftLab(settings),
    recorded: recordedSettings(settings),
    actionOptions: {},
    planClients: ({ spec, hostIp, nodes, bundle }) =>
      planEtcdWorkloadClients({
        spec,
        network: { hostIp },
        members: nodes
          .filter((n) => n.plan.kind === 'raft')
          .map((n) => ({ name: n.plan.name, ip: n.plan.ipv4 })),
        bundle,
      }),
    watch(runtime, nodes, append) {
      const follow = followRaftLogs(
        runtime,
        nodes
          .filter((n) => n.plan.kind === 'raft')
          .map((n) => ({ name: n.plan.name, containerId: n.containerId })),
        (l) =>
          append({
            kind: 'raft-event',
            node: l.node,
            event: l.event,
            line: l.line,
            ...(l.term !== undefined ? { term: l.term } : {}),
          }),
      );
      return [() => follow.close()];
    },
    finalLeader: singleLeader,
    readKeys: (runtime, containerId) => readRaftWorkloadKeys(runtime, containerId),
  };
};

/** The only member that leads, if there is exactly one. */
function singleLeader(health: FinalHealth): string | undefined {
  return health.masters.length === 1 ? health.masters[0] : undefined;
}

/** The lab's settings from a scenario's flat ones. */
function etcdRaftSettings(flat: EtcdRaftSettingsInput): EtcdRaftSettings {
  const d = DEFAULT_ETCD_RAFT_SETTINGS;
  return {
    members: flat.members ?? d.members,
    preVote: flat.preVote ?? d.preVote,
    electionMs: flat.electionMs ?? d.electionMs,
  };
}

/** etcd (Raft), as the engine's registry holds it. */
export const etcdRaftEngine: SystemEngine = {
  adapter: etcdRaftSystem,
  defaultLab: () => etcdRaftLab(),
  defaultSettings: () => ({ ...DEFAULT_ETCD_RAFT_SETTINGS }),
  faults: {},
  moves: {
    'move-leader': onMember((ctx, node) => moveLeader(ctx, node)),
  },
};

import type { FinalHealth } from '../../../shared/scenario-types';
import { onMember } from '../../../core/actions/node-action-types';
import { exportPostgresRows, replayPostgresExport } from './actions/patroni-reconcile';
import {
  failoverTo,
  reinitNode,
  setMaintenanceMode,
  stopPostgres,
  switchoverTo,
} from './actions/patroni-node-actions';
import { injectKillPatroni } from './faults/kill-patroni.fault';
import { injectManualPromote } from './faults/manual-promote.fault';
import {
  DEFAULT_PATRONI_SETTINGS,
  PATRONI_CREDENTIALS,
  PATRONI_DATABASE,
  POSTGRES_PORT,
  type PatroniSettings,
} from './lab/patroni-config';
import { patroniLab } from './lab/patroni.lab';
import { followPatroniLogs } from './probes/patroni-log.probe';
import { chosenSettings, recordedSettings } from '../../../core/session/scenario-settings';
import { readPostgresWorkloadKeys } from '../../../core/workload/read-back';
import { planPostgresWorkloadClients } from './workload/postgres-workload-clients';
import type { ScenarioSystemFactory, SystemEngine } from '../../../core/systems/scenario-system';

/**
 * Patroni: pinned or multi-host PostgreSQL clients, Patroni's log events,
 * read-back from the single primary (the one holding the leader key when
 * postgres and etcd disagree).
 */
export const patroniSystem: ScenarioSystemFactory = (scenario, trainee) => {
  if (scenario.system !== 'patroni') throw new Error(`${scenario.id} is not a Patroni scenario`);
  const settings: PatroniSettings = {
    ...DEFAULT_PATRONI_SETTINGS,
    ...chosenSettings(scenario, trainee),
  };
  return {
    lab: patroniLab(settings),
    recorded: recordedSettings(settings),
    actionOptions: {},
    planClients: ({ spec, hostIp, nodes, bundle }) =>
      planPostgresWorkloadClients({
        spec,
        network: { hostIp },
        hosts: nodes
          .filter((n) => n.plan.kind === 'postgres')
          .map((n) => ({ name: n.plan.name, ip: n.plan.ipv4, port: POSTGRES_PORT })),
        database: PATRONI_DATABASE,
        user: PATRONI_CREDENTIALS.superuser.username,
        password: PATRONI_CREDENTIALS.superuser.password,
        bundle,
      }),
    watch(runtime, nodes, append) {
      const follow = followPatroniLogs(
        runtime,
        nodes
          .filter((n) => n.plan.kind === 'postgres')
          .map((n) => ({ name: n.plan.name, containerId: n.containerId })),
        (l) => append({ kind: 'patroni-event', node: l.node, event: l.event, line: l.line }),
      );
      return [() => follow.close()];
    },
    finalLeader: patroniLeader,
    readKeys: (runtime, containerId) =>
      readPostgresWorkloadKeys(runtime, containerId, {
        user: PATRONI_CREDENTIALS.superuser.username,
        database: PATRONI_DATABASE,
        execUser: 'postgres',
      }),
  };
};

/** The only primary; with several, the one holding the leader key. */
function patroniLeader(health: FinalHealth): string | undefined {
  if (health.masters.length === 1) return health.masters[0];
  const holder = health.patroni?.leaderKeyHolder;
  return holder !== undefined && health.masters.includes(holder) ? holder : undefined;
}

/** Patroni, as the engine's registry holds it. */
export const patroniEngine: SystemEngine = {
  adapter: patroniSystem,
  defaultLab: () => patroniLab(),
  defaultSettings: () => ({ ...DEFAULT_PATRONI_SETTINGS }),
  faults: { 'kill-patroni': injectKillPatroni, 'manual-promote': injectManualPromote },
  moves: {
    'export-keys': onMember((ctx, node, _a, opts) =>
      exportPostgresRows(ctx, node, opts.artifactsDir),
    ),
    'replay-export': onMember((ctx, node, a, opts) =>
      replayPostgresExport(ctx, node, a.rule ?? 'keep-authoritative', opts.artifactsDir),
    ),
    'stop-postgres': onMember((ctx, node) => stopPostgres(ctx, node)),
    'maintenance-on': (ctx) => setMaintenanceMode(ctx, true),
    'maintenance-off': (ctx) => setMaintenanceMode(ctx, false),
    switchover: onMember((ctx, node) => switchoverTo(ctx, node)),
    failover: onMember((ctx, node) => failoverTo(ctx, node)),
    // The scope is read from the node's patroni.yml; the move waits for the rebuild.
    reinit: onMember((ctx, node) => reinitNode(ctx, node, { wait: true })),
  },
};

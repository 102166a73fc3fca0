import type { NeutralBriefing } from '../../shared/game-day-types';
import type { LabSummary } from '../../shared/lab-types';
import type { Scenario } from '../../shared/scenario-schema';

type ClientSpec = Scenario['workload']['clients'][number];

/**
 * What each kind of app does, in words that hold for every drill on its
 * system (they describe the app, not what will go wrong).
 */
const APP_TEXT: Record<ClientSpec['mode'], (c: ClientSpec) => string> = {
  sentinel: (c) =>
    `${c.name} writes orders to the master it gets from the sentinels, and asks them again after an error.`,
  pinned: (c) =>
    `${c.name} writes orders to the address it was given when it started (the master at the time).`,
  'multi-host': (c) =>
    `${c.name} writes rows to the first server in its list${c.hosts ? ` (${c.hosts.join(', ')})` : ''} that accepts writes, and looks again after an error.`,
  'http-session': (c) =>
    `${c.name} sends HTTP requests to the virtual IP over one kept-alive connection, and opens a new one when it breaks.`,
  'http-oneshot': (c) =>
    `${c.name} sends HTTP requests to the virtual IP on a new connection each time.`,
};

/** What healthy looks like on each system's charts. */
const HEALTHY: Record<Scenario['system'], string> = {
  'redis-sentinel':
    'Exactly one node says it is master, the others replicate from it with offsets close behind, ' +
    'the sentinels agree on who the master is, and every app’s writes are acknowledged.',
  patroni:
    'Exactly one PostgreSQL server runs as primary and holds the leader key, the others stream from it ' +
    'with little lag, and every app’s writes are committed.',
  keepalived:
    'Exactly one router is MASTER and holds the virtual IP, the other is BACKUP, the clients’ ARP entry ' +
    'for the VIP points at the MASTER’s MAC, and every request is answered.',
};

const TASK =
  'Watch the cluster. If something goes wrong, work out what is happening from what you can see, ' +
  'protect the data the apps wrote, and leave the cluster healthy. Write notes on what you see and ' +
  'why you act: they are part of the debrief. End the drill when you are done.';

/**
 * The briefing a trainee reads in a blind drill: the cluster (the lab's own
 * description, with this scenario's settings), what each app does, what
 * healthy means, and the task. Nothing from the scenario's title, briefing,
 * pattern, hints or teaching card. Pure.
 */
export function neutralBriefing(scenario: Scenario, lab: LabSummary): NeutralBriefing {
  return {
    system: scenario.system,
    cluster: lab.description,
    apps: scenario.workload.clients.map((c) => APP_TEXT[c.mode](c)),
    healthy: HEALTHY[scenario.system],
    task: TASK,
    minutes: scenario.minutes,
  };
}

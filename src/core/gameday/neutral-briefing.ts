import type { NeutralBriefing } from '../../shared/game-day-types';
import type { LabSummary } from '../../shared/lab-types';
import type { Scenario } from '../../shared/scenario-schema';
import { systemTraits } from '../../shared/system-traits';

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
  'lock-worker': (c) =>
    `${c.name} takes the lock in etcd under a lease, and while it holds it writes to storage with the lock's token.`,
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
    healthy: systemTraits(scenario.system).healthy,
    task: TASK,
    minutes: scenario.minutes,
  };
}

import {
  SYSTEM_SETTING_NAMES,
  durationMs,
  type Action,
  type FaultSpec,
  type ResponseStep,
  type Scenario,
} from '../../shared/scenario-schema';
import {
  RESERVED_SINCE,
  pacedScenario,
  parseSince,
  plannedStepMs,
  timeLimitMs,
} from '../../shared/scenario-pace';
import { RUN_TEXT_FIELDS, runTextFields, unknownPlaceholders } from '../../shared/run-text';
import type { FieldIssue } from './zod-issues';
import type { LabMembers } from './lab-members';
import { SYSTEM_TRAITS, systemTraits } from '../../shared/system-traits';
import { FAULT_KINDS } from '../../shared/fault-registry';
import { MOVE_KINDS, moveSystems } from '../../shared/move-registry';

/** Why `kind` cannot be used on `system`, or undefined when it can. */
function wrongSystem(kind: string, system: Scenario['system'], what: string): string | undefined {
  // A fault kind names its systems; a move is offered by the systems with a node kind it fits.
  const only =
    what === 'fault'
      ? FAULT_KINDS[kind as FaultSpec['kind']]?.systems
      : moveSystems(kind as Action['kind']);
  if (!only || only.includes(system)) return undefined;
  return `${kind} is a ${only.join(' / ')} ${what}; this scenario runs on ${system}`;
}

/**
 * Checks a scripted response against its scenario: `since` names a fault of
 * the scenario, actions name lab nodes and faults that exist. Paths are
 * relative to the response (prefix them for a scenario's `reference`).
 */
export function responseIssues(
  scenario: Scenario,
  steps: readonly ResponseStep[],
  members: LabMembers,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const faultIds = new Set(scenario.faults.map((f) => f.id));
  const nodes = new Set([...members.data, ...members.sentinels]);
  steps.forEach((step, i) => {
    const since = parseSince(step.since);
    if (since.from === 'tell' && faultIds.size === 0) {
      issues.push({
        path: [i, 'since'],
        message: 'tell counts from the first fault: this scenario has none',
      });
    } else if (since.from === 'previous') {
      if (i === 0)
        issues.push({
          path: [i, 'since'],
          message: 'previous counts from the step before: the first step has none',
        });
    } else if (since.from !== 'start' && since.from !== 'tell' && !faultIds.has(since.faultId)) {
      issues.push({ path: [i, 'since'], message: `no fault "${since.faultId}" in this scenario` });
    }
    const action: Action = step.do;
    const wrong = wrongSystem(action.kind, scenario.system, 'action');
    if (wrong) issues.push({ path: [i, 'do', 'kind'], message: wrong });
    if ('candidate' in action && !members.data.includes(action.candidate)) {
      issues.push({
        path: [i, 'do', 'candidate'],
        message: `no data node "${action.candidate}" (${members.data.join(', ')})`,
      });
    }
    // A process move (pause, stop...) may also name a workload client (a lock worker).
    const onClient =
      MOVE_KINDS[action.kind].fits?.includes('client') === true &&
      'node' in action &&
      scenario.workload.clients.some((c) => c.name === action.node);
    if ('node' in action && !nodes.has(action.node) && !onClient) {
      issues.push({
        path: [i, 'do', 'node'],
        message: `no lab node "${action.node}" (${[...nodes].join(', ')})`,
      });
    }
    if (
      (action.kind === 'heal' || action.kind === 'trigger-fault') &&
      action.fault &&
      !faultIds.has(action.fault)
    ) {
      issues.push({
        path: [i, 'do', 'fault'],
        message: `no fault "${action.fault}" in this scenario`,
      });
    }
  });
  return issues;
}

/**
 * What the schema cannot check in one scenario: names that must refer to the
 * lab's nodes, the workload's clients or the scenario's faults; ids that must
 * be unique; timings that must fit the time limit.
 */
export function scenarioCrossIssues(scenario: Scenario, members: LabMembers): FieldIssue[] {
  const traits = systemTraits(scenario.system);
  const issues: FieldIssue[] = [];
  const nodes = new Set([...members.data, ...members.sentinels]);
  const clients = new Set<string>();
  const settingNames = new Set(SYSTEM_SETTING_NAMES[scenario.system]);
  const settingBlocks = [
    ['settings', scenario.lab.settings],
    ['referenceSettings', scenario.lab.referenceSettings ?? {}],
  ] as const;
  for (const [block, values] of settingBlocks) {
    for (const key of Object.keys(values)) {
      if (!settingNames.has(key))
        issues.push({
          path: ['lab', block, key],
          message: `"${key}" is not a ${scenario.system} setting (${[...settingNames].join(', ')})`,
        });
    }
  }
  scenario.lab.traineeSettings.forEach((key, i) => {
    if (!settingNames.has(key))
      issues.push({
        path: ['lab', 'traineeSettings', i],
        message: `"${key}" is not a ${scenario.system} setting`,
      });
  });
  scenario.workload.clients.forEach((c, i) => {
    const modes = traits.clientModes;
    if (!modes.includes(c.mode))
      issues.push({
        path: ['workload', 'clients', i, 'mode'],
        message: `mode ${c.mode} does not exist on ${scenario.system} (${modes.join(', ')})`,
      });
    (c.hosts ?? []).forEach((h, k) => {
      if (!traits.clientModes.includes('multi-host') || !members.data.includes(h))
        issues.push({
          path: ['workload', 'clients', i, 'hosts', k],
          message: traits.clientModes.includes('multi-host')
            ? `no ${traits.dataNodeLabel} "${h}" (${members.data.join(', ')})`
            : 'hosts is for the systems whose clients may know several nodes (a multi-host mode)',
        });
    });
    const path = ['workload', 'clients', i, 'name'];
    if (nodes.has(c.name))
      issues.push({ path, message: `client "${c.name}" has a lab node's name` });
    else if (clients.has(c.name)) issues.push({ path, message: `duplicate client "${c.name}"` });
    clients.add(c.name);
  });
  const addressable = new Set([...nodes, ...clients]);
  const known = `${[...addressable].join(', ')}`;
  const limit = timeLimitMs(scenario);
  const limitText = scenario.timeLimit ?? `${scenario.minutes}m (the card's minutes)`;

  const faultIds = new Set<string>();
  scenario.faults.forEach((f, i) => {
    if (faultIds.has(f.id))
      issues.push({ path: ['faults', i, 'id'], message: `duplicate fault id "${f.id}"` });
    if ((RESERVED_SINCE as readonly string[]).includes(f.id))
      issues.push({
        path: ['faults', i, 'id'],
        message: `"${f.id}" is a word of since (${RESERVED_SINCE.join(', ')}): name the fault otherwise`,
      });
    faultIds.add(f.id);
    const wrong = wrongSystem(f.kind, scenario.system, 'fault');
    if (wrong) issues.push({ path: ['faults', i, 'kind'], message: wrong });
    if ('node' in f && FAULT_KINDS[f.kind].dataNodeOnly && !members.data.includes(f.node))
      issues.push({
        path: ['faults', i, 'node'],
        message: `${f.kind} needs a ${traits.dataNodeLabel} (${members.data.join(', ')})`,
      });
    if (f.kind === 'block-vrrp') {
      f.nodes.forEach((n, k) => {
        if (!members.data.includes(n))
          issues.push({
            path: ['faults', i, 'nodes', k],
            message: `block-vrrp needs a router (${members.data.join(', ')})`,
          });
      });
    } else if (f.kind === 'partition') {
      const seen = new Set<string>();
      f.groups.forEach((group, g) =>
        group.forEach((m, k) => {
          const path = ['faults', i, 'groups', g, k];
          if (!addressable.has(m))
            issues.push({ path, message: `no node or client "${m}" (${known})` });
          else if (seen.has(m)) issues.push({ path, message: `"${m}" is in both groups` });
          seen.add(m);
        }),
      );
    } else if (!addressable.has(f.node)) {
      issues.push({
        path: ['faults', i, 'node'],
        message: `no node or client "${f.node}" (${known})`,
      });
    }
    const at = f.at;
    if ('after' in at && durationMs(at.after) >= limit) {
      issues.push({
        path: ['faults', i, 'at', 'after'],
        message: `fires after the time limit (${limitText})`,
      });
    }
    if ('with' in at) {
      const leader = scenario.faults.findIndex((g) => g.id === at.with);
      const ok = leader >= 0 && leader < i && !('with' in scenario.faults[leader]!.at);
      const timed = ok && !('trigger' in scenario.faults[leader]!.at);
      if (!ok || !timed)
        issues.push({
          path: ['faults', i, 'at', 'with'],
          message:
            leader < 0
              ? `no fault "${at.with}" (${scenario.faults.map((g) => g.id).join(', ')})`
              : 'must name a fault declared before this one that fires by after or between',
        });
    }
    if ('between' in at) {
      const [from, to] = at.between.map(durationMs) as [number, number];
      if (from > to)
        issues.push({
          path: ['faults', i, 'at', 'between'],
          message: 'the window ends before it starts',
        });
      else if (to >= limit) {
        issues.push({
          path: ['faults', i, 'at', 'between'],
          message: `ends after the time limit (${limitText})`,
        });
      }
    }
  });

  if (scenario.workload.sharedKeys !== undefined && !traits.sharedKeys)
    issues.push({
      path: ['workload', 'sharedKeys'],
      message: `${traits.name}'s workload writes keys of its own only (shared keys: ${Object.values(
        SYSTEM_TRAITS,
      )
        .filter((t) => t.sharedKeys)
        .map((t) => t.name)
        .join(', ')})`,
    });

  // A system whose leaders are its workload clients (lock workers) names a client as the stale one.
  const leaders = traits.leadersAreClients
    ? scenario.workload.clients.map((c) => c.name)
    : members.data;
  for (const field of ['staleLeader', 'authoritative'] as const) {
    const named = scenario[field];
    if (named !== undefined && !leaders.includes(named))
      issues.push({
        path: [field],
        message: traits.leadersAreClients
          ? `no workload client "${named}" (${leaders.join(', ')})`
          : `no data node "${named}" (${members.data.join(', ')})`,
      });
  }
  const slowTell = scenario.grading.splitTells.indexOf('leader-slow');
  if (slowTell >= 0 && scenario.staleLeader === undefined)
    issues.push({
      path: ['grading', 'splitTells', slowTell],
      message: 'leader-slow watches the stale leader: name it in staleLeader',
    });
  if (scenario.staleLeader !== undefined && scenario.staleLeader === scenario.authoritative)
    issues.push({
      path: ['authoritative'],
      message: 'the node to fence (staleLeader) cannot also be the authoritative one',
    });

  const trainee = new Set<string>(scenario.lab.traineeSettings);
  for (const key of Object.keys(scenario.lab.referenceSettings ?? {})) {
    if (!trainee.has(key)) {
      issues.push({
        path: ['lab', 'referenceSettings', key],
        message: `"${key}" is not among traineeSettings`,
      });
    }
  }

  const checks = new Set<string>();
  scenario.grading.checks.forEach((c, i) => {
    const path = ['grading', 'checks', i];
    if (checks.has(c.check))
      issues.push({ path: [...path, 'check'], message: `check "${c.check}" is listed twice` });
    checks.add(c.check);
    if (c.check === 'config-fixed' && !c.params.settings) {
      issues.push({
        path: [...path, 'params'],
        message: 'config-fixed needs params.settings (the expected final values)',
      });
    }
    const bands = c.params.lostBands;
    if (bands && bands[0] > bands[1]) {
      issues.push({
        path: [...path, 'params', 'lostBands'],
        message: 'the good band must not exceed the fair band',
      });
    }
    const time = c.params.timeBands;
    if (time && !TIME_CHECKS.has(c.check))
      issues.push({
        path: [...path, 'params', 'timeBands'],
        message: `${c.check} is not time-based (timeBands is for ${[...TIME_CHECKS].join(', ')})`,
      });
    else if (time && time[0] > time[1])
      issues.push({
        path: [...path, 'params', 'timeBands'],
        message: 'the full-credit band must not exceed the partial one',
      });
    else if (time && time[1] * 1000 >= limit)
      issues.push({
        path: [...path, 'params', 'timeBands'],
        message: `the partial band (${time[1]} s) does not fit in the time limit (${limitText})`,
      });
  });
  if (scenario.grading.checks.every((c) => c.weight === 0)) {
    issues.push({ path: ['grading', 'checks'], message: 'every check weighs 0' });
  }

  scenario.hints.forEach((h, i) => {
    const since = h.since === undefined ? undefined : parseSince(h.since);
    if (since?.from === 'tell' && faultIds.size === 0)
      issues.push({
        path: ['hints', i, 'since'],
        message: 'tell counts from the first fault: this scenario has none',
      });
    else if (since?.from === 'previous')
      issues.push({
        path: ['hints', i, 'since'],
        message:
          'previous counts from the scripted step before: a hint has none (use start, tell or a fault)',
      });
    else if (
      since &&
      since.from !== 'start' &&
      since.from !== 'tell' &&
      !faultIds.has(since.faultId)
    )
      issues.push({
        path: ['hints', i, 'since'],
        message: `no fault "${since.faultId}" (${[...faultIds].join(', ')})`,
      });
    else if (durationMs(h.after) >= limit) {
      issues.push({
        path: ['hints', i, 'after'],
        message: `comes after the time limit (${limitText})`,
      });
    }
  });

  issues.push(...fastPaceIssues(scenario, faultIds));
  for (const { path, text } of runTextFields(scenario))
    for (const field of unknownPlaceholders(text))
      issues.push({
        path,
        message: `{${field}} is not a run fact (known: ${RUN_TEXT_FIELDS.map((f) => `{${f}}`).join(', ')})`,
      });

  issues.push(
    ...responseIssues(scenario, scenario.reference, members).map((x) => ({
      ...x,
      path: ['reference', ...x.path],
    })),
  );
  if (!scenario.reference.some((s) => s.do.kind === 'end')) {
    issues.push({
      path: ['reference'],
      message: 'the reference response never ends the scenario (add an `end` step)',
    });
  }
  return issues;
}

/** Checks whose `timeBands` mean seconds after what the trainee saw (the first tell, or for failed-over the master lost). */
const TIME_CHECKS: ReadonlySet<string> = new Set([
  'stale-leader-stopped-writes',
  'dual-master-ended',
  'client-traffic-settled',
  'slow-leader-replaced',
  'failed-over',
]);

/**
 * The fast profile: it names only timed faults of the scenario, each fires
 * inside its limit, and the reference has time to end before it (10 s spare).
 */
function fastPaceIssues(scenario: Scenario, faultIds: ReadonlySet<string>): FieldIssue[] {
  const fast = scenario.fast;
  if (!fast) return [];
  const issues: FieldIssue[] = [];
  const limit = durationMs(fast.timeLimit);
  if (limit > timeLimitMs(scenario))
    issues.push({
      path: ['fast', 'timeLimit'],
      message: 'the fast profile cannot last longer than the human time limit',
    });
  for (const [faultId, timing] of Object.entries(fast.faults)) {
    const path = ['fast', 'faults', faultId];
    const spec = scenario.faults.find((f) => f.id === faultId);
    if (!faultIds.has(faultId))
      issues.push({ path, message: `no fault "${faultId}" (${[...faultIds].join(', ')})` });
    else if (spec && 'trigger' in spec.at && timing.at !== undefined)
      issues.push({
        path: [...path, 'at'],
        message: `"${faultId}" waits for an instructor in every pace`,
      });
    else if (spec && 'with' in spec.at && timing.at !== undefined)
      issues.push({
        path: [...path, 'at'],
        message: `"${faultId}" fires with "${spec.at.with}" in every pace`,
      });
    else if (timing.at !== undefined && durationMs(timing.at) >= limit)
      issues.push({
        path: [...path, 'at'],
        message: `fires after the fast time limit (${fast.timeLimit})`,
      });
  }
  const paced = pacedScenario(scenario, 'fast');
  const endIndex = scenario.reference.findIndex((st) => st.do.kind === 'end');
  const end = endIndex >= 0 ? plannedStepMs(paced, scenario.reference, endIndex, 0) : undefined;
  if (end && end.ms > limit - 10_000)
    issues.push({
      path: ['fast', 'timeLimit'],
      message: `the reference ends ${end.exact ? 'at' : 'no earlier than'} ${Math.round(end.ms / 100) / 10} s in the fast profile: leave it 10 s before the limit`,
    });
  return issues;
}

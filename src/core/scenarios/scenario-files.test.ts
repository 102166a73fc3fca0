import { existsSync, readdirSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { durationMs, type Scenario } from '../../shared/scenario-schema';
import { pacedScenario, plannedStepMs, timeLimitMs } from '../../shared/scenario-pace';
import {
  RESPONSE_SCHEMA_FILE,
  SCENARIO_SCHEMA_FILE,
  responseJsonSchemaText,
  scenarioJsonSchemaText,
  writeScenarioJsonSchema,
} from './scenario-json-schema';
import { faultSettledBy } from '../../shared/fault-registry';
import { loadScenarios } from './scenario-loader';
import { listResponseFiles } from './response-library';
import { selfTestPlan } from './self-test-judge';

const DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));
const IDS = [
  'stale-leader',
  'one-way-partition',
  'zombie-leader',
  'quorum-one',
  'prevention-drill',
  'reconcile-orders',
  'tilted-sentinels',
  'clock-picks-winner',
];
const PATRONI_IDS = [
  'stale-primary',
  'zombie-primary',
  'unmanaged-primary',
  'maintenance-promote',
  'sync-drill',
  'grey-primary',
  'etcd-pair',
];
const KEEPALIVED_IDS = ['vrrp-dual-master', 'deaf-backup', 'vrid-mismatch'];
const ETCD_RAFT_IDS = ['minority-leader'];
const LOCK_SERVICE_IDS = ['zombie-lock-holder'];
/**
 * The checks doing nothing can pass in each Patroni scenario, measured with the
 * headless runner: pg-1 demotes itself when cut off (stale-primary), Patroni
 * demotes and rewinds a woken zombie by itself (zombie-primary), the prevention
 * drill's network is healed by its reference only.
 */
const PATRONI_FREE: Record<string, string[]> = {
  'stale-primary': ['did-not-fence-new-master', 'stale-leader-stopped-writes'],
  'zombie-primary': [
    'did-not-fence-new-master',
    'stale-leader-stopped-writes',
    'acked-writes-lost',
    'final-health',
  ],
  'unmanaged-primary': ['did-not-fence-new-master'],
  'maintenance-promote': ['did-not-fence-new-master'],
  'sync-drill': ['final-health'],
  // Left alone the port heals and pg-1, never replaced, leads a healthy cluster again.
  'grey-primary': ['did-not-fence-new-master', 'acked-writes-lost', 'final-health'],
  // Two members: every write fails while etcd-1 is away, none is lost, and it all comes back.
  'etcd-pair': ['acked-writes-lost', 'final-health'],
};

/**
 * In the fast profile (fixed offsets), every fence the reference puts up
 * comes down, and every fault is healed, before the end.
 */
function expectReferenceCleansUp(scenario: Scenario): void {
  const s = pacedScenario(scenario, 'fast');
  const steps = [...s.reference].sort((a, b) => stepAt(s, a) - stepAt(s, b));
  const last = steps[steps.length - 1]!;
  expect(last.do.kind).toBe('end');
  expect(stepAt(s, last)).toBeLessThan(timeLimitMs(s) - 10_000);
  for (const step of steps.filter((x) => x.do.kind === 'isolate-clients')) {
    const node = 'node' in step.do ? step.do.node : '';
    const lift = steps.find(
      (x) => x.do.kind === 'unisolate-clients' && 'node' in x.do && x.do.node === node,
    );
    expect(lift && stepAt(s, lift) > stepAt(s, step)).toBe(true);
  }
  for (const f of s.faults) {
    // Healed by its duration, a heal, or a move that undoes it (a clock fixed: sync-clock).
    const healed =
      f.duration !== undefined ||
      steps.some((x) => x.do.kind === 'heal' && (x.do.fault ?? f.id) === f.id) ||
      steps.some((x) => faultSettledBy(x.do, f));
    expect(healed).toBe(true);
  }
}

/**
 * How long after the first fault a step that counts from `tell` is assumed
 * to start, ms: the split shows 10-15 s after the fault on these labs (a
 * Patroni lease of 10 s, a busy CI machine), with room to spare.
 */
const TELL_BUDGET_MS = 20_000;

/** When the reference step fires, ms since the start, in a scenario paced with fixed offsets. */
function stepAt(s: Scenario, step: Scenario['reference'][number]): number {
  const at = plannedStepMs(s, s.reference, s.reference.indexOf(step), TELL_BUDGET_MS);
  if (at === undefined) throw new Error(`reference timed from ${step.since}: no fixed offset`);
  return at.ms;
}

/** A scenario without its timings (time limit, fault moments and durations). */
function withoutTimings(s: Scenario): unknown {
  const { timeLimit: _limit, ...rest } = s;
  return {
    ...rest,
    faults: s.faults.map(({ at: _at, duration: _duration, ...f }) => f),
  };
}

describe('the scenario files in scenarios/', async () => {
  const { scenarios, problems } = await loadScenarios(DIR);

  it('all load without problems', () => {
    expect(problems).toEqual([]);
    expect([...scenarios.keys()].sort()).toEqual(
      [...IDS, ...PATRONI_IDS, ...KEEPALIVED_IDS, ...ETCD_RAFT_IDS, ...LOCK_SERVICE_IDS].sort(),
    );
  });

  const ALL = [...IDS, ...PATRONI_IDS, ...KEEPALIVED_IDS, ...ETCD_RAFT_IDS, ...LOCK_SERVICE_IDS];

  it.each(ALL)('%s: the human and fast profiles differ only in their timings', (id) => {
    const s = scenarios.get(id)!;
    const human = pacedScenario(s, 'human');
    const fast = pacedScenario(s, 'fast');
    expect(withoutTimings(fast)).toEqual(withoutTimings(human));
    // ...and they do differ: the human one lasts the card's minutes, the fast one under 2.
    expect(timeLimitMs(human)).toBe(s.minutes * 60_000);
    expect(timeLimitMs(fast)).toBeLessThanOrEqual(90_000);
    expect(human.faults.map((f) => f.at)).not.toEqual(fast.faults.map((f) => f.at));
  });

  it.each(ALL)(
    '%s is paced for a person: a random fault moment, hints from it, bands that fit',
    (id) => {
      const s = pacedScenario(scenarios.get(id)!, 'human');
      for (const f of s.faults) {
        // A person first sees the healthy cluster; the seed picks the moment.
        // (or together with a fault that is).
        expect('between' in f.at || 'with' in f.at).toBe(true);
        if ('between' in f.at) expect(durationMs(f.at.between[0])).toBeGreaterThanOrEqual(15_000);
      }
      for (const h of s.hints)
        if (h.since === undefined) expect(durationMs(h.after)).toBeGreaterThanOrEqual(15_000);
      for (const c of s.grading.checks) {
        if (
          !['stale-leader-stopped-writes', 'dual-master-ended', 'client-traffic-settled'].includes(
            c.check,
          )
        )
          continue;
        const [full, partial] = c.params.timeBands!;
        // The prevention drill grades the setting's own reaction, not a person's.
        if (id !== 'prevention-drill') expect(full).toBeGreaterThanOrEqual(20);
        expect(partial * 1000).toBeLessThan(timeLimitMs(s));
      }
    },
  );

  it.each(IDS)('%s keeps a CI run short and its reference well-formed', (id) => {
    const s = scenarios.get(id)!;
    expect(s.lab.settings.downAfterMs).toBe(3000);
    expect(s.lab.settings.failoverTimeoutMs).toBe(10_000);
    const fast = pacedScenario(s, 'fast');
    expect(timeLimitMs(fast)).toBeGreaterThanOrEqual(45_000);
    expect(timeLimitMs(fast)).toBeLessThanOrEqual(60_000);
    for (const f of fast.faults) {
      // A fault that fires with another keeps that in every pace.
      const leader = 'with' in f.at ? f.at.with : undefined;
      if (leader) expect(fast.faults.find((g) => g.id === leader)?.at).toEqual({ after: '5s' });
      else expect(f.at).toEqual({ after: '5s' });
    }
    expect(s.workload.rate).toBe(20);
    expect(s.workload.clients).toEqual([
      { name: 'app-sentinel', mode: 'sentinel' },
      { name: 'app-pinned', mode: 'pinned' },
    ]);
    expectReferenceCleansUp(s);
    expect(s.teaching.misdiagnoses.length).toBeGreaterThanOrEqual(3);
    expect(s.hints.length).toBeGreaterThanOrEqual(3);
  });

  it.each(IDS)('%s cannot be passed by doing nothing', (id) => {
    const s = scenarios.get(id)!;
    // Doing nothing can at best pass "did not fence the new master" (vacuously) and, where
    // Sentinel repairs the split by itself, final health; where the fault ends by itself (the
    // zombie wakes and Sentinel demotes it), the timing check too. The rest must stay under
    // the pass mark.
    const selfEnding = s.faults.some((f) => f.duration !== undefined);
    const total = s.grading.checks.reduce((sum, c) => sum + c.weight, 0);
    const free = s.grading.checks
      .filter(
        (c) =>
          c.check === 'did-not-fence-new-master' ||
          c.check === 'final-health' ||
          (selfEnding && c.check === 'stale-leader-stopped-writes'),
      )
      .reduce((sum, c) => sum + c.weight, 0);
    expect((free / total) * 100).toBeLessThan(s.grading.passMark);
  });

  it.each(PATRONI_IDS)('%s (Patroni) keeps a CI run short and its reference well-formed', (id) => {
    const s = scenarios.get(id)!;
    expect(s.system).toBe('patroni');
    const { ttl, loopWait, retryTimeout } = s.lab.settings;
    // Patroni's rule: loop_wait + 2 * retry_timeout <= ttl.
    expect(loopWait! + 2 * retryTimeout!).toBeLessThanOrEqual(ttl!);
    const fast = pacedScenario(s, 'fast');
    expect(timeLimitMs(fast)).toBeLessThanOrEqual(90_000);
    for (const f of fast.faults) expect(f.at).toEqual({ after: '5s' });
    expect(s.workload.rate).toBe(20);
    expect(s.staleLeader).toBeDefined();
    expectReferenceCleansUp(s);
    expect(s.teaching.misdiagnoses.length).toBeGreaterThanOrEqual(2);
    expect(s.hints.length + (s.comparison ? 3 : 0)).toBeGreaterThanOrEqual(3);
  });

  it.each(PATRONI_IDS)('%s (Patroni) cannot be passed by doing nothing', (id) => {
    const s = scenarios.get(id)!;
    const total = s.grading.checks.reduce((sum, c) => sum + c.weight, 0);
    const free = s.grading.checks
      .filter((c) => PATRONI_FREE[id]!.includes(c.check))
      .reduce((sum, c) => sum + c.weight, 0);
    expect((free / total) * 100).toBeLessThan(s.grading.passMark);
  });

  it.each(KEEPALIVED_IDS)('%s (keepalived) names the rogue and the router to keep', (id) => {
    const s = scenarios.get(id)!;
    expect(s.system).toBe('keepalived');
    expect(s.staleLeader).toBe('router-2');
    expect(s.authoritative).toBe('router-1');
    expect(s.grading.splitTells).toEqual(['masters-claimed', 'vip-macs']);
    // Room for a reference whose last steps count from `previous` on a busy machine (a
    // keepalived move was seen to take 9 s with four labs at once).
    expect(timeLimitMs(pacedScenario(s, 'fast'))).toBeLessThanOrEqual(90_000);
    expect(s.workload.clients.map((c) => c.mode)).toEqual(['http-session', 'http-oneshot']);
    expectReferenceCleansUp(s);
    expect(s.teaching.misdiagnoses.map((m) => m.looksLike).join(' ')).toMatch(/blip/);
    expect(s.teaching.misdiagnoses.map((m) => m.looksLike).join(' ')).toMatch(/flakiness/);
    expect(s.hints.length).toBeGreaterThanOrEqual(3);
  });

  it.each(KEEPALIVED_IDS)('%s (keepalived) cannot be passed by doing nothing', (id) => {
    const s = scenarios.get(id)!;
    // Left alone the pair stays split: only a low failure count can pass.
    const total = s.grading.checks.reduce((sum, c) => sum + c.weight, 0);
    const free = s.grading.checks
      .filter((c) => c.check === 'requests-failed')
      .reduce((sum, c) => sum + c.weight, 0);
    expect((free / total) * 100).toBeLessThan(s.grading.passMark);
  });

  it.each(ETCD_RAFT_IDS)(
    '%s (etcd Raft) keeps a CI run short and its reference well-formed',
    (id) => {
      const s = scenarios.get(id)!;
      expect(s.system).toBe('etcd-raft');
      expect(s.staleLeader).toBe('raft-1');
      const fast = pacedScenario(s, 'fast');
      expect(timeLimitMs(fast)).toBeLessThanOrEqual(90_000);
      for (const f of fast.faults) expect(f.at).toEqual({ after: '5s' });
      expect(s.workload.clients.map((c) => c.mode).sort()).toEqual(['multi-host', 'pinned']);
      expectReferenceCleansUp(s);
      expect(s.teaching.misdiagnoses.length).toBeGreaterThanOrEqual(2);
      expect(s.hints.length).toBeGreaterThanOrEqual(3);
    },
  );

  it.each(ETCD_RAFT_IDS)('%s (etcd Raft) cannot be passed by doing nothing', (id) => {
    const s = scenarios.get(id)!;
    // Raft heals itself and loses nothing acknowledged: only the setting chosen before the
    // start, a required check, separates doing nothing from the lesson.
    const fixed = s.grading.checks.find((c) => c.check === 'config-fixed');
    expect(fixed?.required).toBe(true);
    for (const [k, v] of Object.entries(fixed?.params.settings ?? {}))
      expect(s.lab.settings[k as keyof typeof s.lab.settings]).not.toEqual(v);
  });

  it.each(LOCK_SERVICE_IDS)(
    '%s (lock service) keeps a CI run short and its lesson required',
    (id) => {
      const s = scenarios.get(id)!;
      expect(s.system).toBe('lock-service');
      // The zombie is a worker (a workload client), not a node.
      expect(s.workload.clients.map((c) => c.name)).toContain(s.staleLeader);
      const fast = pacedScenario(s, 'fast');
      expect(timeLimitMs(fast)).toBeLessThanOrEqual(60_000);
      expectReferenceCleansUp(s);
      expect(s.teaching.misdiagnoses.length).toBeGreaterThanOrEqual(2);
      expect(s.hints.length).toBeGreaterThanOrEqual(3);
      // Doing nothing lets the zombie's write in: both checks that say so are required, and the
      // fix is a setting the lab does not start with (a trainee may choose it before the start).
      const required = s.grading.checks.filter((c) => c.required).map((c) => c.check);
      expect(required).toEqual(expect.arrayContaining(['stale-token-refused', 'config-fixed']));
      const fixed = s.grading.checks.find((c) => c.check === 'config-fixed');
      expect(fixed?.params.settings).toEqual({ fencingCheck: true });
      expect(s.lab.settings.fencingCheck).toBe(false);
      expect(s.lab.traineeSettings).toEqual(['fencingCheck']);
    },
  );

  it('the Patroni prevention drill grades synchronous_mode and compares with the baseline', () => {
    const d = scenarios.get('sync-drill')!;
    expect(d.lab.traineeSettings).toEqual(['synchronousMode']);
    expect(d.lab.referenceSettings).toEqual({ synchronousMode: true });
    expect(d.grading.checks.find((c) => c.check === 'config-fixed')?.params.settings).toEqual({
      synchronousMode: true,
    });
    expect(d.comparison?.baselineLost).toBeGreaterThan(0);
  });

  it('quorum-one grades the fix on every sentinel and the prevention drill the settings', () => {
    const q = scenarios.get('quorum-one')!;
    expect(q.lab.settings.quorum).toBe(1);
    expect(q.grading.checks.find((c) => c.check === 'config-fixed')?.params.settings).toEqual({
      quorum: 2,
    });
    const commands = q.reference
      .filter((x) => x.do.kind === 'console')
      .map((x) => ('node' in x.do ? x.do.node : ''));
    expect(commands).toEqual(['sentinel-1', 'sentinel-2', 'sentinel-3']);
    const p = scenarios.get('prevention-drill')!;
    expect(p.lab.traineeSettings).toEqual(['minReplicasToWrite', 'minReplicasMaxLagSeconds']);
    expect(p.lab.referenceSettings).toEqual({ minReplicasToWrite: 1, minReplicasMaxLagSeconds: 3 });
    expect(p.comparison?.baselineLost).toBeGreaterThan(0);
  });
});

describe('the response files in scenarios/<system>/responses/', async () => {
  const { scenarios } = await loadScenarios(DIR);
  const files = (await readdir(DIR, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && existsSync(path.join(DIR, d.name, 'responses')))
    .flatMap((d) =>
      readdirSync(path.join(DIR, d.name, 'responses'), { withFileTypes: true })
        .filter((f) => f.name.endsWith('.yaml'))
        .map((f) => `${d.name}/responses/${f.name}`),
    );
  const listed = new Map(
    await Promise.all(
      [...scenarios.values()].map(async (s) => [s.id, await listResponseFiles(DIR, s)] as const),
    ),
  );

  it.each(files)('%s is listed for one scenario and parses against it', (file) => {
    const owners = [...listed.entries()].filter(([, entries]) =>
      entries.some((e) => e.file === file),
    );
    expect(owners.map(([id]) => id)).toHaveLength(1);
    const entry = owners[0]![1].find((e) => e.file === file)!;
    expect(entry.parsed.ok ? [] : entry.parsed.problems).toEqual([]);
  });

  it.each([...scenarios.keys()])(
    '%s has at least two wrong responses, one of them waiting it out',
    (id) => {
      const wrong = listed.get(id)!.filter((e) => e.parsed.ok && e.parsed.mustFail);
      expect(wrong.length).toBeGreaterThanOrEqual(2);
      expect(wrong.filter((e) => e.parsed.ok && e.parsed.waitsItOut)).toHaveLength(1);
      for (const e of wrong) expect(e.parsed.ok && e.parsed.scenario).toBe(id);
    },
  );

  it('plays each wait-it-out file in the self-test instead of doing nothing (no extra run)', () => {
    for (const s of scenarios.values()) {
      const plan = selfTestPlan(s, listed.get(s.id)!);
      expect(plan.map((r) => r.kind)).not.toContain('none');
      expect(plan[0]!.kind).toBe('reference');
    }
  });
});

describe('scenarios/scenario.schema.json', () => {
  it('is up to date with the zod schema (regenerate: UPDATE_SCENARIO_SCHEMA=1 npx vitest run --project unit src/core/scenarios)', async () => {
    if (process.env.UPDATE_SCENARIO_SCHEMA === '1') await writeScenarioJsonSchema(DIR);
    const committed: unknown = JSON.parse(
      await readFile(path.join(DIR, SCENARIO_SCHEMA_FILE), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(scenarioJsonSchemaText()));
    const responses: unknown = JSON.parse(
      await readFile(path.join(DIR, RESPONSE_SCHEMA_FILE), 'utf8'),
    );
    expect(responses).toEqual(JSON.parse(responseJsonSchemaText()));
  });
});

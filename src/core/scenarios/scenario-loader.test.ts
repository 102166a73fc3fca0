import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseResponseText } from './response-file';
import { loadScenarios, parseScenarioText, scenarioSummary } from './scenario-loader';

const REAL_DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));
const realText = (id: string) =>
  readFile(path.join(REAL_DIR, 'redis-sentinel', `${id}.yaml`), 'utf8');

/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('loadScenarios', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dojo-scenarios-'));
    await mkdir(path.join(dir, 'redis-sentinel'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const put = (file: string, text: string) =>
    writeFile(path.join(dir, 'redis-sentinel', file), text);

  it('reports a bad duration with file, line and field path, and still loads the other files', async () => {
    const good = await realText('stale-leader');
    const broken = (await realText('zombie-leader')).replace(
      'duration: 45s',
      'duration: 8 seconds',
    );
    await put('stale-leader.yaml', good);
    await put('zombie-leader.yaml', broken);
    const { scenarios, problems } = await loadScenarios(dir);
    expect([...scenarios.keys()]).toEqual(['stale-leader']);
    expect(problems).toEqual([
      {
        file: 'redis-sentinel/zombie-leader.yaml',
        line: lineOf(broken, 'duration: 8 seconds'),
        path: 'faults.0.duration',
        message: 'a duration like 500ms, 8s or 2m',
      },
    ]);
  });

  it('finds the line of a field inside a union (fault timing) and of an unknown key', async () => {
    const text = (await realText('stale-leader'))
      .replace('at: { between: [15s, 45s] }', 'at: { after: soon }')
      .replace('minutes: 8', 'minutes: 8\ncolour: blue');
    await put('stale-leader.yaml', text);
    const { problems } = await loadScenarios(dir);
    expect(problems).toEqual([
      expect.objectContaining({ path: 'faults.0.at.after', line: lineOf(text, 'after: soon') }),
      expect.objectContaining({
        path: 'colour',
        line: lineOf(text, 'colour: blue'),
        message: 'unknown field "colour"',
      }),
    ]);
  });

  it('names a fault timed with a fault that does not exist, or comes after it', async () => {
    const text = (await realText('stale-leader')).replace(
      'at: { between: [15s, 45s] }',
      'at: { with: cut-rack }',
    );
    await put('stale-leader.yaml', text);
    const { problems } = await loadScenarios(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'faults.0.at.with',
        line: lineOf(text, 'with: cut-rack'),
        message: expect.stringContaining('no fault "cut-rack"'),
      }),
    ]);
  });

  it('reports a YAML syntax error at its line', async () => {
    await put('stale-leader.yaml', 'id: stale-leader\ntitle: [unclosed\nsystem: redis-sentinel\n');
    const { problems } = await loadScenarios(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'redis-sentinel/stale-leader.yaml', path: '' });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('points a missing required field at its parent', async () => {
    const text = (await realText('stale-leader')).replace(/^ {2}tell: >-\n(?: {4}.*\n)+/m, '');
    await put('stale-leader.yaml', text);
    const { problems } = await loadScenarios(dir);
    expect(problems).toEqual([
      expect.objectContaining({ path: 'teaching.tell', line: lineOf(text, 'teaching:') }),
    ]);
  });

  it('cross-checks names the schema cannot: lab nodes, clients, fault ids, the stale leader, the file name', async () => {
    const text = (await realText('stale-leader'))
      .replace('- [redis-1, app-pinned]', '- [redis-1, app-pined]')
      .replace('staleLeader: redis-1', 'staleLeader: sentinel-1')
      .replace('do: { kind: heal, fault: cut-master }', 'do: { kind: heal, fault: cut-mastr }')
      .replace('do: { kind: demote, node: redis-1 }', 'do: { kind: demote, node: redis-9 }');
    await put('renamed.yaml', text);
    const { scenarios, problems } = await loadScenarios(dir);
    expect(scenarios.size).toBe(0);
    const at = (p: string) => problems.find((x) => x.path === p);
    expect(at('id')).toMatchObject({
      line: lineOf(text, 'id: stale-leader'),
      message: 'id "stale-leader" does not match the file name "renamed"',
    });
    expect(at('faults.0.groups.0.1')).toMatchObject({ line: lineOf(text, 'app-pined') });
    expect(at('faults.0.groups.0.1')!.message).toMatch(/no node or client "app-pined"/);
    expect(at('staleLeader')).toMatchObject({ line: lineOf(text, 'staleLeader:') });
    expect(at('reference.2.do.fault')).toMatchObject({
      line: lineOf(text, 'cut-mastr'),
      message: 'no fault "cut-mastr" in this scenario',
    });
    expect(at('reference.3.do.node')).toMatchObject({ line: lineOf(text, 'redis-9') });
  });

  it('cross-checks the paces, time bands, hint moments and run-fact names', async () => {
    const text = (await realText('stale-leader'))
      .replace('  timeLimit: 50s\n', '  timeLimit: 12s\n  faults:\n    cut-mastr: { at: 2s }\n')
      .replace('params: { timeBands: [20, 120] }', 'params: { timeBands: [20, 600] }')
      .replace(
        'params: { lostBands: [600, 2500] }',
        'params: { lostBands: [600, 2500], timeBands: [1, 2] }',
      )
      .replace('  - after: 60s\n', '  - since: cut-mastr:healed\n    after: 60s\n')
      .replace('The sentinels all name {newMaster}', 'The sentinels all name {newMastr}');
    await put('stale-leader.yaml', text);
    const { scenarios, problems } = await loadScenarios(dir);
    expect(scenarios.size).toBe(0);
    const at = (p: string) => problems.find((x) => x.path === p);
    expect(at('fast.faults.cut-mastr')).toMatchObject({
      line: lineOf(text, 'cut-mastr: { at: 2s }'),
      message: 'no fault "cut-mastr" (cut-master)',
    });
    expect(at('fast.timeLimit')?.message).toMatch(
      /the reference ends no earlier than 16 s in the fast profile/,
    );
    expect(at('grading.checks.0.params.timeBands')?.message).toMatch(
      /the partial band \(600 s\) does not fit in the time limit \(8m/,
    );
    expect(at('grading.checks.3.params.timeBands')?.message).toMatch(
      /acked-writes-lost is not time-based/,
    );
    expect(at('hints.1.since')).toMatchObject({
      line: lineOf(text, 'since: cut-mastr:healed'),
      message: 'no fault "cut-mastr" (cut-master)',
    });
    expect(at('teaching.tell')?.message).toMatch(/\{newMastr\} is not a run fact/);
  });

  it('takes since: tell for steps and hints, and keeps start and tell from naming a fault', async () => {
    const good = (await realText('stale-leader')).replace(
      '  - after: 60s\n',
      '  - since: tell\n    after: 60s\n',
    );
    await put('stale-leader.yaml', good);
    const loaded = await loadScenarios(dir);
    expect(loaded.problems).toEqual([]);
    const played = loaded.scenarios.get('stale-leader')!;
    expect(played.reference.some((s) => s.since === 'tell')).toBe(true);
    expect(played.hints.some((h) => h.since === 'tell')).toBe(true);

    const text = (await realText('stale-leader')).replaceAll('cut-master', 'tell');
    await put('stale-leader.yaml', text);
    const { problems } = await loadScenarios(dir);
    expect(problems.find((x) => x.path === 'faults.0.id')).toMatchObject({
      line: lineOf(text, 'id: tell'),
      message: '"tell" is a word of since (start, tell, previous): name the fault otherwise',
    });
  });

  it('takes since: previous for a step after another, never for the first step or a hint', async () => {
    const real = await realText('stale-leader');
    const good = real.replace(
      '  - since: tell\n    after: 11s\n    do: { kind: end }',
      '  - since: previous\n    after: 40s\n    do: { kind: end }',
    );
    expect(good).not.toBe(real);
    await put('stale-leader.yaml', good);
    const loaded = await loadScenarios(dir);
    // 40 s after the step before, itself due after the fault: past the fast limit of 50 s.
    expect(loaded.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^fast\.timeLimit: the reference ends no earlier than \d+(\.\d)? s in the fast profile: leave it 10 s before the limit$/,
      ),
    ]);

    const bad = real
      .replace('reference:\n  - since: tell\n', 'reference:\n  - since: previous\n')
      .replace('  - after: 60s\n', '  - since: previous\n    after: 60s\n');
    await put('stale-leader.yaml', bad);
    const { problems } = await loadScenarios(dir);
    const at = (p: string) => problems.find((x) => x.path === p);
    expect(at('reference.0.since')).toMatchObject({
      line: lineOf(bad, 'reference:') + 1,
      message: 'previous counts from the step before: the first step has none',
    });
    expect(at('hints.1.since')!.message).toMatch(/^previous counts from the scripted step before/);
  });

  it('cross-checks a keepalived file: routers for VRRP faults, its own settings and moves, the router to keep', async () => {
    const text = (
      await readFile(path.join(REAL_DIR, 'keepalived', 'vrrp-dual-master.yaml'), 'utf8')
    )
      .replace('nodes: [router-2]', 'nodes: [client]')
      .replace('advertIntSeconds: 1', 'advertIntSeconds: 1\n    ttl: 10')
      .replace('authoritative: router-1', 'authoritative: router-2')
      .replace(
        '- { name: app-oneshot, mode: http-oneshot }',
        '- { name: app-oneshot, mode: pinned }',
      )
      .replace(
        'do: { kind: announce-vip, node: router-1 }',
        'do: { kind: isolate-clients, node: router-1 }',
      );
    await put('vrrp-dual-master.yaml', text);
    const { scenarios, problems } = await loadScenarios(dir);
    expect(scenarios.size).toBe(0);
    const at = (p: string) => problems.find((x) => x.path === p);
    expect(at('faults.0.nodes.0')).toMatchObject({
      line: lineOf(text, 'nodes: [client]'),
      message: 'block-vrrp needs a router (router-1, router-2)',
    });
    expect(at('lab.settings.ttl')!.message).toMatch(/"ttl" is not a keepalived setting/);
    expect(at('workload.clients.1.mode')!.message).toMatch(
      /mode pinned does not exist on keepalived \(http-session, http-oneshot\)/,
    );
    expect(at('authoritative')).toMatchObject({
      line: lineOf(text, 'authoritative:'),
      message: 'the node to fence (staleLeader) cannot also be the authoritative one',
    });
    expect(at('reference.3.do.kind')!.message).toMatch(
      /isolate-clients is a redis-sentinel \/ patroni \/ etcd-raft action; this scenario runs on keepalived/,
    );
  });

  it('reports a second file with an id already loaded', async () => {
    const text = await realText('stale-leader');
    await put('stale-leader.yaml', text);
    await put('stale-leader.yml', text);
    const { scenarios, problems } = await loadScenarios(dir);
    expect(scenarios.size).toBe(1);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'redis-sentinel/stale-leader.yml',
        path: 'id',
        message: expect.stringMatching(/duplicate id/),
      }),
    ]);
  });

  it('reports a missing folder instead of throwing', async () => {
    const { scenarios, problems } = await loadScenarios(path.join(dir, 'nope'));
    expect(scenarios.size).toBe(0);
    expect(problems[0]!.message).toMatch(/cannot read/);
  });
});

describe('parseScenarioText and scenarioSummary', () => {
  it('summarizes with the effective trainee settings', async () => {
    const r = parseScenarioText(
      await realText('prevention-drill'),
      'redis-sentinel/prevention-drill.yaml',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(scenarioSummary(r.scenario, 'shipped')).toMatchObject({
      id: 'prevention-drill',
      source: 'shipped',
      pattern: { id: 'FP-015' },
      traineeSettings: [
        { name: 'minReplicasToWrite', value: 0 },
        { name: 'minReplicasMaxLagSeconds', value: 10 },
      ],
    });
  });

  it('checks a scripted response file against its scenario', async () => {
    const r = parseScenarioText(await realText('stale-leader'), 'redis-sentinel/stale-leader.yaml');
    if (!r.ok) throw new Error('stale-leader should load');
    const good = parseResponseText(
      '- { since: cut-master, after: 6s, do: { kind: stop, node: redis-1 } }\n- { after: 20s, do: { kind: end } }\n',
      'r.yaml',
      r.scenario,
    );
    expect(good.ok).toBe(true);
    const bad = parseResponseText(
      '- since: cut-master\n  after: 6s\n  do: { kind: stop, node: redis-7 }\n- since: nothing\n  after: 1x\n  do: { kind: end }\n',
      'r.yaml',
      r.scenario,
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toEqual([
      expect.objectContaining({ file: 'r.yaml', line: 5, path: '1.after' }),
    ]);
    const unknownNode = parseResponseText(
      '- since: cut-master\n  after: 6s\n  do: { kind: stop, node: redis-7 }\n',
      'r.yaml',
      r.scenario,
    );
    expect(unknownNode.ok ? [] : unknownNode.problems).toEqual([
      expect.objectContaining({ line: 3, path: '0.do.node' }),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { LabMember } from './fault-types';
import { planPartition, uncoveredCuts } from './partition-plan';

const m = (name: string, host: number): LabMember => ({
  name,
  kind: name.startsWith('app') ? 'client' : 'redis',
  containerId: `id-${name}`,
  ipv4: `10.0.0.${host}`,
});
const r1 = m('redis-1', 11);
const app = m('app', 31);
const r2 = m('redis-2', 12);
const s1 = m('sentinel-1', 21);
const members = new Map([r1, app, r2, s1].map((x) => [x.name, x]));
const rulesOf = (plan: ReturnType<typeof planPartition>, name: string): string[] =>
  (plan.perMember.find((p) => p.member === name)?.rules ?? []).map(
    (r) => `${r.args[0]} ${r.args[1]}`,
  );

describe('planPartition', () => {
  it('both: every member of both groups drops both ways to the other group', () => {
    const plan = planPartition('split', [r1, app], [r2, s1], 'both');
    expect(rulesOf(plan, 'redis-1')).toEqual([
      '-s 10.0.0.12',
      '-s 10.0.0.21',
      '-d 10.0.0.12',
      '-d 10.0.0.21',
    ]);
    expect(rulesOf(plan, 'redis-2')).toEqual([
      '-s 10.0.0.11',
      '-s 10.0.0.31',
      '-d 10.0.0.11',
      '-d 10.0.0.31',
    ]);
    expect(plan.cuts).toHaveLength(8);
    expect(
      plan.perMember.every((p) => p.rules.every((r) => r.args.includes('dojo-fault:split'))),
    ).toBe(true);
  });

  it('inbound: rules on the first group only, dropping what comes from the others', () => {
    const plan = planPartition('in', [r1], [r2, s1], 'inbound');
    expect(plan.perMember.map((p) => p.member)).toEqual(['redis-1']);
    expect(rulesOf(plan, 'redis-1')).toEqual(['-s 10.0.0.12', '-s 10.0.0.21']);
    expect(plan.cuts).toEqual([
      { from: 'redis-2', to: 'redis-1' },
      { from: 'sentinel-1', to: 'redis-1' },
    ]);
  });

  it('outbound: rules on the first group only, dropping what it sends to the others', () => {
    const plan = planPartition('out', [r1], [r2], 'outbound');
    expect(rulesOf(plan, 'redis-1')).toEqual(['-d 10.0.0.12']);
    expect(plan.cuts).toEqual([{ from: 'redis-1', to: 'redis-2' }]);
  });

  it('rejects a member in both groups and empty groups', () => {
    expect(() => planPartition('x', [r1], [r1], 'both')).toThrow(/both groups/);
    expect(() => planPartition('x', [], [r1], 'both')).toThrow(/need a member/);
  });
});

describe('uncoveredCuts', () => {
  it('both: one side holding its rules covers every pair', () => {
    const plan = planPartition('split', [r1, app], [r2, s1], 'both');
    expect(uncoveredCuts(plan, members, new Set(['redis-2', 'sentinel-1']))).toEqual([]);
    expect(uncoveredCuts(plan, members, new Set(['redis-1', 'app']))).toEqual([]);
  });

  it('both: a pair whose two ends both failed stays uncovered', () => {
    const plan = planPartition('split', [r1, app], [r2, s1], 'both');
    const missing = uncoveredCuts(plan, members, new Set(['redis-1', 'sentinel-1']));
    expect(missing).toEqual([
      { from: 'app', to: 'redis-2' },
      { from: 'redis-2', to: 'app' },
    ]);
  });

  it('one-way: every first-group member must hold its rules', () => {
    const plan = planPartition('in', [r1, app], [r2], 'inbound');
    expect(uncoveredCuts(plan, members, new Set(['redis-1']))).toEqual([
      { from: 'redis-2', to: 'app' },
    ]);
  });
});

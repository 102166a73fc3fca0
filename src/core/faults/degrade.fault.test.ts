import { describe, expect, it } from 'vitest';
import { describeFault, faultSummary } from '../../shared/fault-registry';
import type { FaultSpec } from '../../shared/scenario-schema';
import { scenarioSchema } from '../../shared/scenario-schema';
import { testScenario } from '../testing/test-history';
import { degradeLevels, describeLevel } from './degrade.fault';
import { deleteTaggedByNumberScript, lossRule } from './iptables-rules';

describe('degrade levels', () => {
  it('is one step at full strength without a ramp', () => {
    expect(degradeLevels({ loss: 0.4, cpus: 0.05 })).toEqual([{ loss: 0.4, cpus: 0.05 }]);
  });

  it('climbs in 2 s steps: loss linearly, the CPU limit by the same share each step', () => {
    const levels = degradeLevels({ loss: 0.3, cpus: 0.01, ramp: '8s' });
    expect(levels.map((l) => l.loss)).toEqual([0.075, 0.15, 0.225, 0.3]);
    expect(levels.map((l) => l.cpus)).toEqual([0.316, 0.1, 0.032, 0.01]);
    expect(describeLevel(levels[0]!)).toBe(
      '7.5 % of arriving packets dropped, CPU limited to 0.316',
    );
  });

  it('never starts a ramp below its own CPU target', () => {
    expect(degradeLevels({ cpus: 2, ramp: '4s' })).toEqual([{ cpus: 2 }, { cpus: 2 }]);
  });
});

describe('degrade rules', () => {
  it('drops at random what arrives from outside, tagged, and deletes by rule number', () => {
    const rule = lossRule(0.25, 'dojo-fault:slow');
    expect(rule.args.join(' ')).toBe(
      '! -i lo -m statistic --mode random --probability 0.2500 -m comment --comment dojo-fault:slow -j DROP',
    );
    expect(() => lossRule(1, 'dojo-fault:slow')).toThrow(/between 0 and 1/);
    expect(deleteTaggedByNumberScript('DOJO-DEGRADE', 'dojo-fault:slow')[0]).toMatch(
      /grep -F -- '\/\* dojo-fault:slow \*\/'.*sort -rn/,
    );
  });
});

describe('the degrade fault in a scenario', () => {
  const spec: FaultSpec = {
    id: 'slow',
    kind: 'degrade',
    node: 'pg-1',
    loss: 0.3,
    cpus: 0.05,
    ramp: '20s',
    at: { after: '10s' },
  };

  it('has its words for the debrief and the run view', () => {
    expect(describeFault(spec)).toBe('degrade pg-1 (30 % packet loss, 0.05 CPU, over 20s)');
    expect(faultSummary(spec)).toBe('pg-1 degraded');
  });

  it('needs loss or cpus', () => {
    const base = testScenario();
    const r = scenarioSchema.safeParse({
      ...base,
      faults: [{ id: 'slow', kind: 'degrade', node: 'redis-1', at: { after: '10s' } }],
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('a degrade fault needs loss, cpus or both');
  });
});

import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../shared/scenario-schema';
import { vrrpBlockRules } from '../../systems/keepalived/engine/faults/block-vrrp.fault';
import type { ActiveFault, FaultStepReport } from './fault-types';
import { describeReapply, faultLivesOn, reapplyFaults } from './reapply-faults';

const at = { after: '1s' } as const;
/** A fault handle whose reapply records the node and answers `ok`. */
function handle(spec: FaultSpec, ok = true, calls: string[] = []): ActiveFault {
  const report = (detail: string): FaultStepReport => ({
    ok,
    detail,
    problems: ok ? [] : [{ member: 'x', error: 'boom' }],
  });
  return {
    id: spec.id,
    spec,
    injectedAt: 0,
    detail: '',
    revert: () => Promise.resolve(report('reverted')),
    reapply: (node) => {
      calls.push(`${spec.id}@${node}`);
      return Promise.resolve(report(`${spec.id} on ${node}${ok ? '' : ' failed'}`));
    },
  };
}

const block: FaultSpec = {
  id: 'deaf',
  kind: 'block-vrrp',
  nodes: ['router-2'],
  direction: 'inbound',
  at,
};
const cut: FaultSpec = {
  id: 'cut',
  kind: 'partition',
  groups: [['router-1'], ['router-2', 'client']],
  direction: 'both',
  at,
};
const pause: FaultSpec = { id: 'freeze', kind: 'pause', node: 'router-2', at };

describe('faultLivesOn', () => {
  it('is true for partitions naming the node and VRRP blocks on it, only', () => {
    expect(faultLivesOn(handle(block), 'router-2')).toBe(true);
    expect(faultLivesOn(handle(block), 'router-1')).toBe(false);
    expect(faultLivesOn(handle(cut), 'client')).toBe(true);
    expect(faultLivesOn(handle(pause), 'router-2')).toBe(false);
  });
});

describe('reapplyFaults', () => {
  it('puts back the faults living on the node, and says which could not be', async () => {
    const calls: string[] = [];
    const out = await reapplyFaults(
      [handle(block, true, calls), handle(cut, false, calls), handle(pause, true, calls)],
      'router-2',
    );
    expect(calls.sort()).toEqual(['cut@router-2', 'deaf@router-2']);
    expect(out).toEqual({
      reapplied: ['deaf'],
      failed: [{ id: 'cut', detail: 'cut on router-2 failed' }],
    });
    expect(describeReapply(out)).toBe(
      'faults re-applied to it: deaf; could not re-apply: cut on router-2 failed',
    );
    expect(describeReapply(await reapplyFaults([], 'router-2'))).toBe('');
  });
});

describe('vrrpBlockRules', () => {
  it('inbound: one INPUT-side rule; outbound: one OUTPUT-side rule; both: the two', () => {
    expect(vrrpBlockRules('deaf', 'inbound').map((r) => r.chain)).toEqual(['DOJO-VRRP-IN']);
    expect(vrrpBlockRules('mute', 'outbound').map((r) => r.chain)).toEqual(['DOJO-VRRP-OUT']);
    const both = vrrpBlockRules('wall', 'both');
    expect(both.map((r) => r.chain)).toEqual(['DOJO-VRRP-IN', 'DOJO-VRRP-OUT']);
    for (const r of both) expect(r.args).toContain('dojo-fault:wall');
  });
});

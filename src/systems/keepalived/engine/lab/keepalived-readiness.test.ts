import { describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../../shared/lab-types';
import {
  MAC1,
  MAC2,
  backupObs as backup,
  keepalivedSample as sample,
  masterObs as master,
  vipClientObs as client,
} from '../testing/keepalived-observations';
import { ReadinessReadings, judgeKeepalivedReadiness } from './keepalived-readiness';

const expected = {
  routers: ['router-1', 'router-2'],
  client: 'client',
  expectedMaster: 'router-1',
};

function failing(nodes: NodeObservation[]): string[] {
  return judgeKeepalivedReadiness(sample(nodes), expected)
    .conditions.filter((c) => !c.ok)
    .map((c) => c.name);
}

describe('keepalived readiness', () => {
  it('is ready with one MASTER holding the VIP, a BACKUP hearing it, and the client reaching it', () => {
    const status = judgeKeepalivedReadiness(sample([master(), backup(), client()]), expected);
    expect(status.conditions.map((c) => c.name)).toEqual([
      '2 routers answer',
      'exactly one MASTER, holding the VIP',
      'router-1 (highest priority) is MASTER',
      'BACKUP hears the MASTER',
      'client sees one MAC for the VIP: the MASTER',
      'client reaches the MASTER through the VIP',
    ]);
    expect(status.ready).toBe(true);
  });

  it('is not ready while both routers are still BACKUP (the first seconds, or no NET_RAW: forever)', () => {
    const deaf = master({ role: 'replica', vrrpState: 'BACKUP', vipHeld: false, advertsSent: 0 });
    const f = failing([deaf, backup({ advertsReceived: 0 }), client({ vipArpMacs: [] })]);
    expect(f).toContain('exactly one MASTER, holding the VIP');
    expect(f).toContain('BACKUP hears the MASTER');
    expect(
      judgeKeepalivedReadiness(sample([deaf, backup()]), expected).conditions[1]?.detail,
    ).toMatch(/no MASTER yet/);
  });

  it('is not ready with two MASTERs, nor with a MASTER that does not hold the VIP', () => {
    const dual = backup({ role: 'master', vrrpState: 'MASTER', vipHeld: true });
    expect(failing([master(), dual, client({ vipArpMacs: [MAC1, MAC2] })])).toEqual([
      'exactly one MASTER, holding the VIP',
      'router-1 (highest priority) is MASTER',
      'BACKUP hears the MASTER',
      'client sees one MAC for the VIP: the MASTER',
      'client reaches the MASTER through the VIP',
    ]);
    expect(failing([master({ vipHeld: false }), backup(), client()])).toContain(
      'exactly one MASTER, holding the VIP',
    );
    // A BACKUP still holding the VIP is not clean either.
    expect(failing([master(), backup({ vipHeld: true }), client()])).toContain(
      'exactly one MASTER, holding the VIP',
    );
  });

  it('is not ready when the lower-priority router won', () => {
    const m = backup({ role: 'master', vrrpState: 'MASTER', vipHeld: true, advertsReceived: 0 });
    const b = master({ role: 'replica', vrrpState: 'BACKUP', vipHeld: false, advertsReceived: 3 });
    const c = client({
      vipArpMacs: [MAC2],
      vipNeighbour: { mac: MAC2, state: 'REACHABLE' },
      vipHttpResponder: 'router-2',
    });
    expect(failing([b, m, c])).toEqual(['router-1 (highest priority) is MASTER']);
    const noExpectation = judgeKeepalivedReadiness(sample([b, m, c]), {
      routers: expected.routers,
      client: 'client',
    });
    expect(noExpectation.ready).toBe(true);
  });

  it('is not ready while a router is silent or the client has not seen the VIP yet', () => {
    const silent: NodeObservation = {
      node: 'router-2',
      kind: 'router',
      role: 'unknown',
      state: 'unreachable',
      error: 'refused',
    };
    expect(failing([master(), silent, client()])).toContain('2 routers answer');
    expect(failing([master(), backup()])).toEqual([
      'client sees one MAC for the VIP: the MASTER',
      'client reaches the MASTER through the VIP',
    ]);
    expect(
      failing([
        master(),
        backup(),
        client({ vipHttpResponder: undefined, vipNeighbour: undefined }),
      ]),
    ).toEqual(['client reaches the MASTER through the VIP']);
  });

  describe('with unreadable probes (a busy machine)', () => {
    const timedOut = (node: string, kind: NodeObservation['kind']): NodeObservation => ({
      node,
      kind,
      role: 'unknown',
      state: 'unreachable',
      error: 'timeout',
    });
    const judge = (r: ReadinessReadings, t: number, nodes: NodeObservation[]) =>
      judgeKeepalivedReadiness(r.fill(sample(nodes, t)), expected);

    it('takes a read that got no answer as a retry: the last reading stands for a few seconds', () => {
      const r = new ReadinessReadings(5000);
      expect(judge(r, 0, [master(), backup(), client()]).ready).toBe(true);
      expect(judge(r, 1000, [master(), timedOut('router-2', 'router'), client()]).ready).toBe(true);
      expect(judge(r, 2000, [master(), backup(), timedOut('client', 'vip-client')]).ready).toBe(
        true,
      );
    });

    it('is still not ready for a router that stays silent, never answered, or runs no keepalived', () => {
      const r = new ReadinessReadings(5000);
      judge(r, 0, [master(), backup(), client()]);
      const late = judge(r, 6000, [master(), timedOut('router-2', 'router'), client()]);
      expect(late.ready).toBe(false);
      expect(late.conditions.find((c) => !c.ok)?.name).toBe('2 routers answer');
      const never = new ReadinessReadings(5000);
      expect(judge(never, 0, [master(), timedOut('router-2', 'router'), client()]).ready).toBe(
        false,
      );
      const stopped = new ReadinessReadings(5000);
      judge(stopped, 0, [master(), backup(), client()]);
      const noKeepalived = backup({
        role: 'unknown',
        vrrpState: undefined,
        error: 'keepalived is not running',
      });
      expect(judge(stopped, 1000, [master(), noKeepalived, client()]).ready).toBe(false);
    });

    it('does not carry a reading that was not ready: a deaf BACKUP stays not ready', () => {
      const r = new ReadinessReadings(5000);
      judge(r, 0, [master(), backup({ advertsReceived: 0 }), client()]);
      const status = judge(r, 1000, [master(), timedOut('router-2', 'router'), client()]);
      expect(status.ready).toBe(false);
      expect(status.conditions.filter((c) => !c.ok).map((c) => c.name)).toEqual([
        'BACKUP hears the MASTER',
      ]);
    });
  });
});

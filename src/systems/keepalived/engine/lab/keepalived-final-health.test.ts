import { describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../../shared/lab-types';
import {
  MAC1,
  MAC2,
  backupObs as backup,
  keepalivedSample,
  masterObs as master,
  routerObs as router,
  vipClientObs as client,
} from '../testing/keepalived-observations';
import type { RouterState } from '../probes/keepalived-router.probe';
import { keepalivedFinalHealth } from './keepalived-final-health';

const sample = (t: number, nodes: NodeObservation[]) => keepalivedSample(nodes, t);
const state = (vrid: number, over: Partial<RouterState> = {}): RouterState => ({
  keepalivedRunning: true,
  ipv4: [],
  configVrid: vrid,
  ...over,
});

describe('keepalived final health', () => {
  it('reads one master holding the VIP, the backup hearing it, the client on the master', () => {
    const h = keepalivedFinalHealth({
      before: sample(0, [master(), backup({ advertsReceived: 5 }), client()]),
      after: sample(1500, [master(), backup({ advertsReceived: 7 }), client()]),
      routerStates: { 'router-1': state(51), 'router-2': state(51) },
      replicasExpected: 1,
    });
    expect(h).toEqual({
      masters: ['router-1'],
      replicasCaughtUp: ['router-2'],
      replicasExpected: 1,
      coordinatorViews: { client: 'router-1' },
      coordinationOk: true,
      settingsReadBack: {},
      keepalived: {
        vipHolders: ['router-1'],
        arpAnswerers: ['router-1'],
        neighbourRouter: 'router-1',
        httpResponder: 'router-1',
        keepalivedRunning: { 'router-1': true, 'router-2': true },
        vrrpStates: { 'router-1': 'MASTER', 'router-2': 'BACKUP' },
        virtualRouterIds: { 'router-1': 51, 'router-2': 51 },
      },
    });
  });

  it('does not count a backup whose counter is above 0 but did not rise (it hears nothing now)', () => {
    const h = keepalivedFinalHealth({
      before: sample(0, [master(), backup({ advertsReceived: 40 }), client()]),
      after: sample(1500, [master(), backup({ advertsReceived: 40 }), client()]),
      routerStates: { 'router-1': state(51), 'router-2': state(51) },
      replicasExpected: 1,
    });
    expect(h.replicasCaughtUp).toEqual([]);
  });

  it('reads a split brain: two masters, two VIP holders, two ARP answerers, no backup', () => {
    const dual = backup({ role: 'master', vrrpState: 'MASTER', vipHeld: true });
    const c = client({ vipArpMacs: [MAC1, MAC2], vipArpNodes: ['router-1', 'router-2'] });
    const h = keepalivedFinalHealth({
      before: sample(0, [master(), backup({ advertsReceived: 3 }), c]),
      after: sample(1500, [master(), dual, c]),
      routerStates: { 'router-1': state(51), 'router-2': state(51) },
      replicasExpected: 1,
    });
    expect(h.masters).toEqual(['router-1', 'router-2']);
    expect(h.replicasCaughtUp).toEqual([]);
    expect(h.coordinationOk).toBe(false);
    expect(h.keepalived?.vipHolders).toEqual(['router-1', 'router-2']);
    expect(h.keepalived?.arpAnswerers).toEqual(['router-1', 'router-2']);
  });

  it('takes the config file VRID over the running one, the dump when the file gave none, and a silent router as unreadable, not as not running', () => {
    const h = keepalivedFinalHealth({
      before: sample(0, [master(), backup()]),
      after: sample(1500, [
        master(),
        router('router-2', MAC2, { role: 'unknown', state: 'unreachable' }),
      ]),
      routerStates: {
        'router-1': state(51, {
          configVrid: undefined,
          instance: {
            state: 'MASTER',
            virtualRouterId: 51,
            effectivePriority: 150,
            advertsReceived: 0,
            advertsSent: 9,
            becameMaster: 1,
          },
        }),
        'router-2': undefined,
      },
      replicasExpected: 1,
    });
    expect(h.keepalived?.virtualRouterIds).toEqual({ 'router-1': 51 });
    expect(h.keepalived?.keepalivedRunning).toEqual({ 'router-1': true });
    expect(h.keepalived?.unreadable).toEqual({ 'router-2': 'no answer' });
    expect(h.keepalived?.vrrpStates['router-2']).toBe('unreadable');
    expect(h.coordinatorViews).toEqual({});
    expect(h.keepalived?.neighbourRouter).toBeUndefined();
  });

  it('reads a timed-out router and client as unreadable, never as without the VIP or keepalived', () => {
    const h = keepalivedFinalHealth({
      before: sample(0, [master(), backup({ advertsReceived: 5 }), client()]),
      after: sample(1500, [
        master(),
        router('router-2', MAC2, { role: 'unknown', state: 'unreachable', error: 'timeout' }),
        {
          node: 'client',
          kind: 'vip-client',
          role: 'unknown',
          state: 'unreachable',
          error: 'timeout',
        },
      ]),
      routerStates: { 'router-1': state(51), 'router-2': undefined },
      replicasExpected: 1,
    });
    expect(h.keepalived).toMatchObject({
      unreadable: { 'router-2': 'timeout' },
      clientUnreadable: 'timeout',
      keepalivedRunning: { 'router-1': true },
      vipHolders: ['router-1'],
      arpAnswerers: [],
    });
    expect(h.keepalived?.httpResponder).toBeUndefined();
    expect(h.keepalived?.keepalivedRunning).not.toHaveProperty('router-2');
  });
});

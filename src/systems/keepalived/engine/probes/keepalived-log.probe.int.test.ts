import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveFault } from '../../../../core/faults/fault-types';
import { injectFault } from '../../../../core/faults/inject-fault';
import { createKeepalivedTestLab, type KeepalivedTestLab } from '../testing/keepalived-lab.fixture';
import { until } from '../../../../core/testing/mini-lab.fixture';
import type { LogFollow } from '../../../../core/probes/container-log-follow';
import {
  KEEPALIVED_REPEAT_WINDOW_MS,
  followKeepalivedLogs,
  type KeepalivedLogLine,
} from './keepalived-log.probe';

/**
 * keepalived's own log events, as the run view's "keepalived events" list
 * gets them (followKeepalivedLogs on the routers' container logs), and the
 * lab's final health (two samples ADVERT_WATCH_MS apart), on a real lab:
 * healthy, and with router-2 deaf to VRRP (inbound adverts dropped), the
 * silent dual master whose only tells are the routers' states, their logs
 * and ARP.
 */
let lab: KeepalivedTestLab;
let follow: LogFollow | undefined;
const events: KeepalivedLogLine[] = [];
const at = { after: '0s' } as const;
const since = (t: number, node: string, event: KeepalivedLogLine['event']) =>
  events.filter((e) => e.t >= t && e.node === node && e.event === event);
const finalHealth = async () => {
  const observer = lab.controller.labObserver;
  if (!observer) throw new Error('the lab has no observer');
  return observer.finalHealth(5000);
};

beforeAll(async () => {
  lab = await createKeepalivedTestLab('kalog');
  follow = followKeepalivedLogs(
    lab.runtime,
    ['router-1', 'router-2'].map((name) => ({
      name,
      containerId: lab.member(name).containerId,
    })),
    (l) => events.push(l),
  );
  await lab.waitHealthy();
});

afterAll(async () => {
  follow?.close();
  await lab?.dispose();
  const left = await lab?.runtime.listContainers({ 'dojo.run': lab.runId });
  expect(left ?? []).toEqual([]);
});

describe('final health of a healthy pair', () => {
  it('one MASTER holding the VIP, the BACKUP hearing its adverts, the client on router-1 only', async () => {
    const h = await finalHealth();
    expect(h.masters).toEqual(['router-1']);
    expect(h.replicasCaughtUp).toEqual(['router-2']);
    expect(h.replicasExpected).toBe(1);
    expect(h.coordinationOk).toBe(true);
    expect(h.keepalived).toMatchObject({
      vipHolders: ['router-1'],
      arpAnswerers: ['router-1'],
      neighbourRouter: 'router-1',
      httpResponder: 'router-1',
      keepalivedRunning: { 'router-1': true, 'router-2': true },
      vrrpStates: { 'router-1': 'MASTER', 'router-2': 'BACKUP' },
    });
  });
});

describe('router-2 deaf to VRRP', () => {
  it('logs router-2 entering MASTER and router-1 forcing elections (once per window), final health shows the split, and the heal puts router-2 back in BACKUP', async () => {
    const t0 = Date.now();
    let deaf: ActiveFault | undefined = await injectFault(lab.ctx, {
      id: 'deaf',
      kind: 'block-vrrp',
      nodes: ['router-2'],
      direction: 'inbound',
      at,
    });
    try {
      await until(
        'router-2 logs entering MASTER',
        () => since(t0, 'router-2', 'entering-master').length > 0,
        10_000,
      );
      await until(
        'router-1 logs a lower-priority advert forcing an election',
        () => since(t0, 'router-1', 'lower-priority-advert').length > 0,
        5000,
      );
      const first = since(t0, 'router-1', 'lower-priority-advert')[0]!;
      expect(first.line).toMatch(/lower priority 100, ours 150, forcing new election/);

      // keepalived logs it for every advert it hears (1 s); the list shows it once per window.
      await new Promise((r) =>
        setTimeout(r, Math.max(0, first.t + KEEPALIVED_REPEAT_WINDOW_MS - 1500 - Date.now())),
      );
      const raw = (await lab.logsSince('router-1', t0)).filter((l) =>
        /forcing new election/.test(l),
      );
      console.log(
        `[keepalived-log-int] router-1 logged ${raw.length} forcing-election lines; reported ${since(t0, 'router-1', 'lower-priority-advert').length}`,
      );
      expect(raw.length).toBeGreaterThanOrEqual(2);
      expect(since(t0, 'router-1', 'lower-priority-advert')).toHaveLength(1);

      const h = await finalHealth();
      expect([...h.masters].sort()).toEqual(['router-1', 'router-2']);
      expect(h.replicasCaughtUp).toEqual([]);
      expect(h.coordinationOk).toBe(false);
      expect([...(h.keepalived?.vipHolders ?? [])].sort()).toEqual(['router-1', 'router-2']);

      const healAt = Date.now();
      await deaf.revert();
      deaf = undefined;
      await until(
        'router-2 logs entering BACKUP after the heal',
        () => since(healAt, 'router-2', 'entering-backup').length > 0,
        10_000,
      );
      await lab.waitHealthy(30_000);
      const healed = await finalHealth();
      expect(healed.masters).toEqual(['router-1']);
      expect(healed.replicasCaughtUp).toEqual(['router-2']);
    } finally {
      await deaf?.revert();
    }
  });
});

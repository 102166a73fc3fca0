import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../../../shared/scenario-schema';
import type { ActiveFault } from '../../../../core/faults/fault-types';
import { injectFault } from '../../../../core/faults/inject-fault';
import {
  clientOf,
  createKeepalivedTestLab,
  holdsVipAsMaster,
  nodeOf,
  vipMacCount,
  type AppClient,
  type KeepalivedTestLab,
} from '../testing/keepalived-lab.fixture';
import { until } from '../../../../core/testing/mini-lab.fixture';
import { performNodeAction, type NodeActionResult } from '../../../../core/actions/node-actions';

/**
 * The palette's moves on a real keepalived lab (router-1 prio 150, router-2
 * prio 100): stop/start/restart keepalived, announce the VIP, and the
 * container moves and consoles on routers and the client node, judged by
 * the lab's own probes and an app container on the LAN. One lab for the
 * file; every test leaves it healthy. Times are printed.
 */
let lab: KeepalivedTestLab;
let app: AppClient;
const active: ActiveFault[] = [];
const timings: Record<string, number> = {};
const at = { after: '0s' } as const;
const node = nodeOf;
const client = clientOf;
const macs = vipMacCount;
const master = holdsVipAsMaster;
const log = (what: string, ms: number): void => {
  timings[what] = ms;
  console.log(`[keepalived-actions-int] ${what}: ${ms} ms`);
};
const act = async (action: Action): Promise<NodeActionResult> => {
  const r = await performNodeAction(lab.ctx, action, { activeFaults: active });
  console.log(
    `[keepalived-actions-int] ${action.kind} ${'node' in action ? action.node : ''}: ${r.detail}`,
  );
  return r;
};

beforeAll(async () => {
  lab = await createKeepalivedTestLab('kaactions');
  app = await lab.startApp('app', 31);
  await lab.waitHealthy();
});

afterEach(async () => {
  for (const f of active.splice(0)) await f.revert();
  // A test that failed half-way may leave keepalived stopped on a router: start it
  // again (refused where it runs) so one failure does not fail every later test.
  for (const name of ['router-1', 'router-2'])
    await performNodeAction(
      lab.ctx,
      { kind: 'start-keepalived', node: name },
      { activeFaults: [] },
    ).catch(() => undefined);
  await lab.waitHealthy(30_000);
});

afterAll(async () => {
  await lab?.dispose();
  console.log(`[keepalived-actions-int] timings ms: ${JSON.stringify(timings)}`);
  const left = await lab?.runtime.listContainers({ 'dojo.run': lab.runId });
  expect(left ?? []).toEqual([]);
});

describe('stop-keepalived and start-keepalived', () => {
  it('stopping the MASTER’s keepalived removes the VIP and router-2 takes over at once; starting it again lets router-1 preempt', async () => {
    const t0 = Date.now();
    const stopped = await act({ kind: 'stop-keepalived', node: 'router-1' });
    expect(stopped.ok).toBe(true);
    expect(stopped.detail).toMatch(
      /^keepalived stopped on router-1 in \d+\.\d s; the VIP left its interface$/,
    );
    // Samples begun after the stop returned: while keepalived shuts down it is still
    // running in BACKUP (it sent priority 0 and router-2 may already be MASTER).
    const stoppedAt = Date.now();
    const over = await lab.waitSample(
      'router-2 the only MASTER, one MAC',
      // The client's ARP reading may predate the sample by up to 2 s: wait for router-2's MAC.
      // router-1's agent rewrites its reading every 200 ms: take one it made after the stop.
      (s) =>
        s.t - (node(s, 'router-1')?.readingAgeMs ?? 0) > stoppedAt &&
        master(s, 'router-2') &&
        s.mastersClaimed === 1 &&
        macs(s) === 1 &&
        client(s)?.vipArpNodes?.join() === 'router-2',
      10_000,
      stoppedAt,
    );
    log('stop-keepalived router-1: router-2 the only MASTER, one MAC after', over.t - t0);
    expect(node(over, 'router-1')).toMatchObject({ role: 'unknown', vipHeld: false });
    expect(client(over)?.vipArpNodes).toEqual(['router-2']);
    // keepalived's last lines reach the container log through the wrapper's pipe: poll for them.
    await until(
      'router-1 logs that keepalived stopped',
      async () => (await lab.logsSince('router-1', t0)).some((l) => /Stopped Keepalived/.test(l)),
      10_000,
    );

    // Stopping it again: nothing to stop, nothing held.
    expect(await act({ kind: 'stop-keepalived', node: 'router-1' })).toMatchObject({
      ok: true,
      detail: 'keepalived was not running on router-1; it does not hold the VIP',
    });

    const t1 = Date.now();
    const started = await act({ kind: 'start-keepalived', node: 'router-1' });
    expect(started.ok).toBe(true);
    expect(started.detail).toMatch(
      /^keepalived started on router-1 in \d+\.\d s \(pid \d+\); it starts in BACKUP and the election decides$/,
    );
    const back = await lab.waitSample(
      'router-1 MASTER again',
      (s) => master(s, 'router-1') && s.mastersClaimed === 1 && macs(s) === 1,
      15_000,
      t1,
    );
    log('start-keepalived router-1: router-1 MASTER again after', back.t - t1);
    // Its log goes to the container's log again.
    await until(
      'router-1 logs that it entered MASTER',
      async () =>
        (await lab.logsSince('router-1', t1)).some((l) => /Entering MASTER STATE/.test(l)),
      10_000,
    );

    const again = await act({ kind: 'start-keepalived', node: 'router-1' });
    expect(again.ok).toBe(false);
    expect(again.detail).toMatch(
      /^keepalived already runs on router-1 \(pid \d+\): nothing to start/,
    );
  });

  it('restart-keepalived on the BACKUP: stopped, started, and it stays BACKUP', async () => {
    const r = await act({ kind: 'restart-keepalived', node: 'router-2' });
    expect(r.ok).toBe(true);
    expect(r.detail).toMatch(
      /keepalived stopped on router-2 .*; then keepalived started on router-2/,
    );
    const s = await lab.waitSample(
      'router-2 BACKUP, hearing router-1',
      (x) =>
        node(x, 'router-2')?.vrrpState === 'BACKUP' &&
        (node(x, 'router-2')?.advertsReceived ?? 0) > 0 &&
        master(x, 'router-1'),
      10_000,
    );
    expect(s.mastersClaimed).toBe(1);
  });

  it('start-keepalived ends what kill-keepalived did (its revert then finds it running)', async () => {
    const kill = await injectFault(lab.ctx, {
      id: 'kill',
      kind: 'kill-keepalived',
      node: 'router-2',
      at,
    });
    active.push(kill);
    await lab.waitSample(
      'router-2 silent',
      (s) => node(s, 'router-2')?.role === 'unknown',
      5000,
      kill.injectedAt,
    );
    const r = await act({ kind: 'start-keepalived', node: 'router-2' });
    expect(r.ok).toBe(true);
    expect(await kill.revert()).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/keepalived was already running again on router-2/),
    });
  });

  it('stop-keepalived on a router whose keepalived was killed says the VIP is still there', async () => {
    const kill = await injectFault(lab.ctx, {
      id: 'kill1',
      kind: 'kill-keepalived',
      node: 'router-1',
      at,
    });
    active.push(kill);
    const r = await act({ kind: 'stop-keepalived', node: 'router-1' });
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/not running on router-1, yet the VIP is still on its interface/);
  });
});

describe('announce-vip', () => {
  it('is refused on a router without the VIP', async () => {
    const r = await act({ kind: 'announce-vip', node: 'router-2' });
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/^router-2 does not hold the VIP \d+\.\d+\.\d+\.250/);
  });

  it('after router-2 (cut off by a VRRP block) is fenced with stop-keepalived, the apps still point at its MAC; router-1’s gratuitous ARP moves them back', async () => {
    const t0 = Date.now();
    const wall = await injectFault(lab.ctx, {
      id: 'wall',
      kind: 'block-vrrp',
      nodes: ['router-2'],
      direction: 'both',
      at,
    });
    active.push(wall);
    await lab.waitSample('two MASTERs', (s) => s.mastersClaimed === 2, 10_000, t0);
    await until('the app answered by router-2', async () =>
      (await app.answersSince(t0)).some((a) => a.by === 'router-2'),
    );
    const fenced = await act({ kind: 'stop-keepalived', node: 'router-2' });
    expect(fenced.ok).toBe(true);
    const fencedAt = Date.now();
    // router-2 gave the VIP up, but its priority-0 advert could not leave (the block): router-1
    // never re-announces, and neighbours that point at router-2's MAC keep doing so.
    const one = await lab.waitSample(
      'router-1 the only holder',
      (s) => master(s, 'router-1') && node(s, 'router-2')?.vipHeld === false && macs(s) === 1,
      5000,
      fencedAt,
    );
    const r1mac = node(one, 'router-1')?.mac;
    const r2mac = node(one, 'router-2')?.mac;
    expect(r1mac).toBeDefined();
    const stale = await app.vipNeighbourMac();
    console.log(
      `[keepalived-actions-int] after the fence: client node's neighbour entry ${client(one)?.vipNeighbour?.node}/${client(one)?.vipNeighbour?.state}; ` +
        `the app's points at ${stale === r2mac ? "router-2's" : stale === r1mac ? "router-1's" : 'no known'} MAC (${stale ?? 'none'})`,
    );
    // An app host that last heard router-2 (router-1 never re-announced: it heard nothing)
    // keeps pointing at router-2, which forwards to router-1 and so keeps the entry confirmed.
    // The entry is set afresh (reachable) even when it already reads router-2's MAC: one that
    // had gone stale is re-probed, router-2 no longer answers for the VIP, and the kernel asks
    // everyone (seen once with three integration files at a time).
    expect(r2mac).toBeDefined();
    await app.pointVipAt(r2mac!);
    const staleFrom = Date.now();
    await lab.waitSample('2 s with the app on router-2', () => true, 5000, staleFrom + 2000);
    expect(await app.vipNeighbourMac()).toBe(r2mac);
    const servedStale = (await app.answersSince(staleFrom)).filter((x) => x.by === 'router-1');
    console.log(
      `[keepalived-actions-int] 2 s with the app's entry on router-2: ${servedStale.length} answers from router-1 (forwarded by router-2)`,
    );

    const t1 = Date.now();
    const announced = await act({ kind: 'announce-vip', node: 'router-1' });
    expect(announced.ok).toBe(true);
    expect(announced.detail).toMatch(
      /^router-1 announced the VIP \S+ with 3 gratuitous ARP packets in \d+\.\d s/,
    );
    const moved = await lab.waitSample(
      'the client node on router-1',
      (s) =>
        client(s)?.vipNeighbour?.node === 'router-1' && client(s)?.vipHttpResponder === 'router-1',
      5000,
      t1,
    );
    log('announce-vip router-1: client node on router-1 after', moved.t - t1);
    // Between fence and announce router-2 forwarded the app's requests to router-1 (ip_forward=1).
    const between = (await app.answersSince(fencedAt)).filter((x) => x.t < t1);
    console.log(
      `[keepalived-actions-int] app answers between fence and announce: ${JSON.stringify(
        Object.fromEntries(
          ['router-1', 'router-2', 'none'].map((k) => [
            k,
            between.filter((x) => x.by === k).length,
          ]),
        ),
      )}`,
    );
    const moved2 = await until("the app's neighbour entry on router-1", async () =>
      (await app.vipNeighbourMac()) === r1mac ? Date.now() : undefined,
    );
    log("announce-vip router-1: app's neighbour entry on router-1's MAC after", moved2 - t1);
    await wall.revert();
    expect((await act({ kind: 'start-keepalived', node: 'router-2' })).ok).toBe(true);
  });
});

describe('container moves and consoles on routers and the client node', () => {
  it('pause and resume router-1: router-2 takes over, router-1 preempts on resume', async () => {
    const t0 = Date.now();
    expect((await act({ kind: 'pause', node: 'router-1' })).ok).toBe(true);
    const r2 = await lab.waitSample('router-2 MASTER', (s) => master(s, 'router-2'), 10_000, t0);
    log('pause router-1 (palette): router-2 MASTER after', r2.t - t0);
    const t1 = Date.now();
    expect((await act({ kind: 'resume', node: 'router-1' })).ok).toBe(true);
    const back = await lab.waitSample(
      'router-1 the only MASTER',
      (s) => master(s, 'router-1') && s.mastersClaimed === 1,
      10_000,
      t1,
    );
    log('resume router-1 (palette): router-1 the only MASTER after', back.t - t1);
  });

  it('stop and start router-2 (new published ports), restart the client node', async () => {
    const stopped = await act({ kind: 'stop', node: 'router-2' });
    expect(stopped.ok).toBe(true);
    const started = await act({ kind: 'start', node: 'router-2' });
    expect(started.ok).toBe(true);
    expect(started.ports?.[8080]).toBeGreaterThan(0);
    await lab.nodeRestarted('router-2');
    await lab.waitSample(
      'router-2 BACKUP again',
      (s) => node(s, 'router-2')?.vrrpState === 'BACKUP' && master(s, 'router-1'),
      15_000,
    );
    const restarted = await act({ kind: 'restart', node: 'client' });
    expect(restarted.ok).toBe(true);
    await lab.nodeRestarted('client');
    await lab.waitSample('the client reading again', (s) => client(s)?.role === 'client', 15_000);
  });

  it('consoles run in routers and in the client node', async () => {
    const r1 = await act({
      kind: 'console',
      node: 'router-1',
      command: 'ip -4 addr show dev eth0',
    });
    expect(r1.ok).toBe(true);
    expect(r1.output).toContain(`inet ${lab.vip}/24`);
    const c = await act({
      kind: 'console',
      node: 'client',
      command: `arping -i eth0 -c 1 ${lab.vip}`,
    });
    expect(c.exitCode).toBe(0);
    expect(c.output).toMatch(/from ([0-9a-f]{2}:){5}[0-9a-f]{2}/);
  });

  it('keepalived moves do not apply to the client node', async () => {
    const r = await act({ kind: 'stop-keepalived', node: 'client' });
    expect(r).toEqual({
      ok: false,
      detail: 'stop-keepalived does not apply to client (a vip-client; it fits router nodes)',
    });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFences } from '../../../../core/actions/client-fence';
import {
  clientOf,
  createKeepalivedTestLab,
  holdsVipAsMaster,
  nodeOf,
  vipMacCount,
  type AppClient,
  type KeepalivedTestLab,
} from '../testing/keepalived-lab.fixture';
import type { BlockVrrpFault } from './block-vrrp.fault';
import { until } from '../../../../core/testing/mini-lab.fixture';
import type { ActiveFault } from '../../../../core/faults/fault-types';
import { injectFault } from '../../../../core/faults/inject-fault';
import { listFilterRules } from '../../../../core/faults/iptables';
import type { KillKeepalivedFault } from './kill-keepalived.fault';
import { runInNetns } from '../../../../core/faults/netns-exec';
import { reapplyFaults } from '../../../../core/faults/reapply-faults';
import type { VrrpConfigFault } from './vrrp-config.fault';

/**
 * The keepalived faults on a real lab (keepalived 2.2.7, router-1 prio 150,
 * router-2 prio 100, advert_int 1, multicast), judged by what the run view
 * shows: the lab's own probes (VRRP state and VIP per router, the MACs the
 * client sees answer ARP for the VIP, its neighbour entry, who answers its
 * HTTP) and the routers' logs. One lab for the file; every test leaves it
 * healthy (router-1 MASTER, router-2 BACKUP, one MAC). Times are printed.
 */
let lab: KeepalivedTestLab;
/** An application server on the LAN that sends no ARP of its own (see startApp). */
let app: AppClient;
const active: ActiveFault[] = [];
const track = <T extends ActiveFault>(f: T): T => {
  active.push(f);
  return f;
};
const timings: Record<string, number> = {};
const at = { after: '0s' } as const;
const node = nodeOf;
const client = clientOf;
const macs = vipMacCount;
const master = holdsVipAsMaster;
const log = (what: string, ms: number): void => {
  timings[what] = ms;
  console.log(`[keepalived-faults-int] ${what}: ${ms} ms`);
};

beforeAll(async () => {
  lab = await createKeepalivedTestLab('kafaults');
  timings.labReady = lab.readyAfterMs;
  app = await lab.startApp('app', 31);
  await lab.waitHealthy();
});

/** Share of the app's answers in [from, to) given by `router` (0 when it got none). */
async function shareOf(router: string, from: number, to: number): Promise<number> {
  const answers = (await app.answersSince(from)).filter((a) => a.t < to);
  return answers.length === 0 ? 0 : answers.filter((a) => a.by === router).length / answers.length;
}
/** Share of the client node's readings in [from, to) whose HTTP answer came from `router`. */
function clientShareOf(router: string, from: number, to: number): number {
  const readings = lab.samples.filter((s) => s.t >= from && s.t < to).map(client);
  return readings.length === 0
    ? 0
    : readings.filter((c) => c?.vipHttpResponder === router).length / readings.length;
}

afterEach(async () => {
  for (const f of active.splice(0)) await f.revert();
  await lab.waitHealthy(30_000);
});

afterAll(async () => {
  await lab?.dispose();
  console.log(`[keepalived-faults-int] timings ms: ${JSON.stringify(timings)}`);
  const left = await lab?.runtime.listContainers({ 'dojo.run': lab.runId });
  expect(left ?? []).toEqual([]);
});

describe('block-vrrp', () => {
  it('both ways on router-2: two MASTERs, two MACs for the VIP, the app moved to router-2; revert: one MASTER, one MAC', async () => {
    const t0 = Date.now();
    const fault = track(
      (await injectFault(lab.ctx, {
        id: 'wall',
        kind: 'block-vrrp',
        nodes: ['router-2'],
        direction: 'both',
        at,
      })) as BlockVrrpFault,
    );
    expect(fault.detail).toMatch(/VRRP dropped on router-2 \(both ways/);
    log('block-vrrp both: rules in', fault.applyMs);

    // Only the fault's chains hold rules; they carry its tag; they are not fences.
    const { lines } = await listFilterRules(lab.ctx, lab.member('router-2'));
    expect(lines).toEqual(
      expect.arrayContaining([
        '-A INPUT -j DOJO-VRRP-IN',
        '-A OUTPUT -j DOJO-VRRP-OUT',
        '-A DOJO-VRRP-IN -p vrrp -m comment --comment "dojo-fault:wall" -j DROP',
        '-A DOJO-VRRP-OUT -p vrrp -m comment --comment "dojo-fault:wall" -j DROP',
      ]),
    );
    expect((await readFences(lab.ctx)).fences).toEqual([]);

    const two = await lab.waitSample('two MASTERs', (s) => s.mastersClaimed === 2, 10_000, t0);
    log('block-vrrp both: two MASTERs after', two.t - t0);
    expect(master(two, 'router-1') && master(two, 'router-2')).toBe(true);
    const twoMacs = await lab.waitSample('two MACs', (s) => macs(s) === 2, 5000, t0);
    log('block-vrrp both: two MACs for the VIP after', twoMacs.t - t0);
    expect([...(client(twoMacs)?.vipArpNodes ?? [])].sort()).toEqual(['router-1', 'router-2']);
    // router-2's gratuitous ARP on becoming MASTER moves the app to it. Where the app's
    // requests go next depends on who else ARPs with the VIP as source (both routers do,
    // to reach the clients they answer), so only the shares are printed.
    await lab.waitSample('4 s of split', () => true, 8000, two.t + 4000);
    const seen = await app.answersSince(t0);
    const flipped = seen.find((a) => a.by === 'router-2');
    expect(flipped).toBeDefined();
    log('block-vrrp both: app first answered by router-2 after', (flipped?.t ?? NaN) - t0);
    console.log(
      `[keepalived-faults-int] block-vrrp both, 1.5-4 s into the split: router-2 answered ` +
        `${Math.round(100 * (await shareOf('router-2', two.t + 1500, two.t + 4000)))}% of the app's requests, ` +
        `${Math.round(100 * clientShareOf('router-2', two.t + 1500, two.t + 4000))}% of the client node's readings`,
    );
    // The mute router's adverts fail with EPERM, every second.
    const r2log = (await lab.logsSince('router-2', t0)).join('\n');
    expect(r2log).toMatch(/\(dojo_vip\): send advert error 1 \(Operation not permitted\)/);
    expect(r2log).toMatch(/Entering MASTER STATE/);

    const healAt = Date.now();
    const healed = await fault.revert();
    expect(healed).toMatchObject({ ok: true });
    expect(healed.detail).toMatch(/VRRP unblocked on router-2/);
    const one = await lab.waitSample(
      'one MASTER, one MAC',
      (s) => s.mastersClaimed === 1 && master(s, 'router-1') && macs(s) === 1,
      10_000,
      healAt,
    );
    log('block-vrrp both: one MASTER and one MAC after revert', one.t - healAt);
    const back = await until('the app answered by router-1 again', async () => {
      const answers = await app.answersSince(healAt);
      const last = answers.at(-1);
      if (!last || last.by !== 'router-1') return undefined;
      return answers.find((a) => a.by === 'router-1');
    });
    log('block-vrrp both: app back on router-1 after revert', back.t - healAt);
    const after = await listFilterRules(lab.ctx, lab.member('router-2'));
    expect(after.lines.filter((l) => l.includes('dojo-fault:wall'))).toEqual([]);
    // Idempotent.
    expect(await fault.revert()).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/already/),
    });
  });

  it('inbound only on router-2 (deaf): two MASTERs, yet the client’s HTTP is answered by router-1', async () => {
    const t0 = Date.now();
    const fault = track(
      await injectFault(lab.ctx, {
        id: 'deaf',
        kind: 'block-vrrp',
        nodes: ['router-2'],
        direction: 'inbound',
        at,
      }),
    );
    const two = await lab.waitSample('two MASTERs', (s) => s.mastersClaimed === 2, 10_000, t0);
    log('block-vrrp inbound: two MASTERs after', two.t - t0);
    const twoMacs = await lab.waitSample('two MACs', (s) => macs(s) === 2, 5000, t0);
    log('block-vrrp inbound: two MACs after', twoMacs.t - t0);
    // router-1 hears the lower-priority adverts and re-announces every second: the app goes back to it.
    // The window ends before router-2's second gratuitous ARP burst (garp_master_delay, 5 s
    // after it became MASTER, which the sample at two.t may trail).
    await lab.waitSample('4 s of split', () => true, 8000, two.t + 4000);
    const window = lab.samples.filter((s) => s.t > two.t + 2000 && s.t < two.t + 4000);
    expect(window.length).toBeGreaterThan(4);
    // A steady tell: at most one sample off (a read that timed out on a loaded machine).
    expect(window.filter((s) => !(s.mastersClaimed === 2 && macs(s) === 2)).length).toBeLessThan(2);
    const appShare = await shareOf('router-1', two.t + 2000, two.t + 4000);
    console.log(
      `[keepalived-faults-int] block-vrrp inbound: with two MASTERs, router-1 answered ${Math.round(100 * appShare)}% of the app's requests, ` +
        `${Math.round(100 * clientShareOf('router-1', two.t + 2000, two.t + 4000))}% of the client node's readings`,
    );
    expect(appShare).toBeGreaterThanOrEqual(0.9);
    const seen = await app.answersSince(t0);
    const flipped = seen.find((a) => a.by === 'router-2');
    const returned = flipped && seen.find((a) => a.t > flipped.t && a.by === 'router-1');
    if (flipped && returned) {
      log('block-vrrp inbound: app flipped to router-2 after', flipped.t - t0);
      log('block-vrrp inbound: app back on router-1 (split still on) after', returned.t - t0);
    } else {
      console.log('[keepalived-faults-int] block-vrrp inbound: the app never left router-1');
    }
    const r1log = (await lab.logsSince('router-1', t0)).join('\n');
    expect(r1log).toMatch(
      /\(dojo_vip\) Received advert from \S+ with lower priority 100, ours 150, forcing new election/,
    );

    const healAt = Date.now();
    expect((await fault.revert()).ok).toBe(true);
    const one = await lab.waitSample(
      'one MASTER',
      (s) => s.mastersClaimed === 1 && master(s, 'router-1') && macs(s) === 1,
      10_000,
      healAt,
    );
    log('block-vrrp inbound: one MASTER after revert', one.t - healAt);
  });

  it('is put back on a restarted router (stop-node, revert, re-apply) and works on a paused one', async () => {
    const t0 = Date.now();
    const block = track(
      await injectFault(lab.ctx, {
        id: 'wall2',
        kind: 'block-vrrp',
        nodes: ['router-2'],
        direction: 'both',
        at,
      }),
    );
    await lab.waitSample('two MASTERs', (s) => s.mastersClaimed === 2, 10_000, t0);
    const stop = track(
      await injectFault(lab.ctx, { id: 'down', kind: 'stop-node', node: 'router-2', at }),
    );
    // The restart gives router-2 a fresh namespace without rules: what ScenarioRun's revert does.
    const started = await stop.revert();
    expect(started).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/router-2 started again/),
    });
    await lab.nodeRestarted('router-2');
    expect(await reapplyFaults([block, stop], 'router-2')).toEqual({
      reapplied: ['wall2'],
      failed: [],
    });
    const { lines } = await listFilterRules(lab.ctx, lab.member('router-2'));
    expect(lines.filter((l) => l.includes('"dojo-fault:wall2"'))).toHaveLength(2);
    const restartedAt = Date.now();
    const two = await lab.waitSample(
      'two MASTERs again',
      (s) => s.mastersClaimed === 2 && master(s, 'router-2'),
      15_000,
      restartedAt,
    );
    log(
      'block-vrrp: two MASTERs after router-2 restarted with the block re-applied',
      two.t - restartedAt,
    );

    // Reverting while router-2 is paused goes through a helper container in its namespace.
    await lab.runtime.pauseContainer(lab.member('router-2').containerId);
    try {
      const healed = await block.revert();
      expect(healed.ok).toBe(true);
    } finally {
      await lab.runtime.unpauseContainer(lab.member('router-2').containerId);
    }
    const { lines: after } = await listFilterRules(lab.ctx, lab.member('router-2'));
    expect(after.filter((l) => l.includes('"dojo-fault:wall2"'))).toEqual([]);
  });

  it('refuses a node that is not a router', async () => {
    await expect(
      injectFault(lab.ctx, {
        id: 'x',
        kind: 'block-vrrp',
        nodes: ['client'],
        direction: 'both',
        at,
      }),
    ).rejects.toThrow(/client is a vip-client, not a router/);
  });
});

describe('kill-keepalived', () => {
  it('leaves the VIP on router-1: two routers hold it and two MACs answer; revert starts keepalived and router-1 takes over again', async () => {
    const t0 = Date.now();
    const fault = track(
      (await injectFault(lab.ctx, {
        id: 'kill',
        kind: 'kill-keepalived',
        node: 'router-1',
        at,
      })) as KillKeepalivedFault,
    );
    expect(fault.pids).toHaveLength(2);
    expect(fault.vipLeft).toBe(true);
    expect(fault.detail).toMatch(/the VIP stays on its interface/);
    log('kill-keepalived: both processes gone after', fault.killMs);
    const both = await lab.waitSample(
      'both routers holding the VIP, router-2 MASTER',
      (s) =>
        node(s, 'router-1')?.vipHeld === true &&
        node(s, 'router-1')?.role === 'unknown' &&
        master(s, 'router-2'),
      10_000,
      t0,
    );
    log('kill-keepalived: router-2 MASTER (two routers hold the VIP) after', both.t - t0);
    expect(node(both, 'router-1')?.error).toBe('keepalived is not running');
    const twoMacs = await lab.waitSample('two MACs', (s) => macs(s) === 2, 5000, t0);
    expect([...(client(twoMacs)?.vipArpNodes ?? [])].sort()).toEqual(['router-1', 'router-2']);
    const r = await lab.sh(
      'router-1',
      `ip -4 -o addr show dev eth0; pgrep -x keepalived || echo none`,
    );
    expect(r.out).toContain(` ${lab.vip}/24 `);
    expect(r.out).toContain('none');

    const revertAt = Date.now();
    const back = await fault.revert();
    expect(back).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/keepalived restarted on router-1/),
    });
    const one = await lab.waitSample(
      'router-1 MASTER, router-2 BACKUP, one MAC',
      (s) =>
        master(s, 'router-1') &&
        node(s, 'router-2')?.vrrpState === 'BACKUP' &&
        node(s, 'router-2')?.vipHeld === false &&
        macs(s) === 1,
      15_000,
      revertAt,
    );
    log('kill-keepalived: router-1 MASTER again after revert', one.t - revertAt);
    // The restarted keepalived logs to the container's log, where the log probe reads it
    // (through the wrapper's pipe, so the line may trail the state: poll).
    await until(
      'router-1 logs that it entered MASTER',
      async () =>
        (await lab.logsSince('router-1', revertAt)).some((l) => /Entering MASTER STATE/.test(l)),
      10_000,
    );
    expect(await fault.revert()).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/already/),
    });
  });
});

describe('vrrp-config', () => {
  it('another virtual_router_id on router-2: two MASTERs in two groups; revert: one MASTER', async () => {
    const t0 = Date.now();
    const fault = track(
      (await injectFault(lab.ctx, {
        id: 'vrid',
        kind: 'vrrp-config',
        node: 'router-2',
        virtualRouterId: 52,
        at,
      })) as VrrpConfigFault,
    );
    expect(fault.detail).toMatch(/virtual_router_id 51 -> 52; keepalived reloaded \(SIGHUP/);
    const conf = await lab.sh('router-2', 'cat /etc/dojo/keepalived.conf');
    expect(conf.out).toContain('virtual_router_id 52');
    const two = await lab.waitSample(
      'two MASTERs',
      (s) => s.mastersClaimed === 2 && master(s, 'router-2'),
      15_000,
      t0,
    );
    log('vrrp-config vrid 52: router-2 MASTER after', two.t - t0);
    await lab.waitSample('two MACs', (s) => macs(s) === 2, 5000, t0);
    const r1log = await lab.logsSince('router-1', t0);
    const r2log = await lab.logsSince('router-2', t0);
    console.log(
      `[keepalived-faults-int] vrid: router-1 logged:\n  ${r1log.join('\n  ') || '(nothing)'}`,
    );
    console.log(`[keepalived-faults-int] vrid: router-2 logged:\n  ${r2log.join('\n  ')}`);
    // Lines start with a timestamp (`Thu Dec  3 16:52:18 2026: `) that may hold a 52 of its own.
    const r1text = r1log.map((l) => l.replace(/^\w{3} \w{3} +\d+ [\d:]+ \d{4}: /, ''));
    expect(r1text.filter((l) => /vrid|virtual.router|\b52\b/i.test(l))).toEqual([]);
    expect(r2log.join('\n')).toMatch(/Reload/);

    const revertAt = Date.now();
    expect((await fault.revert()).ok).toBe(true);
    expect((await lab.sh('router-2', 'cat /etc/dojo/keepalived.conf')).out).toBe(fault.original);
    const one = await lab.waitSample(
      'one MASTER',
      (s) => s.mastersClaimed === 1 && master(s, 'router-1') && macs(s) === 1,
      10_000,
      revertAt,
    );
    log('vrrp-config vrid: one MASTER after revert', one.t - revertAt);
  });

  it('another auth_pass on router-2: two MASTERs, both log the invalid password; revert: one MASTER', async () => {
    const t0 = Date.now();
    const fault = track(
      await injectFault(lab.ctx, {
        id: 'pass',
        kind: 'vrrp-config',
        node: 'router-2',
        authPass: 'wrong',
        at,
      }),
    );
    expect(fault.detail).toMatch(/auth_pass dojo -> wrong/);
    const two = await lab.waitSample(
      'two MASTERs',
      (s) => s.mastersClaimed === 2 && master(s, 'router-2'),
      15_000,
      t0,
    );
    log('vrrp-config auth_pass: router-2 MASTER after', two.t - t0);
    await lab.waitSample('router-2 adverts sent for 2 s', () => true, 5000, two.t + 2000);
    const r1log = (await lab.logsSince('router-1', t0)).join('\n');
    const r2log = (await lab.logsSince('router-2', t0)).join('\n');
    expect(r1log).toMatch(/\(dojo_vip\) received an invalid passwd!/);
    expect(r2log).toMatch(/\(dojo_vip\) received an invalid passwd!/);
    const revertAt = Date.now();
    expect((await fault.revert()).ok).toBe(true);
    const one = await lab.waitSample(
      'one MASTER',
      (s) => s.mastersClaimed === 1 && master(s, 'router-1') && macs(s) === 1,
      10_000,
      revertAt,
    );
    log('vrrp-config auth_pass: one MASTER after revert', one.t - revertAt);
  });

  it('no authentication on router-2 while router-1 keeps its password: two MASTERs', async () => {
    const t0 = Date.now();
    const fault = track(
      await injectFault(lab.ctx, {
        id: 'noauth',
        kind: 'vrrp-config',
        node: 'router-2',
        authPass: null,
        at,
      }),
    );
    expect(fault.detail).toMatch(/authentication removed/);
    const two = await lab.waitSample(
      'two MASTERs',
      (s) => s.mastersClaimed === 2 && master(s, 'router-2'),
      15_000,
      t0,
    );
    log('vrrp-config no auth: router-2 MASTER after', two.t - t0);
    const r1log = await lab.logsSince('router-1', t0);
    const r2log = await lab.logsSince('router-2', t0);
    console.log(
      `[keepalived-faults-int] no auth: router-1 logged:\n  ${r1log.slice(0, 6).join('\n  ') || '(nothing)'}\n` +
        `router-2 logged:\n  ${r2log.slice(-6).join('\n  ')}`,
    );
  });

  it('a higher priority on router-2: router-2 preempts and router-1 steps back; revert: router-1 again', async () => {
    const t0 = Date.now();
    const fault = track(
      await injectFault(lab.ctx, {
        id: 'prio',
        kind: 'vrrp-config',
        node: 'router-2',
        priority: 200,
        at,
      }),
    );
    const swapped = await lab.waitSample(
      'router-2 the only MASTER',
      (s) =>
        s.mastersClaimed === 1 &&
        master(s, 'router-2') &&
        node(s, 'router-1')?.vrrpState === 'BACKUP' &&
        node(s, 'router-1')?.vipHeld === false &&
        node(s, 'router-2')?.vrrpPriority !== undefined,
      15_000,
      t0,
    );
    log('vrrp-config priority 200: router-2 the only MASTER after', swapped.t - t0);
    expect(node(swapped, 'router-2')?.vrrpPriority).toBe(200);
    const revertAt = Date.now();
    expect((await fault.revert()).ok).toBe(true);
    const back = await lab.waitSample(
      'router-1 MASTER again',
      (s) => s.mastersClaimed === 1 && master(s, 'router-1'),
      15_000,
      revertAt,
    );
    log('vrrp-config priority: router-1 MASTER again after revert', back.t - revertAt);
  });
});

describe('stop-node', () => {
  it('docker stop of router-1: router-2 takes over at once (priority-0 advert); revert starts it and router-1 preempts', async () => {
    const t0 = Date.now();
    const fault = track(
      await injectFault(lab.ctx, { id: 'off', kind: 'stop-node', node: 'router-1', at }),
    );
    expect(fault.detail).toMatch(/router-1 stopped \(docker stop/);
    log('stop-node: docker stop took', Date.now() - t0);
    // Samples begun once the container is down: while keepalived shuts down it still
    // runs in BACKUP (it sent priority 0 and router-2 may already be MASTER).
    const stoppedAt = Date.now();
    const over = await lab.waitSample(
      'router-2 the only MASTER, one MAC',
      // The client's ARP reading may predate the sample by up to 2 s: wait for router-2's MAC.
      (s) =>
        master(s, 'router-2') &&
        s.mastersClaimed === 1 &&
        macs(s) === 1 &&
        client(s)?.vipArpNodes?.join() === 'router-2',
      10_000,
      stoppedAt,
    );
    log('stop-node: router-2 MASTER with one MAC after', over.t - t0);
    expect(node(over, 'router-1')?.role).toBe('unknown');
    expect(client(over)?.vipArpNodes).toEqual(['router-2']);
    const r2log = (await lab.logsSince('router-2', t0)).join('\n');
    expect(r2log).toMatch(/Entering MASTER STATE/);
    const stopped = await lab.runtime.inspectContainer(lab.member('router-1').containerId);
    expect(stopped.state).toBe('exited');

    const revertAt = Date.now();
    const started = await fault.revert();
    expect(started).toMatchObject({ ok: true, detail: expect.stringMatching(/started again/) });
    await lab.nodeRestarted('router-1');
    const back = await lab.waitSample(
      'router-1 MASTER again, one MAC',
      (s) =>
        master(s, 'router-1') &&
        s.mastersClaimed === 1 &&
        node(s, 'router-2')?.vrrpState === 'BACKUP' &&
        macs(s) === 1,
      20_000,
      revertAt,
    );
    log('stop-node: router-1 MASTER again after revert', back.t - revertAt);
    expect(await fault.revert()).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/already/),
    });
  });
});

describe('pause on a router', () => {
  it('a paused router-1 keeps the VIP and its kernel keeps answering ARP; router-2 takes over; on resume router-1 preempts', async () => {
    const t0 = Date.now();
    const fault = track(
      await injectFault(lab.ctx, { id: 'freeze', kind: 'pause', node: 'router-1', at }),
    );
    const r2 = await lab.waitSample('router-2 MASTER', (s) => master(s, 'router-2'), 10_000, t0);
    log('pause router-1: router-2 MASTER after', r2.t - t0);
    expect(node(r2, 'router-1')?.role).toBe('unknown');
    const twoMacs = await lab.waitSample('two MACs', (s) => macs(s) === 2, 5000, t0);
    log('pause router-1: two MACs answer ARP for the VIP after', twoMacs.t - t0);
    expect([...(client(twoMacs)?.vipArpNodes ?? [])].sort()).toEqual(['router-1', 'router-2']);
    // The frozen router's address is still on its interface, seen from a helper in its namespace.
    const seen = await runInNetns(
      lab.ctx,
      lab.member('router-1'),
      'ip -4 -o addr show dev eth0',
      8000,
    );
    expect(seen).toMatchObject({ status: 'done', via: 'helper' });
    expect(seen.status === 'done' ? seen.result.stdout : '').toContain(` ${lab.vip}/24 `);

    const resumeAt = Date.now();
    expect((await fault.revert()).ok).toBe(true);
    const back = await lab.waitSample(
      'router-1 the only MASTER, one MAC',
      (s) => master(s, 'router-1') && s.mastersClaimed === 1 && macs(s) === 1,
      10_000,
      resumeAt,
    );
    log('pause router-1: router-1 the only MASTER, one MAC after resume', back.t - resumeAt);
  });
});

describe('deleting the VIP by hand', () => {
  it('is no fence: keepalived puts it back within a second', async () => {
    const r = await lab.sh(
      'router-1',
      [
        's=$(date +%s%3N)',
        `ip addr del ${lab.vip}/24 dev eth0`,
        `until ip -4 -o addr show dev eth0 | grep -qF ' ${lab.vip}/'; do`,
        '  [ $(( $(date +%s%3N) - s )) -gt 5000 ] && { echo "never came back"; exit 1; }',
        '  sleep 0.02',
        'done',
        'echo "back $(( $(date +%s%3N) - s ))"',
      ].join('\n'),
    );
    expect(r.exitCode).toBe(0);
    const ms = Number(/back (\d+)/.exec(r.out)?.[1]);
    log('VIP deleted by hand on router-1: back on its interface after', ms);
    expect(ms).toBeLessThan(2000);
  });
});

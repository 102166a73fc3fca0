import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../shared/scenario-schema';
import type { WriteRecord } from '../../shared/scenario-types';
import { hostIpInSubnet } from '../labs/lab-definition';
import { ensureImage } from '../runtime/images/image-pipeline';
import { runLabels } from '../runtime/labels';
import {
  createKeepalivedTestLab,
  nodeOf,
  type KeepalivedTestLab,
} from '../../systems/keepalived/engine/testing/keepalived-lab.fixture';
import { until } from '../testing/mini-lab.fixture';
import { ARP_CACHE_MS } from '../../workload/proc-net-arp';
import { answeredCounts } from './ledger';
import { bundleWorkload } from './workload-bundle';
import { planKeepalivedWorkloadClients } from '../../systems/keepalived/engine/workload/keepalived-workload-clients';
import { followWrites, type WorkloadStatus, type WriteFollower } from './write-stream';
import { startClientContainer } from './client-container';

/**
 * The HTTP workload on a real keepalived lab (keepalived 2.2.7, router-1
 * prio 150 MASTER, router-2 prio 100, advert_int 1), run as the engine runs
 * it: the bundled client with Node 18 in `client` containers at .31 and .32,
 * calling the VIP at 20/s for 1 s timeouts. A keep-alive session and a
 * connection per request both go to router-1 through its MAC; dropping VRRP
 * both ways on router-2 makes it MASTER too and its gratuitous ARP moves the
 * clients: the session's next request is reset, then router-2 answers; the
 * oneshot client just lands on router-2. Removing the block: router-1 forces
 * an election, re-announces, and both come back. Times are printed.
 */
const labImagesDir = path.resolve(__dirname, '../../../lab-images');
const BLOCK = 'iptables -I INPUT -p 112 -j DROP && iptables -I OUTPUT -p 112 -j DROP';
const UNBLOCK = 'iptables -D INPUT -p 112 -j DROP; iptables -D OUTPUT -p 112 -j DROP';

interface Client {
  name: string;
  id: string;
  records: WriteRecord[];
  statuses: WorkloadStatus[];
  follower: WriteFollower;
}

let lab: KeepalivedTestLab;
const clients: Record<'session' | 'oneshot', Client> = {} as Record<'session' | 'oneshot', Client>;
const macs: Record<string, string> = {};
const timings: Record<string, number> = {};
const log = (what: string, value: number, unit = 'ms'): void => {
  timings[what] = value;
  console.log(`[http-workload-int] ${what}: ${value} ${unit}`);
};

beforeAll(async () => {
  lab = await createKeepalivedTestLab('httpwl');
  log('labReady', lab.readyAfterMs);
  const healthy = await lab.waitHealthy();
  for (const r of ['router-1', 'router-2']) {
    const mac = nodeOf(healthy, r)?.mac;
    if (!mac) throw new Error(`no MAC for ${r}`);
    macs[r] = mac;
  }
  const t0 = Date.now();
  const image = await ensureImage(lab.runtime, { name: 'client', labImagesDir });
  log('clientImage', Date.now() - t0);
  const network = lab.controller.networkInfo;
  if (!network) throw new Error('no network');
  const plans = planKeepalivedWorkloadClients({
    spec: workloadSchema.parse({
      rate: 20,
      timeout: '1s',
      clients: [
        { name: 'app-session', mode: 'http-session' },
        { name: 'app-oneshot', mode: 'http-oneshot' },
      ],
    }),
    network: { hostIp: (n) => hostIpInSubnet(network.subnet, n) },
    vip: lab.vip,
    routers: ['router-1', 'router-2'].map((n) => ({ name: n, ip: lab.member(n).ipv4 })),
    bundle: await bundleWorkload(),
  });
  const started = await Promise.all(
    plans.map(async (plan): Promise<Client> => {
      const id = await startClientContainer(lab.runtime, {
        plan,
        containerName: `dojo-${lab.runId}-${plan.name}`,
        image,
        // the run's labels without a node: removed with the run, ignored by its observer
        labels: runLabels(lab.runId, 'keepalived'),
        network: network.name,
      });
      const records: WriteRecord[] = [];
      const statuses: WorkloadStatus[] = [];
      const follower = await followWrites(
        lab.runtime,
        id,
        (batch) => records.push(...batch),
        (s) => statuses.push(s),
        { batchMs: 50 },
      );
      return { name: plan.name, id, records, statuses, follower };
    }),
  );
  const [session, oneshot] = started;
  if (!session || !oneshot) throw new Error('two clients expected');
  clients.session = session;
  clients.oneshot = oneshot;
});

afterAll(async () => {
  for (const c of Object.values(clients)) {
    await lab.runtime.stopContainer(c.id, 3).catch(() => undefined);
    await c.follower.stop();
  }
  await lab?.sh('router-2', UNBLOCK).catch(() => undefined);
  await lab?.dispose();
  console.log(`[http-workload-int] figures: ${JSON.stringify(timings)}`);
  const left = await lab?.runtime.listContainers({ 'dojo.run': lab.runId });
  expect(left ?? []).toEqual([]);
});

const since = (c: Client, t: number): WriteRecord[] => c.records.filter((r) => r.sentAt >= t);
const answeredBy = (r: WriteRecord, router: string): boolean =>
  r.outcome === 'ack' && r.node === router;
/** The first request sent at or after `t` answered by `router`. */
const firstBy = (c: Client, router: string, t: number): WriteRecord | undefined =>
  since(c, t).find((r) => answeredBy(r, router));

/** A client's requests as runs of equal (answer, MAC's router) pairs, e.g. `router-1/router-1 x80`. */
function runs(c: Client): string {
  const owner = (mac: string | undefined): string =>
    Object.entries(macs).find(([, m]) => m === mac)?.[0] ?? 'no-entry';
  const out: { what: string; n: number }[] = [];
  for (const r of c.records) {
    const what = `${r.outcome === 'ack' ? r.node : `${r.outcome} ${r.error ?? ''}`}/${owner(r.via)}`;
    const last = out.at(-1);
    if (last?.what === what) last.n++;
    else out.push({ what, n: 1 });
  }
  return out.map((x) => `${x.what} x${x.n}`).join(', ');
}

describe('HTTP workload through the VIP', () => {
  it('both modes are answered by router-1, through its MAC', async () => {
    const t0 = Date.now();
    for (const c of Object.values(clients)) {
      await until(
        `${c.name}: 20 answers`,
        () => since(c, t0).filter((r) => answeredBy(r, 'router-1')).length >= 20,
        15_000,
      );
      const recent = since(c, t0);
      expect(
        recent.every((r) => answeredBy(r, 'router-1')),
        JSON.stringify(recent),
      ).toBe(true);
      // a oneshot client's very first request goes before it has any ARP entry for the VIP
      const first = c.name === 'app-oneshot' && recent[0]?.seq === 1 ? 1 : 0;
      expect(recent.slice(first).filter((r) => r.via !== macs['router-1'])).toEqual([]);
      expect(recent[0]?.key).toMatch(new RegExp(`^dojo:w:${c.name}:\\d{6}$`));
      expect(c.statuses[0]).toMatchObject({ connectedTo: 'vip', ip: lab.vip, port: 80 });
    }
    log('bothAnsweredByRouter1', Date.now() - t0);
  });

  it('VRRP dropped both ways on router-2: the session is reset (its next request fails) then answered by router-2; the oneshot client just moves', async () => {
    const t0 = Date.now();
    const blocked = await lab.sh('router-2', BLOCK);
    expect(blocked.exitCode, blocked.out).toBe(0);
    const { session, oneshot } = clients;

    const s2 = await until(
      'session answered by router-2',
      () => firstBy(session, 'router-2', t0),
      15_000,
    );
    const o2 = await until(
      'oneshot answered by router-2',
      () => firstBy(oneshot, 'router-2', t0),
      15_000,
    );
    log('blockToSessionOnRouter2', s2.sentAt - t0);
    log('blockToOneshotOnRouter2', o2.sentAt - t0);
    // both moved after router-2 took over (~3 s: 3 missed adverts plus skew)
    expect(s2.sentAt - t0).toBeGreaterThan(2000);
    expect(o2.sentAt - t0).toBeGreaterThan(2000);
    // and stay there for 2 s (router-1 hears nothing and never re-announces)
    await new Promise((r) => setTimeout(r, 2000));
    await until('the records of the last 2 s', () => since(session, s2.sentAt + 2000).length > 0);

    const sessionMove = since(session, t0).filter((r) => r.sentAt < s2.sentAt);
    const resets = sessionMove.filter((r) => r.outcome !== 'ack');
    console.log(`[http-workload-int] session on the move: ${JSON.stringify(resets)}`);
    // router-2 resets the connection the first time a packet of it reaches router-2: normally
    // the next request, which fails (seen in 4 runs of 5); sometimes the client's delayed ACK
    // of the last answer, and then the idle connection is reset before any request fails
    const reset = session.statuses.find(
      (s) => s.t >= t0 && s.connectedTo === null && s.reason === 'ECONNRESET',
    );
    expect(reset, JSON.stringify(session.statuses)).toBeDefined();
    // One reset costs at most two requests: the one it hit and the next one, due before the
    // client had reconnected (seen in CI: ECONNRESET, then 41 ms later "connection lost").
    expect(resets.length).toBeLessThanOrEqual(2);
    if (resets.length === 2) {
      expect(resets[1]!.seq).toBe(resets[0]!.seq + 1);
      expect(resets[1]!.error).toBe('connection lost: ECONNRESET');
    }
    for (const r of resets) {
      expect(r).toMatchObject({ outcome: 'fail', node: 'none' });
      // The request the reset hit (`ECONNRESET`), or, when the idle connection was reset
      // first, the next one, due while the client had no connection (`connection lost:
      // ECONNRESET`, never sent, so no MAC read: seen in CI).
      expect(r.error).toMatch(/^(connection lost: )?ECONNRESET$/);
      // read just before sending (at most ARP_CACHE_MS old): either side of the flip
      if (r.via !== undefined) expect([macs['router-1'], macs['router-2']]).toContain(r.via);
    }
    expect(sessionMove.filter((r) => r.outcome === 'ack').every((r) => r.node === 'router-1')).toBe(
      true,
    );

    const oneshotMove = since(oneshot, t0);
    expect(oneshotMove.every((r) => r.outcome === 'ack')).toBe(true);
    expect(
      oneshotMove.filter((r) => r.sentAt >= o2.sentAt).every((r) => r.node === 'router-2'),
    ).toBe(true);

    for (const [c, first] of [
      [session, s2],
      [oneshot, o2],
    ] as const) {
      const after = since(c, first.sentAt);
      expect(
        after.every((r) => answeredBy(r, 'router-2')),
        c.name,
      ).toBe(true);
      // via is read at most ARP_CACHE_MS before sending: the first request may predate the GARP
      const settled = after.filter((r) => r.sentAt >= first.sentAt + ARP_CACHE_MS);
      expect(
        settled.filter((r) => r.via !== macs['router-2']),
        c.name,
      ).toEqual([]);
    }
    log('sessionFailuresOnMove', resets.length, 'requests');
    log('blockToSessionReset', (reset?.t ?? 0) - t0);
  });

  it('the block removed: router-2 goes BACKUP and router-1 answers both clients again', async () => {
    const t0 = Date.now();
    await lab.sh('router-2', UNBLOCK);
    const { session, oneshot } = clients;
    const s1 = await until('session back on router-1', () => firstBy(session, 'router-1', t0));
    const o1 = await until('oneshot back on router-1', () => firstBy(oneshot, 'router-1', t0));
    log('healToSessionOnRouter1', s1.sentAt - t0);
    log('healToOneshotOnRouter1', o1.sentAt - t0);
    await lab.waitHealthy();
    await until('2 s of answers', () => since(session, s1.sentAt + 2000).length > 0);
    const r1log = await lab.logsSince('router-1', t0 - 1000);
    const reannounced = r1log.some((l) => /forcing new election/.test(l));
    console.log(`[http-workload-int] router-1 forced an election on the heal: ${reannounced}`);
    // router-2's notify line says when it went BACKUP (ms). Until a moment after that, a
    // request the client's ARP entry still sends to router-2's MAC can be lost in the hand
    // back (router-2 drops the VIP and must resolve it before forwarding): seen in CI as one
    // or two one-shot requests (sent 200 ms apart) timing out 1 s later. Such a loss is the
    // transition, not a fault; it is bounded in time (one ARP resolution), not in count,
    // since the client sends every 50 ms.
    const r2log = await lab.logsSince('router-2', t0 - 1000);
    const backupLine = r2log.filter((l) => /-> BACKUP .* at \d+/.test(l)).at(-1);
    const backupAt = Number(/ at (\d+)/.exec(backupLine ?? '')?.[1] ?? t0);
    const settled = backupAt + 1000;
    log('healToRouter2Backup', backupAt - t0);
    const handBack = (r: WriteRecord) =>
      r.sentAt < settled && r.via === macs['router-2'] && r.outcome !== 'ack';
    for (const [c, first] of [
      [session, s1],
      [oneshot, o1],
    ] as const) {
      const after = since(c, first.sentAt);
      const lost = after.filter(handBack);
      log(`${c.name}LostInHandBack`, lost.length, 'requests');
      const lostSpan = (lost.at(-1)?.sentAt ?? 0) - (lost[0]?.sentAt ?? 0);
      log(`${c.name}LostInHandBackSpan`, lostSpan);
      expect(lostSpan, `${c.name}: ${JSON.stringify(lost)}`).toBeLessThanOrEqual(1000);
      expect(
        after.filter((r) => !answeredBy(r, 'router-1') && !handBack(r)),
        c.name,
      ).toEqual([]);
      // Through router-1's MAC only if router-1 re-announced the VIP (it forces an election,
      // with gratuitous ARP, when it hears router-2's advert first). When router-2 hears
      // router-1 first it goes BACKUP silently: the clients' entries, kept REACHABLE by their
      // own TCP traffic, still point at router-2, which forwards to router-1 (ip_forward=1).
      const forwarded = after.filter((r) => r.via === macs['router-2']).length;
      log(`${c.name}ForwardedByRouter2`, forwarded, 'requests');
      expect(after.filter((r) => r.via !== macs['router-1'] && r.via !== macs['router-2'])).toEqual(
        [],
      );
      if (reannounced) expect(after.at(-1)?.via).toBe(macs['router-1']);
    }
    for (const c of [session, oneshot]) console.log(`[http-workload-int] ${c.name}: ${runs(c)}`);
    expect(since(oneshot, t0).filter((r) => r.outcome !== 'ack' && !handBack(r))).toEqual([]);
    // the session was on router-2's stack: that connection ends (reset by router-1, or lost)
    const back = since(session, t0).filter((r) => r.sentAt < s1.sentAt && r.outcome !== 'ack');
    expect(back.length).toBeGreaterThanOrEqual(1);
    expect(back.every((r) => r.node === 'none')).toBe(true);
    log('sessionFailuresOnReturn', back.length, 'requests');

    for (const c of [session, oneshot]) {
      const counts = answeredCounts(c.records);
      console.log(`[http-workload-int] ${c.name} ledger ${JSON.stringify(counts)}`);
      expect(counts.attempts).toBe(c.records.length);
      expect(counts.acked).toBe(c.records.filter((r) => r.outcome === 'ack').length);
      expect(counts.answeredBy?.['router-1']).toBe(
        c.records.filter((r) => answeredBy(r, 'router-1')).length,
      );
      expect(counts.answeredBy?.['router-2'] ?? 0).toBeGreaterThan(20);
    }
  });
});

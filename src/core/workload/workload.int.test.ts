import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../shared/scenario-schema';
import type { WriteRecord } from '../../shared/scenario-types';
import { hostIpInSubnet } from '../labs/lab-definition';
import {
  DEFAULT_REDIS_SENTINEL_SETTINGS,
  redisConf,
  sentinelConf,
} from '../../systems/redis-sentinel/engine/lab/redis-config';
import { RedisProbeConnection } from '../../systems/redis-sentinel/engine/probes/redis-probe-connection';
import type { ContainerRuntime, NetworkInfo } from '../runtime/container-runtime';
import { resolveDockerConnection } from '../runtime/docker-connection';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { ensureImage } from '../runtime/images/image-pipeline';
import { runLabels } from '../runtime/labels';
import { classifyLedger, liveCounts, writesPerSecondByNode } from './ledger';
import { readWorkloadKeys, scanWorkloadKeys } from './read-back';
import { bundleWorkload } from './workload-bundle';
import {
  planWorkloadClients,
  type RedisWorkloadClientPlan as WorkloadClientPlan,
} from '../../systems/redis-sentinel/engine/workload/redis-workload-clients';
import { followWrites, type WorkloadStatus } from './write-stream';
import { startClientContainer } from './client-container';

/**
 * The workload against the real engine: a Redis master (redis-1), a replica
 * (redis-2) and one Sentinel (quorum 1) on a network of their own, and client
 * containers running the bundled client with Node 18. Everything carries
 * dojo.run=<RUN> and is removed in afterAll.
 */
const RUN = `wl-int-${Date.now().toString(36)}-${process.pid}`;
const LAB = 'workload-int';
const labImagesDir = path.resolve(__dirname, '../../../lab-images');
const docker = new Docker(resolveDockerConnection().modemOptions);
const runtime: ContainerRuntime = createDockerRuntime();
const settings = { ...DEFAULT_REDIS_SENTINEL_SETTINGS, quorum: 1 };

let redisImage = '';
let clientImage = '';
let bundle = '';
let net: NetworkInfo;
const ids: Record<string, string> = {};
const nodes: Record<string, string> = {};
let ip = (n: number): string => String(n);
let clientSlot = 0;
const figures: Record<string, number | string> = {};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const cli = async (node: string, ...args: string[]): Promise<string> => {
  const r = await runtime.exec(ids[node] ?? '', ['redis-cli', ...args], { timeoutMs: 5000 });
  return r.stdout.trim();
};
const sentinelMaster = async (): Promise<string> =>
  cli('sentinel-1', '-p', '26379', 'SENTINEL', 'get-master-addr-by-name', 'mymaster');

async function startNode(
  name: string,
  host: number,
  cmd: string[],
  file: { path: string; content: string },
  publish: number[] = [],
): Promise<void> {
  const id = await runtime.createContainer({
    name: `${RUN}-${name}`,
    hostname: name,
    image: redisImage,
    cmd,
    labels: runLabels(RUN, LAB, name),
    network: { name: net.name, ipv4: ip(host), aliases: [name] },
    publishLoopback: publish,
    capAdd: ['NET_ADMIN'],
    stopTimeoutSeconds: 2,
    init: true,
  });
  await runtime.putFiles(id, [{ ...file, mode: 0o666 }]);
  await runtime.startContainer(id);
  ids[name] = id;
}

interface Client {
  plan: WorkloadClientPlan;
  id: string;
  records: WriteRecord[];
  statuses: WorkloadStatus[];
  /** Stops the container (SIGTERM, the client drains) and returns every record and its exit code. */
  stop(): Promise<{ records: WriteRecord[]; exitCode: number }>;
}

/** Plans, creates and starts one client container, and follows its writes. */
async function startClient(
  name: string,
  mode: 'sentinel' | 'pinned',
  opts: { rate?: number; timeout?: string } = {},
): Promise<Client> {
  const slot = clientSlot++;
  const [plan] = planWorkloadClients({
    spec: workloadSchema.parse({
      rate: opts.rate ?? 20,
      timeout: opts.timeout ?? '1s',
      clients: [{ name, mode }],
    }),
    // each test's client gets its own address: .31, .32, ...
    network: { hostIp: (n) => ip(n + slot) },
    sentinels: [{ name: 'sentinel-1', ip: ip(21) }],
    nodes,
    masterName: 'mymaster',
    bundle,
  });
  if (!plan) throw new Error('no plan');
  const id = await startClientContainer(runtime, {
    plan,
    containerName: `${RUN}-${name}`,
    image: clientImage,
    labels: runLabels(RUN, LAB, name),
    network: net.name,
  });
  const records: WriteRecord[] = [];
  const statuses: WorkloadStatus[] = [];
  const follower = await followWrites(
    runtime,
    id,
    (batch) => records.push(...batch),
    (s) => statuses.push(s),
  );
  return {
    plan,
    id,
    records,
    statuses,
    async stop() {
      await runtime.stopContainer(id, plan.stopGraceSeconds);
      await Promise.race([follower.ended, sleep(5000)]);
      await follower.stop();
      const state = await docker.getContainer(id).inspect();
      return { records, exitCode: state.State.ExitCode };
    },
  };
}

beforeAll(async () => {
  const t0 = Date.now();
  [redisImage, clientImage, bundle] = await Promise.all([
    ensureImage(runtime, { name: 'redis', labImagesDir }),
    ensureImage(runtime, { name: 'client', labImagesDir }),
    bundleWorkload(),
  ]);
  figures.imagesMs = Date.now() - t0;
  figures.bundleBytes = bundle.length;
  net = await runtime.createNetwork({ name: `${RUN}-net`, labels: runLabels(RUN, LAB) });
  ip = (n) => hostIpInSubnet(net.subnet, n);
  nodes[ip(11)] = 'redis-1';
  nodes[ip(12)] = 'redis-2';
  const conf = '/etc/dojo/redis.conf';
  await startNode(
    'redis-1',
    11,
    ['redis-server', conf],
    { path: conf, content: redisConf(settings) },
    [6379],
  );
  await startNode('redis-2', 12, ['redis-server', conf], {
    path: conf,
    content: redisConf(settings, ip(11)),
  });
  await until('redis-2 replicating', async () =>
    (await cli('redis-2', 'INFO', 'replication')).includes('master_link_status:up'),
  );
  const sconf = '/etc/dojo/sentinel.conf';
  await startNode('sentinel-1', 21, ['redis-sentinel', sconf], {
    path: sconf,
    content: sentinelConf(settings, ip(11)),
  });
  await until('sentinel names redis-1', async () =>
    (await sentinelMaster().catch(() => '')).startsWith(ip(11)),
  );
});

afterAll(async () => {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`dojo.run=${RUN}`] },
  });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
  const networks = await docker.listNetworks({ filters: { label: [`dojo.run=${RUN}`] } });
  await Promise.all(
    networks.map((n) =>
      docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined),
    ),
  );
  console.log(`[workload-int] figures: ${JSON.stringify(figures)}`);
});

/** Writes per second at which they were sent. */
const sendRate = (rs: WriteRecord[]): number => {
  const sorted = [...rs].sort((a, b) => a.seq - b.seq);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last || last === first) return 0;
  return ((sorted.length - 1) * 1000) / (last.sentAt - first.sentAt);
};

describe('a sentinel-mode client on a healthy master', () => {
  let steady: WriteRecord[] = [];

  it('finds the master through the sentinel and gets every write acknowledged by it, at the rate', async () => {
    const t0 = Date.now();
    const c = await startClient('steady', 'sentinel');
    await until('connected', () => c.statuses.find((s) => s.connectedTo !== null), 10_000);
    figures.clientStartToConnectedMs = Date.now() - t0;
    await sleep(3000);
    const { records, exitCode } = await c.stop();
    steady = records;
    expect(exitCode).toBe(0);
    expect(c.statuses[0]).toMatchObject({
      client: 'steady',
      mode: 'sentinel',
      connectedTo: 'redis-1',
      ip: ip(11),
      via: 'sentinel-1',
    });
    // the client really ran on Debian's Node 18
    const logs: string[] = [];
    for await (const l of await runtime.logs(c.id)) logs.push(String(l));
    expect(logs.some((l) => l.includes('workload steady: mode sentinel, 20 writes/s'))).toBe(true);
    expect(logs.some((l) => l.includes('SIGTERM, draining'))).toBe(true);

    expect(records.length).toBeGreaterThanOrEqual(55);
    expect(records.length).toBeLessThanOrEqual(75);
    expect(records.every((r) => r.outcome === 'ack' && r.node === 'redis-1')).toBe(true);
    expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(records.map((_, i) => i + 1));
    figures.steadyWrites = records.length;
    figures.steadySendRatePerS = Number(sendRate(records).toFixed(2));
    expect(sendRate(records)).toBeGreaterThan(19);
    expect(sendRate(records)).toBeLessThan(21);
    const latencies = records.map((r) => r.doneAt - r.sentAt).sort((a, b) => a - b);
    figures.steadyP50LatencyMs = latencies[Math.floor(latencies.length / 2)] ?? -1;

    const present = await readWorkloadKeys(runtime, ids['redis-1'] ?? '');
    for (const r of records) expect(present.has(r.key), r.key).toBe(true);
    const { counts, lostKeys } = classifyLedger(records, present, 'redis-1');
    expect(counts.fates?.['acked-present']).toBe(records.length);
    expect(lostKeys).toEqual([]);
    expect(liveCounts(records)).toEqual({
      attempts: records.length,
      acked: records.length,
      failed: 0,
      indeterminate: 0,
    });
    const chart = writesPerSecondByNode(records, 1000);
    const inner = chart.slice(1, -1);
    expect(inner.length).toBeGreaterThanOrEqual(1);
    for (const p of inner) expect(p.perNode['redis-1']).toBeGreaterThanOrEqual(18);
  });

  it('a known loss: keys deleted on the server are exactly the acked-lost ones', async () => {
    expect(steady.length).toBeGreaterThan(0);
    const victims = steady.filter((r) => r.seq % 7 === 3).map((r) => r.key);
    expect(victims.length).toBeGreaterThanOrEqual(7);
    expect(await cli('redis-1', 'DEL', ...victims)).toBe(String(victims.length));

    const present = await readWorkloadKeys(runtime, ids['redis-1'] ?? '');
    const { counts, lostKeys } = classifyLedger(steady, present, 'redis-1');
    expect(counts.fates).toEqual({
      'acked-present': steady.length - victims.length,
      'acked-lost': victims.length,
      failed: 0,
      'indeterminate-present': 0,
      'indeterminate-absent': 0,
    });
    expect([...lostKeys].sort()).toEqual([...victims].sort());

    // the same read through a long-lived connection (the probes' kind) with SCAN
    const port = (await runtime.inspectContainer(ids['redis-1'] ?? '')).ports[6379] ?? 0;
    const conn = new RedisProbeConnection(port);
    try {
      const scanned = await until('SCAN answers', () =>
        scanWorkloadKeys(conn, 1000).catch(() => undefined),
      );
      expect([...scanned].sort()).toEqual([...present].sort());
    } finally {
      conn.close();
    }
  });
});

describe('a frozen master (docker pause)', () => {
  it('writes that timed out while it was frozen are applied when it wakes: ghost writes', async () => {
    const c = await startClient('zombie', 'sentinel');
    await until('writing', () => c.records.length >= 10, 10_000);
    const pausedAt = Date.now();
    await runtime.pauseContainer(ids['redis-1'] ?? '');
    await sleep(2500);
    // a frozen node cannot be read back
    await expect(
      readWorkloadKeys(runtime, ids['redis-1'] ?? '', { timeoutMs: 1000 }),
    ).rejects.toThrow();
    await runtime.unpauseContainer(ids['redis-1'] ?? '');
    const resumedAt = Date.now();
    await sleep(1500);
    const { records, exitCode } = await c.stop();
    expect(exitCode).toBe(0);

    const timeouts = records.filter((r) => r.outcome === 'timeout');
    expect(timeouts.length).toBeGreaterThanOrEqual(2);
    for (const r of timeouts) {
      expect(r.node).toBe('redis-1');
      expect(r.sentAt).toBeGreaterThanOrEqual(pausedAt - 1100);
      expect(r.sentAt).toBeLessThanOrEqual(resumedAt);
    }
    // 2 consecutive timeouts made it re-resolve (the sentinel still names redis-1: 2.5 s < down-after)
    expect(
      c.statuses.some((s) => s.connectedTo === null && /consecutive timeouts/.test(s.reason ?? '')),
    ).toBe(true);
    expect(
      records.filter((r) => r.sentAt > resumedAt + 200).every((r) => r.outcome === 'ack'),
    ).toBe(true);

    const present = await readWorkloadKeys(runtime, ids['redis-1'] ?? '');
    const { counts, ghostKeys } = classifyLedger(records, present, 'redis-1');
    figures.zombieAttempts = counts.attempts;
    figures.zombieTimeouts = timeouts.length;
    figures.zombieGhostWrites = counts.fates?.['indeterminate-present'] ?? 0;
    figures.zombieIndeterminateAbsent = counts.fates?.['indeterminate-absent'] ?? 0;
    figures.zombieFailedNone = records.filter((r) => r.node === 'none').length;
    expect(ghostKeys.length).toBeGreaterThanOrEqual(1);
    expect(counts.fates?.['acked-lost']).toBe(0);
  });
});

describe('a failover (SENTINEL FAILOVER): the sentinel-mode client follows, the pinned one does not', () => {
  it('pinned writes fail READONLY on the old master; sentinel-mode writes move to the new one', async () => {
    await until('sentinel knows the replica', async () =>
      (await cli('sentinel-1', '-p', '26379', 'SENTINEL', 'replicas', 'mymaster')).includes(ip(12)),
    );
    const s = await startClient('follower', 'sentinel');
    const p = await startClient('pinned', 'pinned');
    await until('both writing', () => s.records.length >= 10 && p.records.length >= 10, 10_000);
    expect(await cli('sentinel-1', '-p', '26379', 'SENTINEL', 'FAILOVER', 'mymaster')).toBe('OK');
    const failoverAt = Date.now();
    await until('sentinel names redis-2', async () => (await sentinelMaster()).startsWith(ip(12)));
    await until('redis-1 demoted', async () => (await cli('redis-1', 'ROLE')).startsWith('slave'));
    const demotedAt = Date.now();
    figures.failoverToDemotedMs = demotedAt - failoverAt;
    await sleep(2000);
    const [sr, pr] = await Promise.all([s.stop(), p.stop()]);
    expect(sr.exitCode).toBe(0);
    expect(pr.exitCode).toBe(0);

    // sentinel mode: READONLY (or a dropped connection) made it re-resolve; it ends on redis-2
    expect(s.statuses.map((x) => x.connectedTo).at(-1)).toBe('redis-2');
    const sLate = sr.records.filter((r) => r.sentAt > demotedAt + 500);
    expect(sLate.length).toBeGreaterThanOrEqual(20);
    expect(sLate.every((r) => r.outcome === 'ack' && r.node === 'redis-2')).toBe(true);

    // pinned: never left redis-1, now a replica that refuses writes
    expect(p.statuses.every((x) => x.connectedTo === 'redis-1' || x.connectedTo === null)).toBe(
      true,
    );
    expect(pr.records.every((r) => r.node === 'redis-1' || r.node === 'none')).toBe(true);
    const pLate = pr.records.filter((r) => r.sentAt > demotedAt + 500);
    expect(pLate.length).toBeGreaterThanOrEqual(20);
    expect(pLate.every((r) => r.outcome === 'fail' && /^READONLY/.test(r.error ?? ''))).toBe(true);

    // the ledger read back from the final master: whatever redis-2 acknowledged is there
    const present = await readWorkloadKeys(runtime, ids['redis-2'] ?? '');
    const all = [...sr.records, ...pr.records];
    const { counts, lostKeys } = classifyLedger(all, present, 'redis-2');
    const byKey = new Map(all.map((r) => [r.key, r]));
    expect(lostKeys.every((k) => byKey.get(k)?.node === 'redis-1')).toBe(true);
    const fates = counts.fates;
    expect(Object.values(fates ?? {}).reduce((a, b) => a + b, 0)).toBe(counts.attempts);
    figures.failoverAttempts = counts.attempts;
    figures.failoverAckedLost = fates?.['acked-lost'] ?? 0;
    figures.failoverPinnedReadonly = pLate.length;
    figures.failoverPinnedStatuses = p.statuses
      .map((x) => x.connectedTo ?? `-(${x.reason})`)
      .join(' > ');
    figures.failoverSentinelStatuses = s.statuses
      .map((x) => x.connectedTo ?? `-(${x.reason})`)
      .join(' > ');
  });
});

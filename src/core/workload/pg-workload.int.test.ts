import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../shared/scenario-schema';
import type { WriteRecord } from '../../shared/scenario-types';
import { hostIpInSubnet } from '../labs/lab-definition';
import type { ContainerRuntime, NetworkInfo } from '../runtime/container-runtime';
import { resolveDockerConnection } from '../runtime/docker-connection';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { ensureImage } from '../runtime/images/image-pipeline';
import { runLabels } from '../runtime/labels';
import { classifyLedger } from './ledger';
import { readPostgresWorkloadKeys } from './read-back';
import { bundleWorkload } from './workload-bundle';
import {
  planPostgresWorkloadClients,
  type PostgresWorkloadClientPlan,
} from '../../systems/patroni/engine/workload/postgres-workload-clients';
import { followWrites, type WorkloadStatus } from './write-stream';
import { startClientContainer } from './client-container';

/**
 * The Postgres workload against real PostgreSQL 15: two independent servers
 * (pg-1, pg-2; plain postgres started directly in the patroni lab image, not
 * Patroni) on a network of their own, md5 (SCRAM-stored password) for the
 * subnet, and client containers running the bundled client with Node 18.
 * Everything carries dojo.run=<RUN> and is removed in afterAll.
 */
const RUN = `pgwl-int-${Date.now().toString(36)}-${process.pid}`;
const LAB = 'pg-workload-int';
const labImagesDir = path.resolve(__dirname, '../../../lab-images');
const runtime: ContainerRuntime = createDockerRuntime();
const docker = new Docker(resolveDockerConnection().modemOptions);
const PASSWORD = 'dojo-pw';
const DB = { user: 'postgres', database: 'postgres' };

let pgImage = '';
let clientImage = '';
let bundle = '';
let net: NetworkInfo;
const ids: Record<string, string> = {};
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
const psql = async (node: string, sql: string): Promise<string> => {
  const r = await runtime.exec(
    ids[node] ?? '',
    ['psql', '-X', '-A', '-t', '-U', 'postgres', '-d', 'postgres', '-c', sql],
    { timeoutMs: 5000 },
  );
  if (r.exitCode !== 0) throw new Error(`psql on ${node}: ${r.stderr.trim()}`);
  return r.stdout.trim();
};

/**
 * initdb (local trust, `auth` for TCP, a password stored as initdb picks for
 * that method: md5 -> md5 hash, scram-sha-256 -> SCRAM verifier) and postgres
 * in the foreground, as postgres.
 */
const pgScript = (auth: 'md5' | 'scram-sha-256'): string =>
  [
    'set -e',
    'D=/var/lib/postgresql/data/pg',
    `echo '${PASSWORD}' > /tmp/pw`,
    `initdb -D "$D" -U postgres --pwfile=/tmp/pw --auth-local=trust --auth-host=${auth} >/dev/null`,
    `echo "host all all 0.0.0.0/0 ${auth}" >> "$D/pg_hba.conf"`,
    'exec postgres -D "$D" -c listen_addresses=\'*\' -c unix_socket_directories=/var/run/postgresql',
  ].join('\n');

async function startPg(name: string, host: number, auth: 'md5' | 'scram-sha-256'): Promise<void> {
  const id = await runtime.createContainer({
    name: `${RUN}-${name}`,
    hostname: name,
    image: pgImage,
    user: 'postgres',
    cmd: ['sh', '-c', pgScript(auth)],
    labels: runLabels(RUN, LAB, name),
    network: { name: net.name, ipv4: ip(host), aliases: [name] },
    stopTimeoutSeconds: 2,
    init: true,
  });
  await runtime.startContainer(id);
  ids[name] = id;
}

interface Client {
  plan: PostgresWorkloadClientPlan;
  id: string;
  records: WriteRecord[];
  statuses: WorkloadStatus[];
  stop(): Promise<{ records: WriteRecord[]; exitCode: number }>;
}

async function startClient(
  name: string,
  mode: 'pinned' | 'multi-host',
  opts: { rate?: number; timeout?: string } = {},
): Promise<Client> {
  const slot = clientSlot++;
  const [plan] = planPostgresWorkloadClients({
    spec: workloadSchema.parse({
      rate: opts.rate ?? 20,
      timeout: opts.timeout ?? '1s',
      clients: [{ name, mode }],
    }),
    network: { hostIp: (n) => ip(n + slot) },
    hosts: [
      { name: 'pg-1', ip: ip(11) },
      { name: 'pg-2', ip: ip(12) },
    ],
    ...DB,
    password: PASSWORD,
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

const readKeys = (node: string): Promise<Set<string>> =>
  readPostgresWorkloadKeys(runtime, ids[node] ?? '', DB);

beforeAll(async () => {
  const t0 = Date.now();
  [pgImage, clientImage, bundle] = await Promise.all([
    ensureImage(runtime, { name: 'patroni', labImagesDir }),
    ensureImage(runtime, { name: 'client', labImagesDir }),
    bundleWorkload(),
  ]);
  figures.imagesMs = Date.now() - t0;
  net = await runtime.createNetwork({ name: `${RUN}-net`, labels: runLabels(RUN, LAB) });
  ip = (n) => hostIpInSubnet(net.subnet, n);
  const t1 = Date.now();
  // pg-1 authenticates clients with md5, pg-2 with SCRAM-SHA-256
  await Promise.all([startPg('pg-1', 11, 'md5'), startPg('pg-2', 12, 'scram-sha-256')]);
  for (const n of ['pg-1', 'pg-2']) {
    await until(`${n} accepting`, async () => (await psql(n, 'SELECT 1').catch(() => '')) === '1');
  }
  figures.pgStartToReadyMs = Date.now() - t1;
});

afterAll(async () => {
  const labels = { 'dojo.run': RUN };
  for (const c of await runtime.listContainers(labels)) {
    await runtime.removeContainer(c.id).catch(() => undefined);
  }
  for (const n of await runtime.listNetworks(labels)) {
    await runtime.removeNetwork(n.id).catch(() => undefined);
  }
  console.log(`[pg-workload-int] figures: ${JSON.stringify(figures)}`);
});

const sendRate = (rs: WriteRecord[]): number => {
  const sorted = [...rs].sort((a, b) => a.seq - b.seq);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last || last === first) return 0;
  return ((sorted.length - 1) * 1000) / (last.sentAt - first.sentAt);
};
const p50 = (rs: WriteRecord[]): number => {
  const l = rs.map((r) => r.doneAt - r.sentAt).sort((a, b) => a - b);
  return l[Math.floor(l.length / 2)] ?? -1;
};

describe('a multi-host client on healthy servers', () => {
  it('authenticates (md5), takes the first writable host, every write acked and present', async () => {
    const t0 = Date.now();
    const c = await startClient('steady', 'multi-host');
    await until('connected', () => c.statuses.find((s) => s.connectedTo !== null), 15_000);
    figures.clientStartToConnectedMs = Date.now() - t0;
    await sleep(3000);
    const { records, exitCode } = await c.stop();
    expect(exitCode).toBe(0);
    expect(c.statuses[0]).toMatchObject({
      client: 'steady',
      mode: 'multi-host',
      system: 'postgres',
      connectedTo: 'pg-1',
      ip: ip(11),
    });
    expect(records.length).toBeGreaterThanOrEqual(55);
    expect(records.length).toBeLessThanOrEqual(75);
    expect(records.every((r) => r.outcome === 'ack' && r.node === 'pg-1' && !r.warning)).toBe(true);
    expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(records.map((_, i) => i + 1));
    figures.steadyWrites = records.length;
    figures.steadySendRatePerS = Number(sendRate(records).toFixed(2));
    figures.steadyP50LatencyMs = p50(records);
    expect(sendRate(records)).toBeGreaterThan(19);
    expect(sendRate(records)).toBeLessThan(21);

    const t1 = Date.now();
    const present = await readKeys('pg-1');
    figures.readBackMs = Date.now() - t1;
    const { counts, lostKeys } = classifyLedger(records, present, 'pg-1');
    expect(counts.fates?.['acked-present']).toBe(records.length);
    // pg-1's password is an md5 hash (md5 authentication); pg-2's a SCRAM verifier
    const stored = "SELECT left(rolpassword, 6) FROM pg_authid WHERE rolname = 'postgres'";
    expect((await psql('pg-1', stored)).startsWith('md5')).toBe(true);
    expect(await psql('pg-2', stored)).toBe('SCRAM-');
    expect(lostKeys).toEqual([]);
    expect((await readKeys('pg-2')).size).toBe(0);
    // the client made the table on the primary; the row holds client, seq and payload
    expect(
      await psql('pg-1', "SELECT payload FROM dojo_writes WHERE client='steady' AND seq=1"),
    ).toMatch(/^steady:1:\d+$/);
  });
});

describe('pg-1 switched read-only: pinned keeps failing there, multi-host moves to pg-2', () => {
  it('pinned writes fail 25006 on pg-1; multi-host writes are acked on pg-2 (SCRAM)', async () => {
    const m = await startClient('mover', 'multi-host');
    const p = await startClient('pinned', 'pinned');
    await until('both writing', () => m.records.length >= 10 && p.records.length >= 10, 15_000);
    await psql('pg-1', 'ALTER SYSTEM SET default_transaction_read_only = on');
    await psql('pg-1', 'SELECT pg_reload_conf()');
    const switchedAt = Date.now();
    await until(
      'pinned refused',
      () => p.records.some((r) => /read-only/.test(r.error ?? '')),
      10_000,
    );
    figures.readOnlyToFirstRefusalMs = Date.now() - switchedAt;
    await sleep(2000);
    const [mr, pr] = await Promise.all([m.stop(), p.stop()]);
    expect(mr.exitCode).toBe(0);
    expect(pr.exitCode).toBe(0);

    const late = (rs: WriteRecord[]): WriteRecord[] =>
      rs.filter((r) => r.sentAt > switchedAt + 1000);
    expect(m.statuses.map((x) => x.connectedTo).at(-1)).toBe('pg-2');
    expect(late(mr.records).length).toBeGreaterThanOrEqual(20);
    expect(late(mr.records).every((r) => r.outcome === 'ack' && r.node === 'pg-2')).toBe(true);
    expect(
      mr.records.some(
        (r) => r.outcome === 'fail' && r.node === 'pg-1' && /read-only/.test(r.error ?? ''),
      ),
    ).toBe(true);

    expect(p.statuses.every((x) => x.connectedTo === 'pg-1' || x.connectedTo === null)).toBe(true);
    expect(late(pr.records).length).toBeGreaterThanOrEqual(20);
    expect(
      late(pr.records).every(
        (r) =>
          r.outcome === 'fail' &&
          r.node === 'pg-1' &&
          r.error === 'cannot execute INSERT in a read-only transaction (SQLSTATE 25006)',
      ),
    ).toBe(true);

    // ledger over both nodes' rows: nothing acked is missing
    const present = new Set([...(await readKeys('pg-1')), ...(await readKeys('pg-2'))]);
    const all = [...mr.records, ...pr.records];
    const { counts, lostKeys } = classifyLedger(all, present, 'pg-1+pg-2');
    expect(lostKeys).toEqual([]);
    expect(counts.fates?.failed).toBeGreaterThanOrEqual(40);
    figures.readOnlyAttempts = counts.attempts;
    figures.readOnlyPinnedFailed = late(pr.records).length;
    figures.readOnlyMoverStatuses = m.statuses
      .map((x) => x.connectedTo ?? `-(${(x.reason ?? '').slice(0, 60)})`)
      .join(' > ');
  });
});

describe('a frozen server (docker pause)', () => {
  it('writes that timed out while it was frozen are indeterminate, and applied when it wakes', async () => {
    // pg-1 is read-only now: the pinned client resolves pg-2
    const c = await startClient('zombie', 'pinned');
    await until('writing', () => c.records.length >= 10, 15_000);
    expect(c.statuses[0]?.connectedTo).toBe('pg-2');
    const pausedAt = Date.now();
    await runtime.pauseContainer(ids['pg-2'] ?? '');
    await sleep(2500);
    await expect(
      readPostgresWorkloadKeys(runtime, ids['pg-2'] ?? '', { ...DB, timeoutMs: 1000 }),
    ).rejects.toThrow();
    await runtime.unpauseContainer(ids['pg-2'] ?? '');
    const resumedAt = Date.now();
    await sleep(1500);
    const { records, exitCode } = await c.stop();
    expect(exitCode).toBe(0);

    const timeouts = records.filter((r) => r.outcome === 'timeout');
    expect(timeouts.length).toBeGreaterThanOrEqual(20);
    for (const r of timeouts) {
      expect(r.node).toBe('pg-2');
      expect(r.error).toMatch(/no reply within 1000 ms/);
      expect(r.sentAt).toBeGreaterThanOrEqual(pausedAt - 1100);
      expect(r.sentAt).toBeLessThanOrEqual(resumedAt);
    }
    expect(
      records.filter((r) => r.sentAt > resumedAt + 300).every((r) => r.outcome === 'ack'),
    ).toBe(true);
    const present = await readKeys('pg-2');
    const { counts } = classifyLedger(records, present, 'pg-2');
    figures.zombieAttempts = counts.attempts;
    figures.zombieTimeouts = timeouts.length;
    figures.zombieGhostWrites = counts.fates?.['indeterminate-present'] ?? 0;
    figures.zombieIndeterminateAbsent = counts.fates?.['indeterminate-absent'] ?? 0;
    expect(counts.fates?.['acked-lost']).toBe(0);
    expect(counts.fates?.['indeterminate-present']).toBeGreaterThanOrEqual(1);
  });
});

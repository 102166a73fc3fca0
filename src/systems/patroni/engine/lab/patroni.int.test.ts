import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-contract';
import type { ProbeSample, RunPhase } from '../../../../shared/lab-types';
import { createEngine, type Engine } from '../../../../core/index';
import { hostIpInSubnet, type RunningNode } from '../../../../core/labs/lab-definition';
import { DEFAULT_PATRONI_SETTINGS } from './patroni-config';
import { patroniLab } from './patroni.lab';

/**
 * The Patroni lab on the real Docker engine: it comes up healthy (the time
 * is printed), the probes tell the truth from both sides (postgres and
 * Patroni, cross-checked with psql and patronictl inside the containers),
 * etcd holds the leader key with a lease no longer than ttl, a paused node
 * reads unknown, and stop removes everything the run made.
 */
const docker = new Docker();

async function exec(containerId: string, cmd: string[], user?: string): Promise<string> {
  const ex = await docker.getContainer(containerId).exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    ...(user ? { User: user } : {}),
  });
  const stream = await ex.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const buf = Buffer.concat(chunks);
  let out = '';
  for (let i = 0; i + 8 <= buf.length;) {
    const len = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + len).toString();
    i += 8 + len;
  }
  return out;
}

async function containersOfRun(runId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`dojo.run=${runId}`] } });
}

describe('Patroni lab on the real engine', () => {
  let engine: Engine;
  let runId: string;
  let readyAfterMs = 0;
  const phases: RunPhase[] = [];
  const samples: ProbeSample[] = [];
  /** When the paused node read as running again (the pause test). */
  let recoveredAt = 0;
  let phaseWaiters: (() => void)[] = [];

  const waitPhase = async (wanted: RunPhase): Promise<void> => {
    while (!phases.includes(wanted)) {
      if (phases.includes('failed'))
        throw new Error(`run failed: ${(await engine.getRun({ runId }))?.error}`);
      await new Promise<void>((r) => phaseWaiters.push(r));
    }
  };
  const waitSample = async (
    pred: (s: ProbeSample) => boolean,
    timeoutMs: number,
  ): Promise<ProbeSample> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const s = samples[samples.length - 1];
      if (s && pred(s)) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `no matching sample within ${timeoutMs} ms; last: ${JSON.stringify(samples.at(-1))}`,
    );
  };
  const idOf = async (node: string): Promise<string> => {
    const c = (await containersOfRun(runId)).find((x) => x.Labels['dojo.node'] === node);
    if (!c) throw new Error(`no container for ${node}`);
    return c.Id;
  };

  beforeAll(async () => {
    engine = await createEngine();
    const early: EngineEvent[] = [];
    engine.onEvent((e: EngineEvent) => {
      if (e.type !== 'run') return;
      if (!runId) {
        early.push(e);
        return;
      }
      if (e.event.runId !== runId) return;
      if (e.event.kind === 'phase') {
        phases.push(e.event.phase);
        const w = phaseWaiters;
        phaseWaiters = [];
        w.forEach((f) => f());
      }
      if (e.event.kind === 'sample') samples.push(e.event.sample);
    });
    ({ runId } = await engine.startLab({ labId: 'patroni' }));
    for (const e of early)
      if (e.type === 'run' && e.event.runId === runId && e.event.kind === 'phase')
        phases.push(e.event.phase);
    await waitPhase('running');
    readyAfterMs = (await engine.getRun({ runId }))?.readyAfterMs ?? NaN;
    console.log(`patroni lab: start -> ready in ${(readyAfterMs / 1000).toFixed(2)} s`);
  });

  afterAll(async () => {
    await engine?.dispose();
  });

  it('comes up healthy: one leader, two streaming replicas on its timeline, the key in etcd', async () => {
    expect(phases).toEqual(['preparing', 'building', 'starting', 'waiting-ready', 'running']);
    const snap = await engine.getRun({ runId });
    expect(snap?.readiness?.ready).toBe(true);
    expect(snap?.readiness?.conditions.map((c) => c.name)).toEqual([
      '1 etcd member answers',
      'exactly one leader',
      'every Patroni REST API answers',
      'leader key held in etcd',
      '2 replicas streaming',
    ]);
    const s = samples[samples.length - 1];
    expect(s?.mastersClaimed).toBe(1);
    expect(s?.unknownNodes).toBe(0);
    const byName = new Map(s?.nodes.map((n) => [n.node, n]));
    const leader = byName.get('pg-1');
    // Postgres says primary, and Patroni agrees.
    expect(leader).toMatchObject({
      kind: 'postgres',
      role: 'master',
      patroniRole: 'master',
      patroniState: 'running',
      state: 'running',
      onlineReplicas: 2,
      maintenance: false,
    });
    expect(leader?.timeline).toBeGreaterThanOrEqual(1);
    expect(leader?.lsn).toBeGreaterThan(0);
    for (const r of ['pg-2', 'pg-3']) {
      expect(byName.get(r)).toMatchObject({
        kind: 'postgres',
        role: 'replica',
        patroniRole: 'replica',
        following: 'pg-1',
        linkUp: true,
        timeline: leader?.timeline,
      });
    }
    const etcd = byName.get('etcd-1');
    expect(etcd).toMatchObject({ kind: 'etcd', role: 'dcs', leaderKey: { holder: 'pg-1' } });
    expect(etcd?.leaderKey?.ttlSeconds).toBeGreaterThan(0);
    expect(etcd?.leaderKey?.ttlSeconds).toBeLessThanOrEqual(DEFAULT_PATRONI_SETTINGS.ttl);
  });

  it('tells the same story as psql, patronictl and etcd inside the containers', async () => {
    const containers = await containersOfRun(runId);
    expect(containers).toHaveLength(4);
    const psql = (node: string, sql: string): Promise<string> =>
      idOf(node).then((id) =>
        exec(id, ['psql', '-h', '/var/run/postgresql', '-tAc', sql], 'postgres'),
      );
    expect((await psql('pg-1', 'select pg_is_in_recovery()')).trim()).toBe('f');
    expect((await psql('pg-2', 'select pg_is_in_recovery()')).trim()).toBe('t');
    expect(
      (
        await psql('pg-1', "select count(*) from pg_stat_replication where state='streaming'")
      ).trim(),
    ).toBe('2');
    const list = await exec(await idOf('pg-3'), [
      'patronictl',
      '-c',
      '/etc/dojo/patroni.yml',
      'list',
    ]);
    expect(list).toMatch(/pg-1\s.*\|\s*Leader\s*\|\s*running/);
    const key = await exec(await idOf('etcd-1'), [
      'curl',
      '-s',
      'http://127.0.0.1:2379/v2/keys/service/dojo/leader',
    ]);
    expect(JSON.parse(key)).toMatchObject({ node: { value: 'pg-1' } });
    // Patroni runs under the wrapper: postgres is not a child of the container's main command.
    const ps = await exec(await idOf('pg-1'), ['ps', '-eo', 'user,args']);
    expect(ps).toMatch(/dojo-patroni-entrypoint/);
    expect(ps).toMatch(/postgres\s+\/usr\/bin\/python3 \/usr\/bin\/patroni/);
    for (const c of containers) {
      expect(c.Labels).toMatchObject({
        'dojo.app': 'failover-dojo',
        'dojo.run': runId,
        'dojo.lab': 'patroni',
      });
    }
  });

  it('the final health reads one master, two caught-up replicas, the key held, no maintenance', async () => {
    // A second observer of the same lab, opened like the run controller opens one.
    const lab = patroniLab();
    const [net] = await docker.listNetworks({ filters: { label: [`dojo.run=${runId}`] } });
    const subnet = String(
      (await docker.getNetwork(net?.Id ?? '').inspect()).IPAM?.Config?.[0]?.Subnet,
    );
    const plan = lab.plan({
      subnet,
      gateway: '',
      hostIp: (n) => hostIpInSubnet(subnet, n),
    });
    const nodes: RunningNode[] = await Promise.all(
      plan.nodes.map(async (p) => {
        const id = await idOf(p.name);
        const info = await docker.getContainer(id).inspect();
        const hostPorts: Record<number, number> = {};
        for (const port of p.probePorts) {
          const b = info.NetworkSettings.Ports[`${port}/tcp`]?.[0];
          if (b) hostPorts[port] = Number(b.HostPort);
        }
        return { plan: p, containerId: id, hostPorts };
      }),
    );
    const observer = lab.openObserver();
    try {
      observer.addNodes(nodes);
      const health = await observer.finalHealth(2000);
      expect(health).toMatchObject({
        masters: ['pg-1'],
        replicasExpected: 2,
        coordinatorViews: { 'etcd-1': 'pg-1' },
        coordinationOk: true,
        patroni: {
          leaderKeyHolder: 'pg-1',
          maintenanceMode: false,
          synchronousMode: false,
          patroniRoles: { 'pg-1': 'master', 'pg-2': 'replica', 'pg-3': 'replica' },
        },
      });
      expect([...health.replicasCaughtUp].sort()).toEqual(['pg-2', 'pg-3']);
      const tl = health.patroni?.leaderTimeline;
      expect(health.patroni?.timelines).toEqual({ 'pg-1': tl, 'pg-2': tl, 'pg-3': tl });
    } finally {
      await observer.close();
    }
  });

  it('reads a paused replica as unknown and paused, never as replica, and recovers after unpause', async () => {
    const id = await idOf('pg-2');
    await docker.getContainer(id).pause();
    const pausedAt = Date.now();
    try {
      // Only a tick that began after the freeze must read unknown: one that was
      // already reading may still carry the answer it got just before.
      const s = await waitSample(
        // Only pg-2 unread (another node's read may blip past the timeout on a loaded machine).
        (x) =>
          x.t > pausedAt &&
          x.nodes.some((n) => n.node === 'pg-2' && n.state === 'paused') &&
          x.unknownNodes === 1 &&
          x.mastersClaimed === 1,
        5000,
      );
      expect(s.nodes.find((n) => n.node === 'pg-2')).toMatchObject({
        role: 'unknown',
        patroniRole: 'unknown',
        state: 'paused',
      });
      expect(s.unknownNodes).toBe(1);
      expect(s.mastersClaimed).toBe(1);
    } finally {
      await docker.getContainer(id).unpause();
    }
    recoveredAt = (
      await waitSample(
        (x) =>
          x.nodes.some(
            (n) =>
              n.node === 'pg-2' &&
              n.role === 'replica' &&
              n.patroniRole === 'replica' &&
              n.state === 'running',
          ),
        10_000,
      )
    ).t;
  });

  it('samples at least every 500 ms', async () => {
    // While a node was paused each read waited out the probe timeout: judge the samples since.
    await waitSample(() => samples.filter((s) => s.t > recoveredAt).length >= 12, 10_000);
    const recent = samples.filter((s) => s.t > recoveredAt);
    const gaps = recent.slice(1).map((s, i) => s.t - (recent[i]?.t ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(500);
  });

  it('stop removes every container and network of the run', async () => {
    await engine.stopLab({ runId });
    expect(phases.at(-1)).toBe('stopped');
    expect(await containersOfRun(runId)).toEqual([]);
    expect(await docker.listNetworks({ filters: { label: [`dojo.run=${runId}`] } })).toEqual([]);
  });
});

import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-contract';
import type { NodeObservation, ProbeSample, RunPhase } from '../../../../shared/lab-types';
import { createEngine, type Engine } from '../../../../core/index';
import { findLabImagesDir } from '../../../../core/paths';
import { createDockerRuntime } from '../../../../core/runtime/docker-runtime';
import { DEFAULT_RUN_TIMINGS, RunController } from '../../../../core/session/run-controller';
import { RunHistory } from '../../../../core/session/run-history';
import { hostIpInSubnet, type RunningNode } from '../../../../core/labs/lab-definition';
import { VIP_HOST } from './keepalived-config';
import { keepalivedLab } from './keepalived.lab';

/**
 * The keepalived lab on the real Docker engine: it comes up with exactly one
 * MASTER holding the VIP and one MAC answering ARP for it from the client;
 * dropping VRRP on the BACKUP (iptables in its network namespace) makes two
 * MASTERs and two MACs for the VIP, as the probes report; removing the block
 * brings one MASTER back; HTTP through the VIP is answered by the MASTER;
 * unicast adverts work too; stop removes everything. Times are printed.
 */
const docker = new Docker();

async function exec(containerId: string, cmd: string[]): Promise<string> {
  const ex = await docker.getContainer(containerId).exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    User: 'root',
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
  const { ExitCode } = await ex.inspect();
  if (ExitCode !== 0) throw new Error(`${cmd.join(' ')} exited ${ExitCode}: ${out}`);
  return out;
}

async function containersOfRun(runId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`dojo.run=${runId}`] } });
}

const node = (s: ProbeSample | undefined, name: string): NodeObservation | undefined =>
  s?.nodes.find((n) => n.node === name);

describe('keepalived lab on the real engine', () => {
  let engine: Engine;
  let runId: string;
  const phases: RunPhase[] = [];
  const samples: ProbeSample[] = [];
  const buildMessages: string[] = [];
  let phaseWaiters: (() => void)[] = [];

  const waitPhase = async (wanted: RunPhase): Promise<void> => {
    while (!phases.includes(wanted)) {
      if (phases.includes('failed'))
        throw new Error(`run failed: ${(await engine.getRun({ runId }))?.error}`);
      await new Promise<void>((r) => phaseWaiters.push(r));
    }
  };
  /** The first sample taken after `after` (ms since epoch) that matches. */
  const waitSample = async (
    pred: (s: ProbeSample) => boolean,
    timeoutMs: number,
    after = 0,
  ): Promise<ProbeSample> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const s = samples.find((x) => x.t > after && pred(x));
      if (s) return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `no matching sample within ${timeoutMs} ms; last: ${JSON.stringify(samples.at(-1))}`,
    );
  };
  const idOf = async (name: string): Promise<string> => {
    const c = (await containersOfRun(runId)).find((x) => x.Labels['dojo.node'] === name);
    if (!c) throw new Error(`no container for ${name}`);
    return c.Id;
  };
  const subnetOfRun = async (): Promise<string> => {
    const [net] = await docker.listNetworks({ filters: { label: [`dojo.run=${runId}`] } });
    return String((await docker.getNetwork(net?.Id ?? '').inspect()).IPAM?.Config?.[0]?.Subnet);
  };

  beforeAll(async () => {
    engine = await createEngine();
    const early: EngineEvent[] = [];
    const onRunEvent = (e: EngineEvent): void => {
      if (e.type !== 'run' || e.event.runId !== runId) return;
      if (e.event.kind === 'phase') {
        phases.push(e.event.phase);
        const w = phaseWaiters;
        phaseWaiters = [];
        w.forEach((f) => f());
      }
      if (e.event.kind === 'sample') samples.push(e.event.sample);
      if (e.event.kind === 'build') buildMessages.push(e.event.progress.message);
    };
    engine.onEvent((e: EngineEvent) => {
      if (!runId) early.push(e);
      else onRunEvent(e);
    });
    ({ runId } = await engine.startLab({ labId: 'keepalived' }));
    early.forEach(onRunEvent);
    await waitPhase('running');
    const readyAfterMs = (await engine.getRun({ runId }))?.readyAfterMs ?? NaN;
    const built = buildMessages.filter((m) => /^(built|using) /.test(m));
    console.log(`keepalived lab: ${built.join('; ')}`);
    console.log(`keepalived lab: start -> ready in ${(readyAfterMs / 1000).toFixed(2)} s`);
  });

  afterAll(async () => {
    await engine?.dispose();
  });

  it('comes up with exactly one MASTER holding the VIP, and one MAC for it seen from the client', async () => {
    expect(phases).toEqual(['preparing', 'building', 'starting', 'waiting-ready', 'running']);
    const snap = await engine.getRun({ runId });
    expect(snap?.readiness?.ready).toBe(true);
    expect(snap?.readiness?.conditions.map((c) => c.name)).toEqual([
      '2 routers answer',
      'exactly one MASTER, holding the VIP',
      'router-1 (highest priority) is MASTER',
      'BACKUP hears the MASTER',
      'client sees one MAC for the VIP: the MASTER',
      'client reaches the MASTER through the VIP',
    ]);
    // keepalived runs its notify script after it enters MASTER: the state file it
    // writes may trail the VRRP state by a sample or two after readiness (seen in CI).
    await expect
      .poll(() => node(samples.at(-1), 'router-1')?.notifyState, { timeout: 5000 })
      .toBe('MASTER');
    const s = samples.at(-1);
    expect(s?.mastersClaimed).toBe(1);
    expect(s?.unknownNodes).toBe(0);
    const r1 = node(s, 'router-1');
    const r2 = node(s, 'router-2');
    expect(r1).toMatchObject({
      kind: 'router',
      role: 'master',
      vrrpState: 'MASTER',
      notifyState: 'MASTER',
      vipHeld: true,
      vrrpPriority: 150,
    });
    expect(r2).toMatchObject({
      kind: 'router',
      role: 'replica',
      vrrpState: 'BACKUP',
      vipHeld: false,
      vrrpPriority: 100,
    });
    expect(r1?.advertsSent).toBeGreaterThan(0);
    expect(r2?.advertsReceived).toBeGreaterThan(0);
    expect(r1?.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(r1?.mac).not.toBe(r2?.mac);
    expect(node(s, 'client')).toMatchObject({
      kind: 'vip-client',
      role: 'client',
      vipArpMacs: [r1?.mac],
      vipArpNodes: ['router-1'],
      vipNeighbour: { mac: r1?.mac, node: 'router-1' },
      vipHttpResponder: 'router-1',
    });
  });

  it('tells the same story as ip addr, curl and arping inside the containers', async () => {
    const vip = hostIpInSubnet(await subnetOfRun(), VIP_HOST);
    expect(
      await exec(await idOf('router-1'), ['ip', '-4', 'addr', 'show', 'dev', 'eth0']),
    ).toContain(`inet ${vip}/24`);
    expect(
      await exec(await idOf('router-2'), ['ip', '-4', 'addr', 'show', 'dev', 'eth0']),
    ).not.toContain(vip);
    const client = await idOf('client');
    expect((await exec(client, ['curl', '-s', '--max-time', '2', `http://${vip}/`])).trim()).toBe(
      'router-1',
    );
    const arping = await exec(client, ['arping', '-i', 'eth0', '-c', '2', vip]);
    const macs = new Set(arping.match(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g));
    expect([...macs]).toEqual([node(samples.at(-1), 'router-1')?.mac]);
  });

  it('keeps the VIP outside the addresses Docker assigns, and grants only NET_ADMIN, NET_RAW, SETGID', async () => {
    const subnet = await subnetOfRun();
    const [net] = await docker.listNetworks({ filters: { label: [`dojo.run=${runId}`] } });
    const ipam = (await docker.getNetwork(net?.Id ?? '').inspect()).IPAM?.Config?.[0];
    const range = String(ipam?.IPRange);
    expect(range).toBe(subnet.replace('/24', '/25'));
    // The VIP's host number lies beyond the /25 Docker allocates from.
    expect(VIP_HOST).toBeGreaterThanOrEqual(128);
    for (const c of await containersOfRun(runId)) {
      const info = await docker.getContainer(c.Id).inspect();
      expect(info.HostConfig.CapDrop).toEqual(['ALL']);
      expect([...(info.HostConfig.CapAdd ?? [])].sort()).toEqual([
        'NET_ADMIN',
        'NET_RAW',
        'SETGID',
      ]);
      expect(info.HostConfig.Privileged).toBe(false);
      expect(c.Labels).toMatchObject({ 'dojo.app': 'failover-dojo', 'dojo.lab': 'keepalived' });
    }
  });

  it('reads one sample of the three nodes well within the probe timeout, without docker exec', async () => {
    const lab = keepalivedLab();
    const subnet = await subnetOfRun();
    const plan = lab.plan({ subnet, gateway: '', hostIp: (n) => hostIpInSubnet(subnet, n) });
    const nodes: RunningNode[] = await Promise.all(
      plan.nodes.map(async (p) => {
        const id = await idOf(p.name);
        const info = await docker.getContainer(id).inspect();
        const b = info.NetworkSettings.Ports['8080/tcp']?.[0];
        const hostPorts: Record<number, number> = {};
        if (b) hostPorts[8080] = Number(b.HostPort);
        return { plan: p, containerId: id, hostPorts };
      }),
    );
    const observer = lab.openObserver();
    try {
      observer.addNodes(nodes);
      const durations: number[] = [];
      let blips = 0;
      for (let i = 0; i < 20; i++) {
        const t = Date.now();
        const s = await observer.sample(DEFAULT_RUN_TIMINGS.probeTimeoutMs);
        durations.push(Date.now() - t);
        // A read past the probe timeout reads unknown: on a loaded machine one in 20 may.
        if (s.mastersClaimed !== 1 || s.nodes.some((n) => n.role === 'unknown')) blips++;
      }
      durations.sort((a, b) => a - b);
      console.log(
        `keepalived lab: one sample takes median ${durations[10]} ms, max ${durations[19]} ms; ${blips} of 20 with a node unread`,
      );
      expect(blips).toBeLessThan(2);
      expect(durations[10]).toBeLessThan(DEFAULT_RUN_TIMINGS.probeTimeoutMs);
      const health = await observer.finalHealth(1000);
      expect(health).toMatchObject({
        masters: ['router-1'],
        replicasCaughtUp: ['router-2'],
        coordinatorViews: { client: 'router-1' },
        coordinationOk: true,
      });
    } finally {
      await observer.close();
    }
  });

  it('dropping VRRP on the BACKUP makes two MASTERs and two MACs answer ARP for the VIP', async () => {
    const backup = await idOf('router-2');
    await exec(backup, ['iptables', '-A', 'INPUT', '-p', 'vrrp', '-j', 'DROP']);
    const blockedAt = Date.now();
    let split: ProbeSample;
    try {
      // With keepalived's JSON dump read (advert counters present), not the notify-state fallback.
      split = await waitSample(
        (s) => s.mastersClaimed === 2 && node(s, 'router-2')?.advertsSent !== undefined,
        10_000,
        blockedAt,
      );
      console.log(`keepalived lab: two MASTERs ${split.t - blockedAt} ms after the block`);
      const macsSplit = await waitSample(
        (s) => (node(s, 'client')?.vipArpMacs?.length ?? 0) === 2,
        5000,
        blockedAt,
      );
      console.log(
        `keepalived lab: two MACs for the VIP ${macsSplit.t - blockedAt} ms after the block`,
      );
      for (const r of ['router-1', 'router-2'])
        expect(node(split, r)).toMatchObject({
          role: 'master',
          vrrpState: 'MASTER',
          vipHeld: true,
        });
      const r1 = node(split, 'router-1');
      const r2 = node(split, 'router-2');
      expect(node(macsSplit, 'client')?.vipArpMacs).toEqual([r1?.mac, r2?.mac].sort());
      expect([...(node(macsSplit, 'client')?.vipArpNodes ?? [])].sort()).toEqual([
        'router-1',
        'router-2',
      ]);
      // The blocked router hears nothing; the other keeps receiving its adverts.
      expect(node(split, 'router-2')?.advertsSent).toBeGreaterThan(0);
      // HTTP through the VIP now lands on whichever MAC the client's neighbour entry holds: both answer.
      const both = await waitSample(
        () => {
          const seen = new Set(
            samples
              .filter((x) => x.t > macsSplit.t)
              .map((x) => node(x, 'client')?.vipHttpResponder),
          );
          return seen.has('router-1') && seen.has('router-2');
        },
        15_000,
        blockedAt,
      );
      expect(both).toBeDefined();
    } finally {
      await exec(backup, ['iptables', '-D', 'INPUT', '-p', 'vrrp', '-j', 'DROP']);
    }
    const unblockedAt = Date.now();
    const healed = await waitSample(
      (s) =>
        s.mastersClaimed === 1 &&
        node(s, 'router-1')?.role === 'master' &&
        node(s, 'router-2')?.vipHeld === false,
      10_000,
      unblockedAt,
    );
    console.log(`keepalived lab: one MASTER again ${healed.t - unblockedAt} ms after unblocking`);
    expect(node(healed, 'router-2')).toMatchObject({ role: 'replica', vrrpState: 'BACKUP' });
    const oneMac = await waitSample(
      (s) => node(s, 'client')?.vipArpMacs?.length === 1,
      5000,
      unblockedAt,
    );
    expect(node(oneMac, 'client')?.vipArpNodes).toEqual(['router-1']);
  });

  it('samples at least every 500 ms', () => {
    const recent = samples.slice(-40);
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

describe('keepalived lab with unicast adverts', () => {
  it('elects one MASTER over unicast, and splits when the BACKUP drops VRRP', async () => {
    const runId = `kaunicast${Date.now().toString(36)}`;
    const samples: ProbeSample[] = [];
    const history = new RunHistory(runId, (e) => {
      if (e.kind === 'sample') samples.push(e.sample);
    });
    const controller = new RunController(
      createDockerRuntime(),
      keepalivedLab({ transport: 'unicast' }),
      history,
      findLabImagesDir(),
    );
    try {
      await controller.start();
      expect(controller.currentPhase).toBe('running');
      const r2 = controller.runningNodes().find((n) => n.plan.name === 'router-2');
      const conf = await exec(r2?.containerId ?? '', ['cat', '/etc/dojo/keepalived.conf']);
      expect(conf).toContain('unicast_peer');
      const ready = samples.at(-1);
      expect(ready?.mastersClaimed).toBe(1);
      expect(node(ready, 'router-1')?.vrrpState).toBe('MASTER');
      expect(node(ready, 'router-2')?.advertsReceived).toBeGreaterThan(0);
      await exec(r2?.containerId ?? '', ['iptables', '-A', 'INPUT', '-p', 'vrrp', '-j', 'DROP']);
      const at = Date.now();
      const deadline = at + 10_000;
      while (!samples.some((s) => s.t > at && s.mastersClaimed === 2) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(samples.some((s) => s.t > at && s.mastersClaimed === 2)).toBe(true);
    } finally {
      await controller.stop();
    }
    expect(await containersOfRun(runId)).toEqual([]);
    expect(await docker.listNetworks({ filters: { label: [`dojo.run=${runId}`] } })).toEqual([]);
  });
});

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EngineUnreachableError,
  ExecTimeoutError,
  type ContainerEvent,
  type ContainerRuntime,
  type NetworkInfo,
} from './container-runtime';
import { resolveDockerConnection } from './docker-connection';
import { createDockerRuntime } from './docker-runtime';
import { ensureImage } from './images/image-pipeline';
import { runLabels } from './labels';
import { cidrsOverlap, hostInterfaceCidrs } from './subnet-picker';

/**
 * The Docker runtime against the real engine, checked the way a user would:
 * through the network, the published port, files and processes inside the
 * container, and the engine's own view. Everything carries dojo.run=<RUN>.
 */
const RUN = `rt-int-${Date.now().toString(36)}-${process.pid}`;
const LAB = 'runtime-int';
const labImagesDir = path.resolve(__dirname, '../../../lab-images');
const docker = new Docker(resolveDockerConnection().modemOptions);
const runtime: ContainerRuntime = createDockerRuntime();

let redisImage = '';
let netA: NetworkInfo;
let netB: NetworkInfo;
let redisId = '';
let redisIp = '';
let hostPort = 0;
const timings: Record<string, number> = {};

const sleeper = async (
  name: string,
  extra: Partial<Parameters<ContainerRuntime['createContainer']>[0]> = {},
): Promise<string> => {
  const id = await runtime.createContainer({
    name: `${RUN}-${name}`,
    image: redisImage,
    cmd: ['sleep', 'infinity'],
    labels: runLabels(RUN, LAB, name),
    ...extra,
  });
  await runtime.startContainer(id);
  return id;
};

async function until<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends a Redis inline command over TCP and returns the first reply line. */
function redisCommand(port: number, command: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no reply to ${command} within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('connect', () => sock.write(`${command}\r\n`));
    sock.on('data', (c) => {
      data += c.toString();
      if (data.includes('\r\n')) {
        clearTimeout(timer);
        sock.end();
        resolve(data.split('\r\n')[0] ?? '');
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

beforeAll(async () => {
  redisImage = await ensureImage(runtime, { name: 'redis', labImagesDir });
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
  const volumes = await docker.listVolumes({ filters: { label: [`dojo.run=${RUN}`] } });
  await Promise.all(
    (volumes.Volumes ?? []).map((v) =>
      docker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined),
    ),
  );
  const images = await docker.listImages({ filters: { label: [`dojo.run=${RUN}`] } });
  for (const img of images)
    await docker
      .getImage(img.Id)
      .remove({ force: true })
      .catch(() => undefined);
  console.log(`[runtime-int] timings: ${JSON.stringify(timings)}`);
});

describe('engine', () => {
  it('info() reports the engine version', async () => {
    const info = await runtime.info();
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    expect(Number(info.apiVersion)).toBeGreaterThanOrEqual(1.41);
    expect(info.os).toBe('linux');
    expect(runtime.endpoint).toMatch(/docker\.sock|tcp:\/\//);
  });

  it('an endpoint without an engine throws EngineUnreachableError saying where and how to start one', async () => {
    const rt = createDockerRuntime({
      connection: {
        modemOptions: { socketPath: '/nonexistent/docker.sock' },
        endpoint: 'unix:///nonexistent/docker.sock (test)',
        source: 'default',
      },
    });
    const err = await rt.info().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineUnreachableError);
    const e = err as EngineUnreachableError;
    expect(e.message).toMatch(
      /^No Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock \(test\): .*ENOENT/,
    );
    expect(e.howToStart.join('\n')).toContain('systemctl start docker');
    // other calls fail the same way
    await expect(rt.listContainers({})).rejects.toBeInstanceOf(EngineUnreachableError);
  });

  it('a malformed DOCKER_HOST does not throw at creation, only on use', async () => {
    const rt = createDockerRuntime({
      connection: resolveDockerConnection({ env: { DOCKER_HOST: 'tcp://bad host:x' } }),
    });
    await expect(rt.info()).rejects.toThrow(/No Docker engine answers at .*not a valid address/);
  });
});

describe('networks', () => {
  it('two networks get distinct /24s that overlap no Docker network and no host interface', async () => {
    const [a, b] = await Promise.all([
      runtime.createNetwork({ name: `${RUN}-a`, labels: runLabels(RUN, LAB) }),
      runtime.createNetwork({ name: `${RUN}-b`, labels: runLabels(RUN, LAB) }),
    ]);
    netA = a;
    netB = b;
    for (const n of [a, b]) {
      expect(n.subnet).toMatch(/^10\.\d+\.\d+\.0\/24$/);
      expect(n.gateway).toBe(n.subnet.replace(/0\/24$/, '1'));
    }
    expect(a.subnet).not.toBe(b.subnet);

    const all = await docker.listNetworks();
    for (const n of [a, b]) {
      const inspected = all.find((x) => x.Id === n.id);
      expect(inspected?.IPAM?.Config?.[0]?.Subnet).toBe(n.subnet);
      expect(inspected?.IPAM?.Config?.[0]?.Gateway).toBe(n.gateway);
      for (const other of all) {
        if (other.Id === n.id) continue;
        for (const cfg of other.IPAM?.Config ?? []) {
          expect(
            cidrsOverlap(n.subnet, cfg.Subnet ?? ''),
            `${n.subnet} vs ${other.Name} ${cfg.Subnet}`,
          ).toBe(false);
        }
      }
    }
    // Interfaces before the bridges existed: the new bridges themselves now show up as host interfaces.
    const bridges = new Set([a.subnet, b.subnet]);
    for (const c of hostInterfaceCidrs(os.networkInterfaces()).filter((c) => !bridges.has(c))) {
      expect(cidrsOverlap(a.subnet, c)).toBe(false);
      expect(cidrsOverlap(b.subnet, c)).toBe(false);
    }
    const listed = await runtime.listNetworks({ 'dojo.run': RUN });
    expect(listed.map((n) => n.name).sort()).toEqual([`${RUN}-a`, `${RUN}-b`]);
    expect(listed.find((n) => n.id === a.id)?.labels['dojo.lab']).toBe(LAB);
  });

  it('retries with another subnet when the engine reports "Pool overlaps" (a race with another creator)', async () => {
    // Another creator took the subnet we are about to pick, but our listing predates it.
    const rival = await runtime.createNetwork({
      name: `${RUN}-rival`,
      labels: runLabels(RUN, LAB),
    });
    const stale = new Docker(resolveDockerConnection().modemOptions);
    const realList = stale.listNetworks.bind(stale);
    stale.listNetworks = (async (opts?: Docker.NetworkListOptions) =>
      (await realList(opts)).filter((n) => n.Id !== rival.id)) as typeof stale.listNetworks;
    const realCreate = stale.createNetwork.bind(stale);
    const attempts: string[] = [];
    stale.createNetwork = (async (opts: Docker.NetworkCreateOptions) => {
      attempts.push(opts.IPAM?.Config?.[0]?.Subnet ?? '');
      return realCreate(opts);
    }) as typeof stale.createNetwork;
    // ...and the rival's bridge address is not seen on the host yet either.
    const interfaces = vi.spyOn(os, 'networkInterfaces').mockReturnValue({
      lo: [
        {
          address: '127.0.0.1',
          netmask: '255.0.0.0',
          family: 'IPv4',
          mac: '00:00:00:00:00:00',
          internal: true,
          cidr: '127.0.0.1/8',
        },
      ],
    });
    const racing = createDockerRuntime({ docker: stale });
    try {
      const n = await racing.createNetwork({
        name: `${RUN}-racer`,
        labels: runLabels(RUN, LAB),
        preferredSubnets: [rival.subnet],
      });
      expect(attempts[0]).toBe(rival.subnet); // refused by the engine with "Pool overlaps"
      // One retry here; more when other labs on the machine create networks at the same moment
      // (integration files run side by side): each refused pick is another "Pool overlaps".
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(attempts.at(-1)).toBe(n.subnet);
      expect(n.subnet).not.toBe(rival.subnet);
      expect(cidrsOverlap(n.subnet, rival.subnet)).toBe(false);
    } finally {
      interfaces.mockRestore();
      await runtime.removeNetwork(`${RUN}-racer`).catch(() => undefined);
      await runtime.removeNetwork(rival.id);
    }
  });

  it('a preferred subnet is used when free', async () => {
    const taken = new Set(
      (await docker.listNetworks()).flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet)),
    );
    let preferred = '';
    for (let i = 200; i < 250 && !preferred; i++)
      if (!taken.has(`10.212.${i}.0/24`)) preferred = `10.212.${i}.0/24`;
    const n = await runtime.createNetwork({
      name: `${RUN}-pref`,
      labels: runLabels(RUN, LAB),
      preferredSubnets: [preferred],
    });
    expect(n.subnet).toBe(preferred);
    await runtime.removeNetwork(n.id);
    await runtime.removeNetwork(n.id); // already gone: no error
    expect((await runtime.listNetworks({ 'dojo.run': RUN })).map((x) => x.name)).not.toContain(
      `${RUN}-pref`,
    );
  });
});

describe('removing a network with containers still on it', () => {
  it("detaches the app's own containers and removes it; a foreign container is never touched and keeps the network", async () => {
    const ours = await runtime.createNetwork({ name: `${RUN}-busy`, labels: runLabels(RUN, LAB) });
    const own = await sleeper('on-busy', { network: { name: ours.name } });
    // Docker refuses: "has active endpoints". The runtime detaches its own container and retries.
    await runtime.removeNetwork(ours.id);
    expect((await runtime.listNetworks({ 'dojo.run': RUN })).map((n) => n.id)).not.toContain(
      ours.id,
    );
    expect((await docker.getContainer(own).inspect()).State.Running).toBe(true);

    const kept = await runtime.createNetwork({ name: `${RUN}-kept`, labels: runLabels(RUN, LAB) });
    const foreign = await docker.createContainer({
      name: `${RUN}-foreign`,
      Image: redisImage,
      Cmd: ['sleep', 'infinity'],
      HostConfig: { NetworkMode: kept.name },
    });
    try {
      await foreign.start();
      await expect(runtime.removeNetwork(kept.id)).rejects.toThrow(/active endpoints/);
      const info = await foreign.inspect();
      expect(info.State.Running).toBe(true);
      expect(Object.keys(info.NetworkSettings.Networks)).toContain(kept.name);
    } finally {
      await foreign.remove({ force: true });
      await runtime.removeNetwork(kept.id);
    }
  });
});

describe('a Redis container with labels, fixed IP, loopback port and files', () => {
  it('starts with its files in place, on its fixed IP, answering on the published loopback port', async () => {
    redisIp = netA.gateway.replace(/\.1$/, '.10');
    const t0 = Date.now();
    redisId = await runtime.createContainer({
      name: `${RUN}-redis`,
      image: redisImage,
      cmd: ['redis-server', '/etc/dojo/redis.conf'],
      labels: runLabels(RUN, LAB, 'redis-1'),
      hostname: 'redis-1',
      network: { name: netA.name, ipv4: redisIp, aliases: ['redis-1'] },
      publishLoopback: [6379],
      capAdd: ['NET_ADMIN'],
      memoryBytes: 128 * 1024 * 1024,
      init: true,
      env: { DOJO_NODE: 'redis-1' },
    });
    await runtime.putFiles(redisId, [
      {
        path: '/etc/dojo/redis.conf',
        content: 'port 6379\nbind 0.0.0.0\nprotected-mode no\nsave ""\nappendonly no\n',
        mode: 0o666,
      },
      {
        path: '/etc/dojo/notes/secret.txt',
        content: 'only redis reads this ✓\n',
        mode: 0o600,
        uid: 999,
        gid: 999,
      },
    ]);
    await runtime.startContainer(redisId);
    await runtime.startContainer(redisId); // already started: no error
    timings.createPutStartMs = Date.now() - t0;

    const info = await runtime.inspectContainer(redisId);
    expect(info.name).toBe(`${RUN}-redis`);
    expect(info.state).toBe('running');
    expect(info.image).toBe(redisImage);
    expect(info.labels['dojo.node']).toBe('redis-1');
    expect(info.ips[netA.name]).toBe(redisIp);
    expect(info.pid).toBeGreaterThan(0);
    hostPort = info.ports[6379] ?? 0;
    expect(hostPort).toBeGreaterThan(0);

    const raw = await docker.getContainer(redisId).inspect();
    expect(raw.HostConfig.PortBindings?.['6379/tcp']?.[0]?.HostIp).toBe('127.0.0.1');
    expect(raw.HostConfig.CapAdd).toContain('NET_ADMIN');
    expect(raw.HostConfig.Memory).toBe(128 * 1024 * 1024);
    expect(raw.HostConfig.Init).toBe(true);
    expect(raw.Config.Env).toContain('DOJO_NODE=redis-1');

    const reply = await until('redis PONG on the loopback port', () =>
      redisCommand(hostPort, 'PING').catch(() => undefined),
    );
    timings.createToPongMs = Date.now() - t0;
    expect(reply).toBe('+PONG');
    expect(await redisCommand(hostPort, 'CONFIG GET save')).toBe('*2');
  });

  it('putFiles content, modes and owners are what exec sees', async () => {
    const cat = await runtime.exec(redisId, ['cat', '/etc/dojo/notes/secret.txt']);
    expect(cat).toEqual({ exitCode: 0, stdout: 'only redis reads this ✓\n', stderr: '' });
    const stat = await runtime.exec(redisId, [
      'stat',
      '-c',
      '%a %u %g %n',
      '/etc/dojo/notes/secret.txt',
      '/etc/dojo/redis.conf',
      '/etc',
    ]);
    expect(stat.stdout.trim().split('\n')).toEqual([
      '600 999 999 /etc/dojo/notes/secret.txt',
      '666 0 0 /etc/dojo/redis.conf',
      '755 0 0 /etc',
    ]);
    // the running container can be given more files
    await runtime.putFiles(redisId, [{ path: '/tmp/later.txt', content: 'later' }]);
    expect((await runtime.exec(redisId, ['cat', '/tmp/later.txt'])).stdout).toBe('later');
  });

  it('exec separates stdout from stderr and returns the exit code', async () => {
    const t0 = Date.now();
    const r = await runtime.exec(redisId, [
      'sh',
      '-c',
      'echo out; echo err >&2; echo out2; exit 3',
    ]);
    timings.execMs = Date.now() - t0;
    expect(r).toEqual({ exitCode: 3, stdout: 'out\nout2\n', stderr: 'err\n' });
    const big = await runtime.exec(redisId, ['sh', '-c', 'seq 1 20000; seq 1 5000 >&2']);
    expect(big.stdout.split('\n')).toHaveLength(20001);
    expect(big.stderr.split('\n')).toHaveLength(5001);
    const missing = await runtime.exec(redisId, ['sh', '-c', 'no-such-command']);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toMatch(/not found/);
  });

  it('exec passes stdin, user, env and workdir', async () => {
    const r = await runtime.exec(redisId, ['sh', '-c', 'cat; echo "$FOO $(id -un) $(pwd)"'], {
      stdin: 'from stdin\n',
      user: 'redis',
      env: { FOO: 'bar' },
      workdir: '/tmp',
    });
    expect(r).toEqual({ exitCode: 0, stdout: 'from stdin\nbar redis /tmp\n', stderr: '' });
    const cli = await runtime.exec(redisId, ['redis-cli', 'PING']);
    expect(cli.stdout.trim()).toBe('PONG');
  });

  it('exec gives up after timeoutMs with ExecTimeoutError', async () => {
    const t0 = Date.now();
    const err = await runtime
      .exec(redisId, ['sleep', '10'], { timeoutMs: 400 })
      .catch((e: unknown) => e);
    const took = Date.now() - t0;
    expect(err).toBeInstanceOf(ExecTimeoutError);
    expect((err as ExecTimeoutError).message).toBe('exec timed out after 400 ms: sleep 10');
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(1500);
    await runtime.exec(redisId, ['pkill', '-f', 'sleep 10']);
  });

  it('pause freezes the node: a running exec hangs into a timeout, new execs are refused, unpause recovers', async () => {
    const mark = `/tmp/dojo-hang-${Date.now()}`;
    const hanging = runtime.exec(redisId, ['sh', '-c', `touch ${mark}; sleep 3; echo finished`], {
      timeoutMs: 4000,
    });
    hanging.catch(() => undefined);
    // Pause once the exec runs (its create and start can take a while on a loaded engine).
    for (let i = 0; (await runtime.exec(redisId, ['test', '-e', mark])).exitCode !== 0; i++) {
      if (i > 60) throw new Error('the exec did not start within 3 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    await runtime.pauseContainer(redisId);
    await runtime.pauseContainer(redisId); // already paused: no error
    expect((await runtime.inspectContainer(redisId)).state).toBe('paused');
    await expect(hanging).rejects.toBeInstanceOf(ExecTimeoutError);
    // Docker refuses to create an exec in a paused container (HTTP 409) at once.
    const t0 = Date.now();
    await expect(runtime.exec(redisId, ['true'], { timeoutMs: 2000 })).rejects.toThrow(/paused/);
    expect(Date.now() - t0).toBeLessThan(1000);
    // The published port accepts TCP (docker-proxy) but Redis does not answer.
    await expect(redisCommand(hostPort, 'PING', 700)).rejects.toThrow(/no reply/);

    await runtime.unpauseContainer(redisId);
    await runtime.unpauseContainer(redisId); // not paused: no error
    expect((await runtime.inspectContainer(redisId)).state).toBe('running');
    expect(await runtime.exec(redisId, ['echo', 'ok'], { timeoutMs: 5000 })).toEqual({
      exitCode: 0,
      stdout: 'ok\n',
      stderr: '',
    });
    expect(await redisCommand(hostPort, 'PING')).toBe('+PONG');
  });

  it('execTty runs an interactive shell with a terminal and reports its exit code', async () => {
    const tty = await runtime.execTty(redisId, ['sh'], { cols: 100, rows: 30 });
    let screen = '';
    tty.stream.on('data', (c: Buffer) => {
      screen += c.toString();
    });
    tty.stream.write('stty size; echo "term=$TERM"; exit 7\n');
    const code = await tty.exited;
    expect(code).toBe(7);
    expect(screen).toContain('30 100');
    expect(screen).toContain('term=xterm-256color');
    await tty.resize(80, 24); // after exit: harmless
  });

  it('logs returns the container output as lines', async () => {
    const lines = await collect(await runtime.logs(redisId));
    expect(lines.some((l) => l.includes('Ready to accept connections'))).toBe(true);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);

    const id = await sleeper('logger', {
      cmd: ['sh', '-c', 'echo one; echo two >&2; echo three; sleep infinity'],
    });
    await until('three log lines', async () =>
      (await collect(await runtime.logs(id))).length >= 3 ? true : undefined,
    );
    expect((await collect(await runtime.logs(id))).sort()).toEqual(['one', 'three', 'two']);
    expect(await collect(await runtime.logs(id, { tail: 1 }))).toHaveLength(1);
    expect(await collect(await runtime.logs(id, { sinceMs: Date.now() + 60_000 }))).toEqual([]);

    // follow: lines arrive as they are written; destroying the stream ends it
    const follow = await runtime.logs(id, { follow: true, tail: 0 });
    const got: string[] = [];
    follow.on('data', (l: string) => got.push(l));
    await runtime.exec(id, ['sh', '-c', 'echo live-line > /proc/1/fd/1']);
    await until('followed line', () => (got.includes('live-line') ? true : undefined));
    follow.destroy();
    await runtime.removeContainer(id);
  });
});

describe('events', () => {
  it('reports start, pause, unpause and die (with exit code) for the run, and stops after unsubscribe', async () => {
    const events: ContainerEvent[] = [];
    const unsubscribe = await runtime.onContainerEvents({ 'dojo.run': RUN }, (e) => events.push(e));
    const foreign: ContainerEvent[] = [];
    const unsubscribeOther = await runtime.onContainerEvents({ 'dojo.run': `${RUN}-other` }, (e) =>
      foreign.push(e),
    );
    try {
      const id = await sleeper('evented', { init: true });
      await runtime.pauseContainer(id);
      await runtime.unpauseContainer(id);
      await runtime.killContainer(id, 'SIGKILL');
      const die = await until('die event', () =>
        events.find((e) => e.containerId === id && e.action === 'die'),
      );
      const actions = events.filter((e) => e.containerId === id).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['create', 'start', 'pause', 'unpause', 'kill', 'die']),
      );
      expect(actions.indexOf('start')).toBeLessThan(actions.indexOf('pause'));
      expect(actions.indexOf('pause')).toBeLessThan(actions.indexOf('unpause'));
      expect(die.exitCode).toBe(137);
      expect(die.labels['dojo.run']).toBe(RUN);
      expect(die.labels['dojo.node']).toBe('evented');
      expect(die.labels['name']).toBeUndefined();
      expect(Math.abs(die.t - Date.now())).toBeLessThan(10_000);
      expect(foreign).toEqual([]);

      unsubscribe();
      const before = events.length;
      await runtime.removeContainer(id);
      await new Promise((r) => setTimeout(r, 300));
      expect(events.length).toBe(before);
    } finally {
      unsubscribe();
      unsubscribeOther();
    }
  });
});

describe('stop, kill, remove, listings', () => {
  it('stop honours the grace period, then kills', async () => {
    // sleep as PID 1 ignores SIGTERM: stop must fall back to SIGKILL after the grace period
    const id = await sleeper('stubborn', { init: false });
    const t0 = Date.now();
    await runtime.stopContainer(id, 1);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
    expect((await runtime.inspectContainer(id)).state).toBe('exited');
    await runtime.stopContainer(id, 1); // already stopped: no error
    expect((await runtime.inspectContainer(id)).ports).toEqual({});
  });

  it('listContainers scopes by all labels; removeContainer removes and tolerates missing', async () => {
    const all = await runtime.listContainers({ 'dojo.run': RUN });
    expect(all.map((c) => c.name)).toEqual(
      expect.arrayContaining([`${RUN}-redis`, `${RUN}-stubborn`]),
    );
    const redisOnly = await runtime.listContainers({ 'dojo.run': RUN, 'dojo.node': 'redis-1' });
    expect(redisOnly.map((c) => c.id)).toEqual([redisId]);
    expect(redisOnly[0]?.ports[6379]).toBe(hostPort);
    expect(redisOnly[0]?.ips[netA.name]).toBe(redisIp);
    expect(await runtime.listContainers({ 'dojo.run': `${RUN}-nothing` })).toEqual([]);

    const stubborn = all.find((c) => c.name === `${RUN}-stubborn`);
    await runtime.removeContainer(stubborn?.id ?? '');
    await runtime.removeContainer(stubborn?.id ?? '');
    await expect(docker.getContainer(stubborn?.id ?? '').inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('listVolumes / removeVolume are label-scoped', async () => {
    await docker.createVolume({ Name: `${RUN}-vol`, Labels: runLabels(RUN, LAB) });
    await docker.createVolume({ Name: `${RUN}-foreign-vol`, Labels: { 'dojo.run': RUN } }); // no dojo.app
    const vols = await runtime.listVolumes({ 'dojo.run': RUN });
    expect(vols.map((v) => v.name)).toEqual([`${RUN}-vol`]);
    await runtime.removeVolume(`${RUN}-vol`);
    await runtime.removeVolume(`${RUN}-vol`);
    expect(await runtime.listVolumes({ 'dojo.run': RUN })).toEqual([]);
    await docker.getVolume(`${RUN}-foreign-vol`).remove();
  });

  it("a network with the app's own container attached is removed after detaching it; the container stays", async () => {
    await runtime.removeNetwork(netA.id);
    expect((await runtime.inspectContainer(redisId)).state).toBe('running');
    expect(
      (await docker.getContainer(redisId).inspect()).NetworkSettings.Networks[netA.name],
    ).toBeUndefined();
    await runtime.removeContainer(redisId);
    await runtime.removeNetwork(netA.id);
    await runtime.removeNetwork(netB.id);
    expect(await runtime.listNetworks({ 'dojo.run': RUN })).toEqual([]);
  });
});

describe('images', () => {
  it('imageExists / pullImage without a registry', async () => {
    expect(await runtime.imageExists(redisImage)).toBe(true);
    expect(await runtime.imageExists(`failover-dojo/none:${RUN}`)).toBe(false);
    const messages: string[] = [];
    const t0 = Date.now();
    // Not reachable here (no registry); on a connected machine this image would not exist.
    expect(
      await runtime.pullImage(`localhost:1/dojo-nothing:${RUN}`, (m) => messages.push(m)),
    ).toBe(false);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(messages.join('\n')).toMatch(/pull failed/);
  });

  it('buildImage applies every tag, the labels and build args, and reports steps', async () => {
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-build-'));
    try {
      fs.writeFileSync(
        path.join(ctx, 'Dockerfile'),
        'ARG BASE\nFROM ${BASE}\nARG GREETING\nCOPY hello.txt /hello.txt\nRUN echo "$GREETING" >> /hello.txt\n',
      );
      fs.writeFileSync(path.join(ctx, 'hello.txt'), 'hello\n');
      const tags = [`failover-dojo/rt-int-test:${RUN}-a`, `failover-dojo/rt-int-test:${RUN}-b`];
      const steps: { step: number; totalSteps: number; message: string }[] = [];
      await runtime.buildImage(
        {
          contextDir: ctx,
          tags,
          buildArgs: { BASE: redisImage, GREETING: 'hi there' },
          labels: { 'dojo.run': RUN, 'dojo.test': 'build' },
        },
        (p) => steps.push(p),
      );
      for (const t of tags) expect(await runtime.imageExists(t)).toBe(true);
      const img = await docker.getImage(tags[1] ?? '').inspect();
      expect(img.Config.Labels?.['dojo.run']).toBe(RUN);
      // dockerd's classic builder adds one `LABEL` step per API label after the Dockerfile's 5 steps.
      const stepHeaders = steps.filter((s) => s.message.startsWith('Step '));
      expect(stepHeaders.map((s) => `${s.step}/${s.totalSteps}`)).toEqual([
        '1/7',
        '2/7',
        '3/7',
        '4/7',
        '5/7',
        '6/7',
        '7/7',
      ]);
      expect(stepHeaders[3]?.message).toBe('Step 4/7 : COPY hello.txt /hello.txt');
      expect(stepHeaders[5]?.message).toMatch(/^Step 6\/7 : LABEL dojo\.(run|test)=/);
      const id = await sleeper('built', { image: tags[0] ?? '' });
      expect((await runtime.exec(id, ['cat', '/hello.txt'])).stdout).toBe('hello\nhi there\n');
      await runtime.removeContainer(id);
    } finally {
      fs.rmSync(ctx, { recursive: true, force: true });
    }
  });

  it('a failing build throws with the failure and the last log lines', async () => {
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-build-'));
    try {
      fs.writeFileSync(
        path.join(ctx, 'Dockerfile'),
        `FROM ${redisImage}\nRUN echo "about to fail"; echo "oh no" >&2; exit 3\n`,
      );
      const err = await runtime
        .buildImage({
          contextDir: ctx,
          tags: [`failover-dojo/rt-int-test:${RUN}-broken`],
          labels: { 'dojo.run': RUN },
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      const msg = (err as Error).message;
      expect(msg).toMatch(/returned a non-zero code: 3/);
      expect(msg).toContain('about to fail');
      expect(msg).toContain('oh no');
      expect(msg).toContain('--- last');
      expect(await runtime.imageExists(`failover-dojo/rt-int-test:${RUN}-broken`)).toBe(false);
    } finally {
      fs.rmSync(ctx, { recursive: true, force: true });
    }
  });
});

async function collect(stream: NodeJS.ReadableStream): Promise<string[]> {
  const out: string[] = [];
  for await (const line of stream) out.push(String(line));
  return out;
}

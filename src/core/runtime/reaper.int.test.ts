import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDockerConnection } from './docker-connection';
import { createDockerRuntime } from './docker-runtime';
import { ensureImage } from './images/image-pipeline';
import { LABEL, runLabels } from './labels';
import { linuxProcessStartMs, reapOrphans } from './reaper';
import { createEngine } from '../engine';

/**
 * The reaper on the real engine: resources whose owner process is dead go
 * (containers, networks, volumes); a live owner's resources and anything
 * without dojo.app=failover-dojo stay, even when it carries a dead owner label.
 */
const RUN = `reap-int-${Date.now().toString(36)}-${process.pid}`;
const labImagesDir = path.resolve(__dirname, '../../../lab-images');
const docker = new Docker(resolveDockerConnection().modemOptions);
const runtime = createDockerRuntime();

afterAll(async () => {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`dojo.test-run=${RUN}`] },
  });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
  const networks = await docker.listNetworks({ filters: { label: [`dojo.test-run=${RUN}`] } });
  await Promise.all(
    networks.map((n) =>
      docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined),
    ),
  );
  const volumes = await docker.listVolumes({ filters: { label: [`dojo.test-run=${RUN}`] } });
  await Promise.all(
    (volumes.Volumes ?? []).map((v) =>
      docker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined),
    ),
  );
});

/**
 * An owner label for a process of this host that runs while the test plants its resources and
 * is killed when `die()` is called. Planting under a live owner matters when other engines run
 * on the machine (integration files side by side, a served UI): their start-up reapers would
 * otherwise remove a dead owner's network between its creation and the first container on it.
 */
async function ownerThatWillDie(): Promise<{ owner: string; die: () => Promise<void> }> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  const pid = child.pid;
  if (!pid) throw new Error('could not spawn');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let startMs = linuxProcessStartMs(pid);
  for (let i = 0; startMs === undefined && i < 50; i++) {
    await new Promise((r) => setTimeout(r, 10));
    startMs = linuxProcessStartMs(pid);
  }
  return {
    owner: `${os.hostname()}:${pid}:${Math.round(startMs ?? Date.now())}`,
    die: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('reapOrphans on the real engine', () => {
  it('removes a dead owner’s container, network and volume; spares a live owner and an unlabelled decoy', async () => {
    const image = await ensureImage(runtime, { name: 'redis', labImagesDir });
    const { owner: deadOwner, die } = await ownerThatWillDie();
    const dead = {
      ...runLabels(`${RUN}-dead`, 'reaper-int'),
      [LABEL.owner]: deadOwner,
      'dojo.test-run': RUN,
    };
    const live = { ...runLabels(`${RUN}-live`, 'reaper-int'), 'dojo.test-run': RUN }; // owner = this process

    const deadNet = await runtime.createNetwork({ name: `${RUN}-dead`, labels: dead });
    const liveNet = await runtime.createNetwork({ name: `${RUN}-live`, labels: live });
    const make = async (
      name: string,
      labels: Record<string, string>,
      network: string,
    ): Promise<string> => {
      const id = await runtime.createContainer({
        name: `${RUN}-${name}`,
        image,
        cmd: ['sleep', 'infinity'],
        labels,
        network: { name: network },
        init: true,
      });
      await runtime.startContainer(id);
      return id;
    };
    const deadC = await make('dead', dead, deadNet.name);
    const liveC = await make('live', live, liveNet.name);
    // Decoys: (1) a user's `docker run` of our image that says dojo.app=failover-dojo but has no
    // owner or run labels (as images built before the built-by label did pass on); (2) a foreign
    // container claiming a dead owner but another app.
    const decoy = await docker.createContainer({
      name: `${RUN}-decoy`,
      Image: image,
      Cmd: ['sleep', 'infinity'],
      Labels: { 'dojo.test-run': RUN, [LABEL.app]: 'failover-dojo' },
      HostConfig: { Init: true },
    });
    await decoy.start();
    // Our images themselves do not pass dojo.app on to containers run from them.
    expect((await docker.getImage(image).inspect()).Config.Labels?.[LABEL.app]).toBeUndefined();
    const decoyLabels: Record<string, string> = { ...dead, [LABEL.app]: 'someone-else' };
    const foreign = await docker.createContainer({
      name: `${RUN}-foreign`,
      Image: image,
      Cmd: ['sleep', 'infinity'],
      Labels: decoyLabels,
      HostConfig: { Init: true },
    });
    await foreign.start();
    await docker.createVolume({ Name: `${RUN}-dead-vol`, Labels: dead });
    await docker.createVolume({ Name: `${RUN}-decoy-vol`, Labels: decoyLabels });

    await die();
    const result = await reapOrphans(runtime);

    const exists = async (fn: () => Promise<unknown>): Promise<boolean> =>
      fn().then(
        () => true,
        (e: { statusCode?: number }) => {
          if (e.statusCode === 404) return false;
          throw e;
        },
      );
    // Another engine's reaper may have got there first; what matters is that they are gone.
    expect(await exists(() => docker.getContainer(deadC).inspect())).toBe(false);
    expect(await exists(() => docker.getNetwork(deadNet.id).inspect())).toBe(false);
    expect(await exists(() => docker.getVolume(`${RUN}-dead-vol`).inspect())).toBe(false);
    expect(result.errors.filter((e) => e.includes(RUN))).toEqual([]);

    expect((await docker.getContainer(liveC).inspect()).State.Running).toBe(true);
    expect(await exists(() => docker.getNetwork(liveNet.id).inspect())).toBe(true);
    expect((await decoy.inspect()).State.Running).toBe(true);
    expect((await foreign.inspect()).State.Running).toBe(true);
    expect(await exists(() => docker.getVolume(`${RUN}-decoy-vol`).inspect())).toBe(true);
    for (const id of result.containers) expect(id).not.toBe(liveC);
    expect(result.containers).not.toContain(decoy.id);
    expect(result.containers).not.toContain(foreign.id);

    // activeRunIds protects a run even when its owner label says dead
    const protectedNet = await runtime.createNetwork({
      name: `${RUN}-protected`,
      labels: { ...dead, [LABEL.run]: `${RUN}-protected` },
    });
    await reapOrphans(runtime, {
      activeRunIds: new Set([`${RUN}-protected`]),
      isOwnerAlive: (o) => o !== deadOwner,
    });
    expect(await exists(() => docker.getNetwork(protectedNet.id).inspect())).toBe(true);
  });
});

describe('a short command after a crash', () => {
  it('does not exit before the reaper has removed what a killed run left (containers and network, in one go)', async () => {
    const image = await ensureImage(runtime, { name: 'redis', labImagesDir });
    const { owner, die } = await ownerThatWillDie();
    const killed = {
      ...runLabels(`${RUN}-killed`, 'reaper-int'),
      [LABEL.owner]: owner,
      'dojo.test-run': RUN,
    };
    const net = await runtime.createNetwork({ name: `${RUN}-killed`, labels: killed });
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const id = await runtime.createContainer({
        name: `${RUN}-killed-${i}`,
        image,
        cmd: ['sleep', 'infinity'],
        labels: killed,
        network: { name: net.name },
        init: true,
      });
      await runtime.startContainer(id);
      ids.push(id);
    }
    await die();
    // What `npm run scenario -- list` does: start the engine, answer, dispose at once.
    const engine = await createEngine({ dataDir: os.tmpdir() });
    await engine.dispose();
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL.run}=${RUN}-killed`] },
    });
    expect(left.map((c) => c.Names[0])).toEqual([]);
    const nets = await docker.listNetworks({ filters: { label: [`${LABEL.run}=${RUN}-killed`] } });
    expect(nets.map((n) => n.Name)).toEqual([]);
  });
});

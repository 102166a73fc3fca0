import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { BuildProgress } from '../../../shared/lab-types';
import type { ContainerRuntime } from '../container-runtime';
import { resolveDockerConnection } from '../docker-connection';
import { createDockerRuntime } from '../docker-runtime';
import { runLabels } from '../labels';
import { ensureImage } from './image-pipeline';

/**
 * The image pipeline on the real engine: the lab's redis image is built once
 * (concurrent callers share the build), reused by hash afterwards, and holds
 * what the labs need (Redis/Sentinel 7.0, iptables, ip).
 */
const RUN = `img-int-${Date.now().toString(36)}-${process.pid}`;
const labImagesDir = path.resolve(__dirname, '../../../../lab-images');
const docker = new Docker(resolveDockerConnection().modemOptions);
const runtime = createDockerRuntime();
const tempDirs: string[] = [];
const extraImages: string[] = [];
const timings: Record<string, number | string> = {};

/** The runtime with buildImage calls counted. */
function counting(rt: ContainerRuntime): { rt: ContainerRuntime; builds: () => number } {
  let builds = 0;
  const wrapped = Object.create(rt) as ContainerRuntime;
  wrapped.buildImage = (spec, onProgress) => {
    builds++;
    return rt.buildImage(spec, onProgress);
  };
  return { rt: wrapped, builds: () => builds };
}

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
  for (const ref of extraImages)
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => undefined);
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  console.log(`[image-pipeline-int] timings: ${JSON.stringify(timings)}`);
});

describe('ensureImage', () => {
  it('builds the redis image once for concurrent callers, then reuses it by hash', async () => {
    const { rt, builds } = counting(runtime);
    const progressA: BuildProgress[] = [];
    const progressB: BuildProgress[] = [];
    const t0 = Date.now();
    const [a, b] = await Promise.all([
      ensureImage(rt, { name: 'redis', labImagesDir }, (p) => progressA.push(p)),
      ensureImage(rt, { name: 'redis', labImagesDir }, (p) => progressB.push(p)),
    ]);
    const firstMs = Date.now() - t0;
    expect(a).toMatch(/^failover-dojo\/redis:[0-9a-f]{12}$/);
    expect(b).toBe(a);
    expect(builds()).toBeLessThanOrEqual(1);
    timings[builds() === 1 ? 'coldBuildMs' : 'firstCallCachedMs'] = firstMs;
    for (const progress of [progressA, progressB]) {
      expect(progress.find((p) => p.image === 'base')?.fraction).toBe(1);
      const last = progress.filter((p) => p.image === 'redis').at(-1);
      expect(last?.fraction).toBe(1);
      for (const p of progress) expect(p.fraction).toBeGreaterThanOrEqual(0);
    }
    if (builds() === 1) {
      const fractions = progressA.filter((p) => p.image === 'redis').map((p) => p.fraction);
      expect([...fractions].sort((x, y) => x - y)).toEqual(fractions); // never goes backwards
      expect(progressA.some((p) => /^Step \d+\/\d+ : RUN apt-get/.test(p.message))).toBe(true);
    }

    const t1 = Date.now();
    const progress: BuildProgress[] = [];
    const again = await ensureImage(rt, { name: 'redis', labImagesDir }, (p) => progress.push(p));
    timings.warmEnsureMs = Date.now() - t1;
    expect(again).toBe(a);
    expect(builds()).toBeLessThanOrEqual(1);
    expect(progress.filter((p) => p.image === 'redis')).toEqual([
      { image: 'redis', fraction: 1, message: `using ${a}`, cached: true },
    ]);

    const img = await docker.getImage(a).inspect();
    expect(img.Config.Labels).toMatchObject({
      'dojo.built-by': 'failover-dojo',
      'dojo.image': 'redis',
      'dojo.context-hash': a.split(':')[1],
    });
    timings.imageSizeMB = Math.round(img.Size / 1e6);
  });

  it('the redis image runs Redis and Sentinel 7.0 and has the fencing tools', async () => {
    const image = await ensureImage(runtime, { name: 'redis', labImagesDir });
    const id = await runtime.createContainer({
      name: `${RUN}-check`,
      image,
      cmd: ['sleep', 'infinity'],
      labels: runLabels(RUN, 'image-int', 'check'),
      capAdd: ['NET_ADMIN'],
      init: true,
    });
    await runtime.startContainer(id);
    const server = await runtime.exec(id, ['redis-server', '--version']);
    expect(server.stdout).toMatch(/^Redis server v=7\.0\.\d+/);
    const sentinel = await runtime.exec(id, ['redis-sentinel', '--version']);
    expect(sentinel.stdout).toMatch(/v=7\.0\.\d+/);
    expect((await runtime.exec(id, ['redis-cli', '--version'])).stdout).toMatch(
      /^redis-cli 7\.0\.\d+/,
    );
    expect((await runtime.exec(id, ['ip', '-brief', 'addr'])).exitCode).toBe(0);
    expect((await runtime.exec(id, ['ps', '-e'])).exitCode).toBe(0);
    const ipt = await runtime.exec(id, ['iptables', '-w', '-L', 'INPUT', '-n']);
    expect(ipt.stderr).toBe('');
    expect(ipt.exitCode).toBe(0);
    const writable = await runtime.exec(
      id,
      ['sh', '-c', 'touch /etc/dojo/x /var/lib/redis/x && echo ok'],
      { user: 'redis' },
    );
    expect(writable.stdout).toBe('ok\n');
    timings.iptablesVariant = (await runtime.exec(id, ['iptables', '--version'])).stdout.trim();
  });

  it('a changed context gets a new tag and is built', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-images-'));
    tempDirs.push(dir);
    fs.cpSync(path.join(labImagesDir, 'redis'), path.join(dir, 'redis'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'redis', 'run-id.txt'), RUN);
    const { rt, builds } = counting(runtime);
    const original = await ensureImage(rt, { name: 'redis', labImagesDir });
    const t0 = Date.now();
    const changed = await ensureImage(rt, { name: 'redis', labImagesDir: dir });
    extraImages.push(changed);
    timings.rebuildWithLayerCacheMs = Date.now() - t0;
    expect(changed).not.toBe(original);
    expect(builds()).toBe(1);
    expect(await runtime.imageExists(changed)).toBe(true);
  });

  it('names the folder when an image has no Dockerfile', async () => {
    await expect(ensureImage(runtime, { name: 'no-such-image', labImagesDir })).rejects.toThrow(
      /no Dockerfile for image "no-such-image"/,
    );
  });
});

/**
 * `npm run bench`: speed and memory figures for the Redis Sentinel lab,
 * printed, never asserted.
 *
 *   - image build, cold (the app's redis image removed first) and warm (no rebuild);
 *   - time from "start" to ready (median of N runs, warm images);
 *   - time to stop (all containers and the network gone);
 *   - the engine process's peak memory (RSS) and heap.
 *
 * Options: --runs N (default 3), --skip-cold (keep the built image).
 * Reference: about 3.6 s from the first `docker run` to a healthy cluster by
 * hand on these machines; the goal is within 1.3x of that with warm images.
 */
import Docker from 'dockerode';
import { createEngine } from '../src/core';
import { createDockerRuntime } from '../src/core/runtime/docker-runtime';
import { ensureImage } from '../src/core/runtime/images/image-pipeline';
import { findLabImagesDir } from '../src/core/paths';
import type { RunPhase } from '../src/shared/lab-types';

const HAND_RUN_FLOOR_S = 3.6;
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
const skipCold = args.includes('--skip-cold');

let peakRss = 0;
const memTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function timeImage(): Promise<{ cold?: number; warm: number }> {
  const runtime = createDockerRuntime();
  const labImagesDir = findLabImagesDir();
  let cold: number | undefined;
  if (!skipCold) {
    // Only images the app built (label dojo.image=redis) are removed.
    const docker = new Docker();
    const mine = await docker.listImages({
      filters: { label: ['dojo.built-by=failover-dojo', 'dojo.image=redis'] },
    });
    for (const img of mine) await docker.getImage(img.Id).remove({ force: true });
    const t0 = Date.now();
    await ensureImage(runtime, { name: 'redis', labImagesDir }, () => undefined);
    cold = Date.now() - t0;
  }
  const t1 = Date.now();
  await ensureImage(runtime, { name: 'redis', labImagesDir }, () => undefined);
  return { cold, warm: Date.now() - t1 };
}

async function main(): Promise<void> {
  const image = await timeImage();
  const engine = await createEngine();
  const phases = new Map<string, { phase: RunPhase; t: number }>();
  const waiters: (() => void)[] = [];
  engine.onEvent((e) => {
    if (e.type !== 'run') return;
    if (e.event.kind === 'phase') {
      phases.set(e.event.runId, { phase: e.event.phase, t: e.event.t });
      for (const w of waiters.splice(0)) w();
    }
  });
  const waitPhase = async (runId: string, wanted: RunPhase[]): Promise<RunPhase> => {
    for (;;) {
      const p = phases.get(runId)?.phase;
      if (p && wanted.includes(p)) return p;
      await new Promise<void>((r) => waiters.push(r));
    }
  };

  const ready: number[] = [];
  const stop: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = Date.now();
      const { runId } = await engine.startLab({ labId: 'redis-sentinel' });
      const phase = await waitPhase(runId, ['running', 'failed']);
      if (phase === 'failed')
        throw new Error(`run ${runId} failed: ${(await engine.getRun({ runId }))?.error}`);
      ready.push(Date.now() - t0);
      const t1 = Date.now();
      await engine.stopLab({ runId });
      stop.push(Date.now() - t1);
    }
  } finally {
    await engine.dispose();
  }
  clearInterval(memTimer);
  const maxRssKiB = process.resourceUsage().maxRSS;

  const med = median(ready);
  console.log('Failover Dojo benchmark — Redis Sentinel lab (1 master, 2 replicas, 3 sentinels)');
  console.log(
    `image build, cold:           ${image.cold === undefined ? 'skipped' : s(image.cold)}`,
  );
  console.log(`image build, warm (cached):  ${s(image.warm)}`);
  console.log(
    `start -> ready (warm):       median ${s(med)} over ${runs} runs [${ready.map(s).join(', ')}]`,
  );
  console.log(
    `  vs hand-run floor ${HAND_RUN_FLOOR_S} s:    ${(med / 1000 / HAND_RUN_FLOOR_S).toFixed(2)}x (goal <= 1.30x)`,
  );
  console.log(`stop -> all removed:         median ${s(median(stop))} [${stop.map(s).join(', ')}]`);
  console.log(
    `engine peak RSS:             ${(Math.max(peakRss, maxRssKiB * 1024) / 1024 / 1024).toFixed(0)} MiB`,
  );
  console.log(
    `engine heap used at end:     ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

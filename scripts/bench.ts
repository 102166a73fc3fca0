/**
 * `npm run bench`: speed and memory figures for the Redis Sentinel, Patroni,
 * keepalived and etcd (Raft) labs, printed, never asserted.
 *
 *   - image build, cold (the lab's images the app built removed first) and warm (no rebuild);
 *   - time from "start" to ready (median of N runs, warm images), split into image check,
 *     network + create + first stage started, the first stages' readiness and later stages
 *     started, and the last stage's readiness;
 *   - time to stop (all containers and the network gone);
 *   - the engine process's peak memory (RSS) and heap.
 *
 * Options: --runs N (default 3), --skip-cold (keep the built images),
 * --lab ID (only that lab: redis-sentinel, patroni, keepalived, etcd-raft or lock-service).
 * Reference, by hand on these machines, from the first `docker run` to a
 * healthy cluster: Redis Sentinel ~3.6 s, Patroni ~8 s (ttl 10 / loop_wait 2 /
 * retry_timeout 4); the goal is within 1.3x of that with warm images. Measured
 * on this 2-core machine, idle (2026-12-06, medians of 5 and 3 runs): Redis
 * Sentinel 6.94 s before its sentinels started knowing their peers, 4.66 s
 * after (1.30x); Patroni 10.89 s before its replicas' containers started
 * during pg-1's bootstrap, 10.10 s after (1.26x); keepalived 6.5 s. On the next machine
 * (2026-12-06, same kind, medians of 5): Redis Sentinel 2.23 s, Patroni 10.98 s (9.07 s of it
 * waiting for the replicas to stream), keepalived 4.72 s (1.21x; 3.76 s of it VRRP's
 * master-down wait of 3 x advert_int + skew before router-1 takes the VIP).
 */
import Docker from 'dockerode';
import { createEngine } from '../src/core';
import { createDockerRuntime } from '../src/core/runtime/docker-runtime';
import { ensureImage } from '../src/core/runtime/images/image-pipeline';
import { findLabImagesDir } from '../src/core/paths';
import type { RunPhase } from '../src/shared/lab-types';

interface BenchLab {
  id: string;
  title: string;
  images: string[];
  handRunFloorS: number;
}
const LABS: BenchLab[] = [
  {
    id: 'redis-sentinel',
    title: 'Redis Sentinel lab (1 master, 2 replicas, 3 sentinels)',
    images: ['redis'],
    handRunFloorS: 3.6,
  },
  {
    id: 'patroni',
    title: 'Patroni lab (PostgreSQL 15, 3 nodes, 1 etcd)',
    images: ['etcd', 'patroni'],
    handRunFloorS: 8,
  },
  {
    id: 'keepalived',
    title: 'keepalived lab (2 VRRP routers sharing a VIP, 1 client)',
    images: ['keepalived'],
    handRunFloorS: 3.9,
  },
  {
    id: 'etcd-raft',
    title: 'etcd (Raft) lab (3 members, raft-1 leading)',
    images: ['etcd'],
    // Three `docker run`s of the same image and command lines, polled with
    // `etcdctl endpoint health` until every member answers: 2.2-3.4 s, median
    // of 6 runs 3.0 s (2026-12-06).
    handRunFloorS: 3.0,
  },
  {
    id: 'lock-service',
    title: 'Lock service lab (etcd-1 keeps the lock, PostgreSQL storage)',
    images: ['etcd', 'patroni'],
    // Two `docker run`s (etcd-1, storage with its start script and schema), polled with
    // `etcdctl endpoint health` and a psql read of the fence row until both answer:
    // 2.70-3.77 s, median of 5 runs 3.17 s (2026-12-07).
    handRunFloorS: 3.17,
  },
];
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) || 3 : 3;
const skipCold = args.includes('--skip-cold');
const onlyLab = args.includes('--lab') ? args[args.indexOf('--lab') + 1] : undefined;

let peakRss = 0;
const memTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The parts of start -> ready the bench splits it into, from the run's phases and readiness readings. */
const STAGES = [
  { key: 'images', label: 'image check (building)' },
  { key: 'first', label: 'network, create, first stage started' },
  { key: 'later', label: 'first stages ready, later stages started' },
  { key: 'final', label: 'last stage ready (waiting-ready)' },
] as const;

interface ImageTimes {
  cold?: number;
  warm: number;
  /** Per image: cold build time and size. */
  perImage: { name: string; cold?: number; sizeBytes: number }[];
}

async function timeImages(names: string[]): Promise<ImageTimes> {
  const runtime = createDockerRuntime();
  const labImagesDir = findLabImagesDir();
  const docker = new Docker();
  let cold: number | undefined;
  const coldByImage = new Map<string, number>();
  if (!skipCold) {
    cold = 0;
    for (const name of names) {
      // Only images the app built (label dojo.image=<name>) are removed.
      const mine = await docker.listImages({
        filters: { label: ['dojo.built-by=failover-dojo', `dojo.image=${name}`] },
      });
      for (const img of mine) await docker.getImage(img.Id).remove({ force: true });
      const t0 = Date.now();
      await ensureImage(runtime, { name, labImagesDir }, () => undefined);
      coldByImage.set(name, Date.now() - t0);
      cold += Date.now() - t0;
    }
  }
  const t1 = Date.now();
  const refs: string[] = [];
  for (const name of names)
    refs.push(await ensureImage(runtime, { name, labImagesDir }, () => undefined));
  const warm = Date.now() - t1;
  const perImage = await Promise.all(
    names.map(async (name, i) => ({
      name,
      cold: coldByImage.get(name),
      sizeBytes: (await docker.getImage(refs[i] ?? '').inspect()).Size,
    })),
  );
  return { cold, warm, perImage };
}

async function main(): Promise<void> {
  const labs = LABS.filter((l) => !onlyLab || l.id === onlyLab);
  if (labs.length === 0)
    throw new Error(`unknown lab ${onlyLab}; one of ${LABS.map((l) => l.id).join(', ')}`);
  for (const [i, lab] of labs.entries()) {
    if (i > 0) console.log('');
    await benchLab(lab);
  }
  clearInterval(memTimer);
}

async function benchLab(lab: BenchLab): Promise<void> {
  const image = await timeImages(lab.images);
  const engine = await createEngine();
  const phases = new Map<string, { phase: RunPhase; t: number }>();
  /** Per run: when each phase began, and the first readiness reading (the first stage's containers up). */
  const marks = new Map<string, Partial<Record<RunPhase | 'first-readiness', number>>>();
  const waiters: (() => void)[] = [];
  engine.onEvent((e) => {
    if (e.type !== 'run') return;
    const m = marks.get(e.event.runId) ?? {};
    marks.set(e.event.runId, m);
    if (e.event.kind === 'readiness') m['first-readiness'] ??= e.event.t;
    if (e.event.kind === 'phase') {
      m[e.event.phase] ??= e.event.t;
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
  const split: Record<(typeof STAGES)[number]['key'], number[]> = {
    images: [],
    first: [],
    later: [],
    final: [],
  };
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = Date.now();
      const { runId } = await engine.startLab({ labId: lab.id });
      const phase = await waitPhase(runId, ['running', 'failed']);
      if (phase === 'failed')
        throw new Error(`run ${runId} failed: ${(await engine.getRun({ runId }))?.error}`);
      ready.push(Date.now() - t0);
      const m = marks.get(runId) ?? {};
      const gap = (a?: number, b?: number) =>
        a !== undefined && b !== undefined ? Math.max(0, b - a) : NaN;
      split.images.push(gap(m.building, m.starting));
      split.first.push(gap(m.starting, m['first-readiness']));
      split.later.push(gap(m['first-readiness'], m['waiting-ready']));
      split.final.push(gap(m['waiting-ready'], m.running));
      const t1 = Date.now();
      await engine.stopLab({ runId });
      stop.push(Date.now() - t1);
    }
  } finally {
    await engine.dispose();
  }
  const maxRssKiB = process.resourceUsage().maxRSS;

  const med = median(ready);
  console.log(`Failover Dojo benchmark — ${lab.title}`);
  console.log(
    `image build, cold:           ${image.cold === undefined ? 'skipped' : s(image.cold)}`,
  );
  if (image.perImage.length > 1 || image.perImage.some((p) => p.cold !== undefined)) {
    for (const p of image.perImage)
      console.log(
        `  ${p.name.padEnd(26)} ${p.cold === undefined ? '' : `${s(p.cold)}, `}${(p.sizeBytes / 1e6).toFixed(0)} MB`,
      );
  }
  console.log(`image build, warm (cached):  ${s(image.warm)}`);
  console.log(
    `start -> ready (warm):       median ${s(med)} over ${runs} runs [${ready.map(s).join(', ')}]`,
  );
  console.log(
    `  vs hand-run floor ${lab.handRunFloorS} s:    ${(med / 1000 / lab.handRunFloorS).toFixed(2)}x (goal <= 1.30x)`,
  );
  for (const stage of STAGES)
    console.log(`  ${stage.label.padEnd(40)} median ${s(median(split[stage.key]))}`);
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

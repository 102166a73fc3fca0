import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BuildProgress } from '../../../shared/lab-types';
import type { ContainerRuntime } from '../container-runtime';
import { LineSplitter } from '../docker-streams';
import { copyImageFrom } from './image-copy';

/** The offline-bootstrapped base image (lab-images/base/bootstrap.sh). */
export const DOJO_BASE_IMAGE = 'failover-dojo/base:bookworm';
/** The public base image used where a registry is reachable. */
export const DEBIAN_SLIM_IMAGE = 'debian:bookworm-slim';

/** The base image lab images are built FROM. */
export interface BaseImage {
  /** Reference passed as the BASE build arg. */
  ref: string;
  /** Engine image id (`sha256:...`); the reference when the runtime cannot tell. */
  id: string;
  /** How it was obtained. */
  source: 'local-dojo-base' | 'local-debian-slim' | 'pulled' | 'bootstrapped';
}

export interface ResolveBaseOptions {
  /** The lab-images folder (holds base/bootstrap.sh). */
  labImagesDir: string;
  /** Progress, reported for image `base`. */
  onProgress?: (p: BuildProgress) => void;
  /** Default: process.platform. */
  platform?: NodeJS.Platform;
  /** Default: the process runs as uid 0. */
  isRoot?: boolean;
  /** Other engines to copy a base image from before pulling one (a remote engine of the pool). */
  sources?: readonly ContainerRuntime[];
  /** Runs the bootstrap script, calling onLine per output line; default spawns `bash <script>`. */
  runBootstrap?: (script: string, onLine: (line: string) => void) => Promise<void>;
}

/**
 * Finds or makes the base image, cheapest first: local `failover-dojo/base:bookworm`,
 * local `debian:bookworm-slim`, a pull of `debian:bookworm-slim`, and on Linux as
 * root the offline debootstrap bootstrap. Throws an error saying what to do
 * when none of them works.
 */
export async function resolveBaseImage(
  runtime: ContainerRuntime,
  opts: ResolveBaseOptions,
): Promise<BaseImage> {
  const report = (fraction: number, message: string, cached?: boolean): void =>
    opts.onProgress?.({ image: 'base', fraction, message, ...(cached ? { cached } : {}) });
  const idOf = async (ref: string): Promise<string> => (await runtime.imageId?.(ref)) ?? ref;

  if (await runtime.imageExists(DOJO_BASE_IMAGE)) {
    report(1, `using ${DOJO_BASE_IMAGE}`, true);
    return { ref: DOJO_BASE_IMAGE, id: await idOf(DOJO_BASE_IMAGE), source: 'local-dojo-base' };
  }
  if (await runtime.imageExists(DEBIAN_SLIM_IMAGE)) {
    report(1, `using ${DEBIAN_SLIM_IMAGE}`, true);
    return {
      ref: DEBIAN_SLIM_IMAGE,
      id: await idOf(DEBIAN_SLIM_IMAGE),
      source: 'local-debian-slim',
    };
  }

  // An engine of the pool with no registry at hand gets the base this machine already has.
  for (const ref of [DOJO_BASE_IMAGE, DEBIAN_SLIM_IMAGE]) {
    if (opts.sources?.length && (await copyImageFrom(opts.sources, runtime, ref, report))) {
      const source = ref === DOJO_BASE_IMAGE ? 'local-dojo-base' : 'local-debian-slim';
      return { ref, id: await idOf(ref), source };
    }
  }

  report(0, `pulling ${DEBIAN_SLIM_IMAGE}`);
  const pulled = await runtime.pullImage(DEBIAN_SLIM_IMAGE, (m) => report(0.1, m));
  if (pulled) {
    report(1, `pulled ${DEBIAN_SLIM_IMAGE}`);
    return { ref: DEBIAN_SLIM_IMAGE, id: await idOf(DEBIAN_SLIM_IMAGE), source: 'pulled' };
  }

  const platform = opts.platform ?? process.platform;
  const isRoot = opts.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  const script = path.join(opts.labImagesDir, 'base', 'bootstrap.sh');
  if (platform === 'linux' && isRoot && fs.existsSync(script)) {
    report(
      0.05,
      `no registry reachable: bootstrapping ${DOJO_BASE_IMAGE} from Debian packages (debootstrap, ~1 min)`,
    );
    const run = opts.runBootstrap ?? spawnBootstrap;
    await run(script, (line) => {
      const fraction = /docker import/.test(line)
        ? 0.8
        : /debootstrap/.test(line)
          ? 0.1
          : undefined;
      report(fraction ?? 0.5, line);
    });
    if (!(await runtime.imageExists(DOJO_BASE_IMAGE))) {
      throw new Error(`the base bootstrap finished but ${DOJO_BASE_IMAGE} does not exist`);
    }
    report(1, `bootstrapped ${DOJO_BASE_IMAGE}`);
    return { ref: DOJO_BASE_IMAGE, id: await idOf(DOJO_BASE_IMAGE), source: 'bootstrapped' };
  }

  throw new Error(
    `No base image for the labs: neither ${DOJO_BASE_IMAGE} nor ${DEBIAN_SLIM_IMAGE} exists locally, and ` +
      `${DEBIAN_SLIM_IMAGE} could not be pulled (no registry reachable). Either connect to the internet and run ` +
      `\`docker pull ${DEBIAN_SLIM_IMAGE}\`, or on a Linux machine with a Debian mirror run ` +
      `\`sudo bash ${script}\` (needs debootstrap), then start the lab again.`,
  );
}

/** Spawns `bash <script>`, streaming stdout and stderr lines; rejects with the last lines on failure. */
function spawnBootstrap(script: string, onLine: (line: string) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const handle = (splitter: LineSplitter) => (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        onLine(line);
      }
    };
    const out = new LineSplitter();
    const err = new LineSplitter();
    child.stdout.on('data', handle(out));
    child.stderr.on('data', handle(err));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      for (const line of [...out.flush(), ...err.flush()]) {
        tail.push(line);
        onLine(line);
      }
      if (code === 0) resolve();
      else
        reject(
          new Error(`bash ${script} failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`),
        );
    });
  });
}

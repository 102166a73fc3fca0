import fs from 'node:fs';
import path from 'node:path';
import type { BuildProgress } from '../../../shared/lab-types';
import type { ContainerRuntime } from '../container-runtime';
import { APP_LABEL_VALUE, LABEL } from '../labels';
import { DEBIAN_SLIM_IMAGE, DOJO_BASE_IMAGE, resolveBaseImage, type BaseImage } from './base-image';
import { contextHash } from './context-hash';
import { copyImageFrom } from './image-copy';
import { SharedWork } from './shared-work';

/** Which lab image to make. */
export interface EnsureImageSpec {
  /** Image name = folder under `labImagesDir`, e.g. `redis`. */
  name: string;
  /** Absolute path of the lab-images folder. */
  labImagesDir: string;
  /**
   * Other engines that may hold the image already (the engine pool's): a missing image is
   * copied from one of them before it is built here.
   */
  sources?: readonly ContainerRuntime[];
}

/** Bump when the labels images carry change. */
const IMAGE_LABEL_SCHEME = '2';

const baseWork = new SharedWork<BaseImage>();
const buildWork = new SharedWork<string>();

/** The tag of a lab image built from a context with this hash: `failover-dojo/<name>:<hash>`. */
export function imageTag(name: string, hash: string): string {
  return `failover-dojo/${name}:${hash}`;
}

/** The context hash of a lab image built FROM `base` (its tag's suffix). */
function imageHash(contextDir: string, base: { ref: string; id: string }): Promise<string> {
  // The label scheme is part of what an image is: changing it must rebuild.
  return contextHash(contextDir, {
    baseImageId: base.id,
    buildArgs: { BASE: base.ref, [`label:${LABEL.builtBy}`]: IMAGE_LABEL_SCHEME },
  });
}

/**
 * Whether the engine holds the lab image `name` as this app would build it now (from the
 * base image the engine has), without building or pulling anything: for the engine pool's
 * "images present". False when the engine has no base image yet.
 */
export async function hasCurrentImage(
  runtime: ContainerRuntime,
  spec: EnsureImageSpec,
): Promise<boolean> {
  const contextDir = path.join(spec.labImagesDir, spec.name);
  for (const ref of [DOJO_BASE_IMAGE, DEBIAN_SLIM_IMAGE]) {
    const id = await runtime.imageId?.(ref);
    if (!id) continue;
    return runtime.imageExists(imageTag(spec.name, await imageHash(contextDir, { ref, id })));
  }
  return false;
}

/**
 * Makes sure the lab image `name` exists and returns its reference
 * (`failover-dojo/<name>:<context hash>`). Resolves the base image first
 * (progress for image `base`), then builds `<labImagesDir>/<name>` with build
 * arg BASE unless an image with the same context hash already exists
 * (progress `{cached: true, fraction: 1}`). Concurrent calls for the same
 * image in this process share one build.
 */
export async function ensureImage(
  runtime: ContainerRuntime,
  spec: EnsureImageSpec,
  onProgress?: (p: BuildProgress) => void,
): Promise<string> {
  const contextDir = path.join(spec.labImagesDir, spec.name);
  if (!fs.existsSync(path.join(contextDir, 'Dockerfile'))) {
    throw new Error(`no Dockerfile for image "${spec.name}" in ${contextDir}`);
  }
  const base = await baseWork.run(`${runtime.endpoint}|base`, onProgress, (emit) =>
    resolveBaseImage(runtime, {
      labImagesDir: spec.labImagesDir,
      onProgress: emit,
      ...(spec.sources ? { sources: spec.sources } : {}),
    }),
  );
  const buildArgs = { BASE: base.ref };
  const hash = await imageHash(contextDir, base);
  const tag = imageTag(spec.name, hash);

  return buildWork.run(`${runtime.endpoint}|${tag}`, onProgress, async (emit) => {
    const report = (fraction: number, message: string, cached?: boolean): void =>
      emit({ image: spec.name, fraction, message, ...(cached ? { cached } : {}) });
    if (await runtime.imageExists(tag)) {
      report(1, `using ${tag}`, true);
      return tag;
    }
    if (spec.sources?.length && (await copyImageFrom(spec.sources, runtime, tag, report)))
      return tag;
    const started = Date.now();
    report(0, `building ${tag} from ${base.ref}`);
    await runtime.buildImage(
      {
        contextDir,
        tags: [tag],
        buildArgs,
        labels: {
          [LABEL.builtBy]: APP_LABEL_VALUE,
          [LABEL.image]: spec.name,
          [LABEL.contextHash]: hash,
        },
      },
      (p) => report(p.totalSteps > 0 ? Math.min(0.99, (p.step - 1) / p.totalSteps) : 0, p.message),
    );
    report(1, `built ${tag} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return tag;
  });
}

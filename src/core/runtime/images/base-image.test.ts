import { describe, expect, it } from 'vitest';
import type { BuildProgress } from '../../../shared/lab-types';
import type { ContainerRuntime } from '../container-runtime';
import { DEBIAN_SLIM_IMAGE, DOJO_BASE_IMAGE, resolveBaseImage } from './base-image';

function fakeRuntime(
  local: string[],
  pullWorks = false,
): { rt: ContainerRuntime; pulls: string[] } {
  const images = new Set(local);
  const pulls: string[] = [];
  const rt = {
    endpoint: 'fake',
    imageExists: async (ref: string) => images.has(ref),
    imageId: async (ref: string) => (images.has(ref) ? `sha256:${ref.length}` : undefined),
    pullImage: async (ref: string, onProgress?: (m: string) => void) => {
      pulls.push(ref);
      onProgress?.(pullWorks ? 'Downloading' : 'pull failed: no such host');
      if (pullWorks) images.add(ref);
      return pullWorks;
    },
  } as unknown as ContainerRuntime;
  return { rt, pulls };
}

const labImagesDir = new URL('../../../../lab-images', import.meta.url).pathname;

describe('resolveBaseImage', () => {
  it('prefers the local dojo base, reported as cached', async () => {
    const { rt, pulls } = fakeRuntime([DOJO_BASE_IMAGE, DEBIAN_SLIM_IMAGE]);
    const progress: BuildProgress[] = [];
    const base = await resolveBaseImage(rt, { labImagesDir, onProgress: (p) => progress.push(p) });
    expect(base).toEqual({
      ref: DOJO_BASE_IMAGE,
      id: `sha256:${DOJO_BASE_IMAGE.length}`,
      source: 'local-dojo-base',
    });
    expect(progress).toEqual([
      { image: 'base', fraction: 1, message: `using ${DOJO_BASE_IMAGE}`, cached: true },
    ]);
    expect(pulls).toEqual([]);
  });

  it('then a local debian:bookworm-slim, then a pull', async () => {
    expect(
      (await resolveBaseImage(fakeRuntime([DEBIAN_SLIM_IMAGE]).rt, { labImagesDir })).source,
    ).toBe('local-debian-slim');
    const { rt, pulls } = fakeRuntime([], true);
    const base = await resolveBaseImage(rt, { labImagesDir });
    expect(base).toMatchObject({ ref: DEBIAN_SLIM_IMAGE, source: 'pulled' });
    expect(pulls).toEqual([DEBIAN_SLIM_IMAGE]);
  });

  it('bootstraps offline on Linux as root, streaming the script lines as progress', async () => {
    const { rt } = fakeRuntime([]);
    const progress: BuildProgress[] = [];
    let ranScript = '';
    const base = await resolveBaseImage(rt, {
      labImagesDir,
      platform: 'linux',
      isRoot: true,
      onProgress: (p) => progress.push(p),
      runBootstrap: async (script, onLine) => {
        ranScript = script;
        onLine('bootstrap: debootstrap --variant=minbase bookworm');
        onLine('bootstrap: docker import -> failover-dojo/base:bookworm');
        (rt as unknown as { imageExists: (r: string) => Promise<boolean> }).imageExists = async (
          r,
        ) => r === DOJO_BASE_IMAGE;
      },
    });
    expect(ranScript).toMatch(/lab-images\/base\/bootstrap\.sh$/);
    expect(base.source).toBe('bootstrapped');
    expect(progress.map((p) => p.message)).toContain(
      'bootstrap: debootstrap --variant=minbase bookworm',
    );
    expect(progress.at(-1)).toEqual({
      image: 'base',
      fraction: 1,
      message: `bootstrapped ${DOJO_BASE_IMAGE}`,
    });
  });

  it('otherwise says what to do', async () => {
    const { rt } = fakeRuntime([]);
    await expect(
      resolveBaseImage(rt, { labImagesDir, platform: 'darwin', isRoot: false }),
    ).rejects.toThrow(/docker pull debian:bookworm-slim.*sudo bash .*bootstrap\.sh/);
  });

  it('keys on the reference when the runtime cannot tell image ids', async () => {
    const { rt } = fakeRuntime([DOJO_BASE_IMAGE]);
    delete (rt as { imageId?: unknown }).imageId;
    expect((await resolveBaseImage(rt, { labImagesDir })).id).toBe(DOJO_BASE_IMAGE);
  });
});

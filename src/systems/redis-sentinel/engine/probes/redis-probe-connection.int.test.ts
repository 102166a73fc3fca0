import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerRuntime } from '../../../../core/runtime/docker-runtime';
import { ensureImage } from '../../../../core/runtime/images/image-pipeline';
import { findLabImagesDir } from '../../../../core/paths';
import { RedisProbeConnection } from './redis-probe-connection';

/** One Redis node, reached through its published loopback port as the probes reach it. */
const runtime = createDockerRuntime();
const RUN = `probeconn-${process.pid}`;
let id = '';
let conn: RedisProbeConnection;

beforeAll(async () => {
  const image = await ensureImage(runtime, { name: 'redis', labImagesDir: findLabImagesDir() });
  id = await runtime.createContainer({
    name: `dojo-int-${RUN}`,
    image,
    cmd: ['redis-server', '--protected-mode', 'no'],
    labels: { 'dojo.test-run': RUN },
    publishLoopback: [6379],
  });
  await runtime.startContainer(id);
  const port = (await runtime.inspectContainer(id)).ports[6379];
  if (port === undefined) throw new Error('no published port');
  conn = new RedisProbeConnection(port);
  for (let i = 0; i < 50; i++) {
    if (
      await conn.call(300, 'PING').then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  conn?.close();
  if (id) await runtime.removeContainer(id);
});

describe('a probe connection shared by two readers', () => {
  it('answers both when their commands overlap', async () => {
    const replies = await Promise.all([conn.call(1000, 'PING'), conn.call(1000, 'ECHO', 'second')]);
    expect(replies).toEqual(['PONG', 'second']);
  });

  it('gives a frozen node a single command: both readers time out, nothing queues, then it recovers', async () => {
    await runtime.pauseContainer(id);
    try {
      const results = await Promise.allSettled([conn.call(400, 'PING'), conn.call(400, 'PING')]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    } finally {
      await runtime.unpauseContainer(id);
    }
    expect(await conn.call(2000, 'PING')).toBe('PONG');
  });
});

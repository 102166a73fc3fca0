import {
  CONFIG_DIR,
  DEFAULT_REDIS_SENTINEL_SETTINGS,
  redisConf,
  sentinelConf,
  type RedisSentinelSettings,
} from '../lab/redis-config';
import { until, type MiniLab } from '../../../../core/testing/mini-lab.fixture';

/**
 * A real mini Sentinel set-up on a MiniLab, with the lab's own generated
 * configs: redis-1 master (.11), redis-2 replica (.12), sentinel-1 (.21)
 * monitoring redis-1 with quorum 1, plus what the caller adds.
 */
export async function addMiniSentinel(
  lab: MiniLab,
  overrides: Partial<RedisSentinelSettings> = {},
): Promise<void> {
  const settings: RedisSentinelSettings = {
    ...DEFAULT_REDIS_SENTINEL_SETTINGS,
    quorum: 1,
    ...overrides,
  };
  const masterIp = `${lab.network.subnet.split('.').slice(0, 3).join('.')}.11`;
  const redisNode = (name: string, host: number, replicaOf?: string) =>
    lab.add({
      name,
      kind: 'redis',
      host,
      cmd: ['redis-server', `${CONFIG_DIR}/redis.conf`],
      files: [{ path: `${CONFIG_DIR}/redis.conf`, content: redisConf(settings, replicaOf) }],
      publish: [6379],
    });
  await redisNode('redis-1', 11);
  await redisNode('redis-2', 12, masterIp);
  await until(
    'replication online',
    async () =>
      (await lab.sh('redis-1', 'redis-cli INFO replication')).out.includes('state=online') ||
      undefined,
    15_000,
  );
  await lab.add({
    name: 'sentinel-1',
    kind: 'sentinel',
    host: 21,
    cmd: ['redis-sentinel', `${CONFIG_DIR}/sentinel.conf`],
    files: [
      {
        path: `${CONFIG_DIR}/sentinel.conf`,
        content: sentinelConf(settings, masterIp),
        mode: 0o666,
      },
    ],
    publish: [26379],
  });
  await until(
    'sentinel names redis-1',
    async () =>
      (
        await lab.sh('sentinel-1', 'redis-cli -p 26379 SENTINEL get-master-addr-by-name mymaster')
      ).out.includes(masterIp) || undefined,
    15_000,
  );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../../core/testing/mini-lab.fixture';
import { createPatroniTestLab, type PatroniTestLab } from '../testing/patroni-lab.fixture';

/**
 * Two etcd members and no tie-breaker (FP-014), on the real engine: with
 * etcd-1 stopped, etcd-2 alone is no majority, so nobody can renew or take
 * the leader key; Patroni on the leader demotes its PostgreSQL and the
 * cluster has no primary at all (safe, and down). With etcd-1 back, the
 * quorum returns and a leader is elected again.
 */
const PG = ['pg-1', 'pg-2', 'pg-3'];
let lab: PatroniTestLab;

beforeAll(async () => {
  lab = await createPatroniTestLab('dojo-it-etcd-pair', { etcdNodes: 2 });
}, 180_000);

afterAll(async () => {
  await lab?.dispose();
});

/** The nodes whose PostgreSQL says it is not in recovery (a primary). */
async function primaries(): Promise<string[]> {
  const out: string[] = [];
  for (const node of PG) {
    const r = await lab.psql(node, 'select pg_is_in_recovery()', 5_000).catch(() => undefined);
    if (r?.exitCode === 0 && r.out.trim() === 'f') out.push(node);
  }
  return out;
}

describe('Patroni on two etcd members', () => {
  it('losing one member leaves no primary (no quorum, no leader key); its return brings one back', async () => {
    const leader = await lab.waitHealthy();
    const etcd1 = lab.members.get('etcd-1')!;
    const etcd2 = lab.members.get('etcd-2')!;
    expect(etcd2).toBeDefined();

    const stopped = Date.now();
    await lab.runtime.stopContainer(etcd1.containerId, 1);
    // etcd-2 is up but cannot answer a linearizable read of the key alone.
    const read = await lab.runtime.exec(
      etcd2.containerId,
      ['etcdctl', '--command-timeout=2s', 'get', '--prefix', '/service/'],
      { timeoutMs: 10_000 },
    );
    expect(read.exitCode).not.toBe(0);
    // The leader cannot renew its key: Patroni demotes it (retry_timeout), and nobody takes over.
    await until('the leader demoted', async () => (await primaries()).length === 0, 60_000);
    console.log(
      `[etcd-pair] ${leader} demoted ${((Date.now() - stopped) / 1000).toFixed(1)} s after etcd-1 stopped`,
    );
    // Nobody takes over meanwhile: watched for three of Patroni's loops (loop_wait 2 s).
    for (const watchUntil = Date.now() + 6_000; Date.now() < watchUntil;)
      expect(await primaries()).toEqual([]);

    await lab.runtime.startContainer(etcd1.containerId);
    const back = await until(
      'a primary again',
      async () => {
        const p = await primaries();
        return p.length === 1 ? p[0] : undefined;
      },
      90_000,
    );
    expect(PG).toContain(back);
  }, 240_000);
});

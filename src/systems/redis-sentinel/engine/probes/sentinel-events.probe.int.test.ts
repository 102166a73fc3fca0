import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMiniLab, until, type MiniLab } from '../../../../core/testing/mini-lab.fixture';
import { addMiniSentinel } from '../testing/mini-sentinel.fixture';
import { subscribeSentinelEvents, type SentinelEvent } from './sentinel-events.probe';

/**
 * The Sentinel event stream on a real mini Sentinel (down-after 1000 ms,
 * quorum 1): a paused master shows as +sdown/+odown, then the failover.
 */
let lab: MiniLab;
const timings: Record<string, number> = {};

beforeAll(async () => {
  lab = await createMiniLab('sentinel-events-int');
  await addMiniSentinel(lab, { downAfterMs: 1000, failoverTimeoutMs: 5000 });
});

afterAll(async () => {
  await lab?.dispose();
  console.log(`[sentinel-events-int] timings ms: ${JSON.stringify(timings)}`);
});

describe('sentinel events', () => {
  it('sees +sdown for a master paused past down-after, then the failover; resubscribes after a reconnect', async () => {
    const events: SentinelEvent[] = [];
    const sub = subscribeSentinelEvents(
      lab.ports.get('sentinel-1')?.[26379] ?? 0,
      'sentinel-1',
      (e) => events.push(e),
    );
    try {
      await sub.ready;
      const master = lab.members.get('redis-1');
      if (!master) throw new Error('no master');
      const pausedAt = Date.now();
      await lab.runtime.pauseContainer(master.containerId);
      const seen = (channel: string) => () => events.find((e) => e.channel === channel);
      const sdown = await until('+sdown', seen('+sdown'), 10_000);
      timings.sdownAfterPause = sdown.t - pausedAt;
      expect(sdown).toMatchObject({ sentinel: 'sentinel-1' });
      expect(sdown.message).toContain(`master mymaster ${master.ipv4} 6379`);
      expect(timings.sdownAfterPause).toBeGreaterThanOrEqual(900);

      const switched = await until('+switch-master', seen('+switch-master'), 20_000);
      timings.switchMasterAfterPause = switched.t - pausedAt;
      for (const c of [
        '+odown',
        '+new-epoch',
        '+try-failover',
        '+elected-leader',
        '+promoted-slave',
      ]) {
        const e = events.find((x) => x.channel === c);
        if (e) timings[`${c}AfterPause`] = e.t - pausedAt;
      }
      expect(switched.message).toContain(lab.members.get('redis-2')?.ipv4);

      // Drop the subscriber's connection on the sentinel's side: the stream must come back.
      const killed = await lab.sh('sentinel-1', 'redis-cli -p 26379 CLIENT KILL TYPE pubsub');
      expect(killed.out.trim()).toMatch(/^[1-9]/);
      await new Promise((r) => setTimeout(r, 1500));
      const before = events.length;
      await lab.runtime.unpauseContainer(master.containerId);
      const unpausedAt = Date.now();
      // The old master comes back and is turned into a replica of the new one.
      const convert = await until(
        '+convert-to-slave after the reconnect',
        () =>
          events
            .slice(before)
            .find((e) => e.channel === '+convert-to-slave' || e.channel === '-sdown'),
        20_000,
      );
      timings[`${convert.channel}AfterUnpauseAndReconnect`] = convert.t - unpausedAt;
      expect(events.every((e) => !e.channel.startsWith('__sentinel__'))).toBe(true);
    } finally {
      sub.close();
    }
    const count = events.length;
    await lab.sh('sentinel-1', 'redis-cli -p 26379 SENTINEL RESET mymaster');
    await new Promise((r) => setTimeout(r, 500));
    expect(events.length).toBe(count);
  });
});

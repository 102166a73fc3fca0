import { describe, expect, it } from 'vitest';
import { engineForFile } from '../testing/test-engine';
import { nextRunEvent, scenarioStarted } from '../testing/run-events';
import { faultOffsets } from './fault-schedule';

/**
 * A scenario as a person plays it, on the real engine: the fault fires at the
 * seed's moment inside its window, hints come when asked for, and the pace,
 * the limit and the player are recorded for the debrief and the history.
 */
const t = engineForFile('dojo-pace');

describe('a human-paced scenario run', () => {
  it(
    'fires the fault at the seeded moment, shows hints on request and records pace and player',
    { timeout: 180_000 },
    async () => {
      const scenario = (await t.engine.getScenario({ scenarioId: 'stale-leader' }))!;
      const seed = 7;
      const expected = faultOffsets(scenario.faults, seed).get('cut-master')!;
      expect(expected).toBeGreaterThanOrEqual(15_000);
      expect(expected).toBeLessThanOrEqual(45_000);

      const { runId } = await t.engine.startScenario({
        scenarioId: 'stale-leader',
        seed,
        pace: 'human',
        player: 'Ada',
      });
      const start = await scenarioStarted(t.engine, runId);
      expect(start).toMatchObject({ pace: 'human', timeLimitMs: 8 * 60_000, player: 'Ada' });

      const hint = nextRunEvent(t.engine, runId, (e) => e.kind === 'hint');
      expect(await t.engine.requestHint({ runId })).toEqual({
        ok: true,
        detail: `hint 1 of ${scenario.hints.length} shown`,
      });
      expect(await hint).toMatchObject({ index: 0, requested: true });

      const fault = await nextRunEvent(
        t.engine,
        runId,
        (e) => e.kind === 'fault' && e.phase === 'inject',
      );
      const firedAfter = fault.t - start.t;
      // The timer fires at the drawn moment; the injection (iptables in 8 members) follows.
      expect(firedAfter).toBeGreaterThanOrEqual(expected);
      expect(firedAfter).toBeLessThan(expected + 5000);

      // The first tell of the split is recorded as it reaches the screen: the
      // run view's chip names the moment grading and the debrief count from.
      const tell = await nextRunEvent(t.engine, runId, (e) => e.kind === 'tell-shown');
      if (tell.kind !== 'tell-shown') throw new Error('not a tell');
      expect(tell.at).toBeGreaterThan(fault.t);
      expect(tell.shownAt).toBeGreaterThanOrEqual(tell.at);

      for (let i = 1; i < scenario.hints.length; i++)
        expect((await t.engine.requestHint({ runId })).ok).toBe(true);
      expect(await t.engine.requestHint({ runId })).toEqual({
        ok: false,
        detail: `all ${scenario.hints.length} hints are shown`,
      });

      await t.engine.act({ runId, action: { kind: 'end' } });
      await t.engine.whenRunEnded(runId);
      const debrief = (await t.engine.getDebrief({ runId }))!;
      expect(debrief.pace).toBe('human');
      expect(debrief.timing?.tellAt).toBe(tell.at - start.t);
      expect(debrief.player).toBe('Ada');
      expect(debrief.hints.map((h) => h.requested)).toEqual(scenario.hints.map(() => true));
      const [attempt] = await t.engine.listAttempts();
      expect(attempt).toMatchObject({ attemptId: runId, player: 'Ada', pace: 'human' });
    },
  );
});

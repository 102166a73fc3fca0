import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run-events';
import { engineForFile } from '../testing/test-engine';
import { scenarioStarted } from '../testing/run-events';

/**
 * The order of moves on the real engine: a scripted step never starts before
 * the step before it has finished (and says when it started late and why),
 * a node's second palette move waits for its first and says how long, `end`
 * waits for every move in flight, and nothing is recorded as done once
 * grading has begun.
 */
const t = engineForFile('dojo-order');

type ActionEvent = Extract<RunEvent, { kind: 'action' }>;

describe('moves in order', () => {
  it(
    'steps wait for the step before them, `previous` counts from its end, a node’s clicks queue, end waits, nothing runs after grading',
    { timeout: 240_000 },
    async () => {
      const events: RunEvent[] = [];
      const { runId } = await t.engine.startScenario(
        { scenarioId: 'stale-leader', seed: 1, pace: 'fast' },
        {
          response: {
            name: 'order-test',
            steps: [
              // All three are due at once: each must wait for the one before it.
              {
                since: 'cut-master',
                after: '2s',
                do: { kind: 'isolate-clients', node: 'redis-1' },
              },
              { since: 'cut-master', after: '2s', do: { kind: 'export-keys', node: 'redis-1' } },
              // Due 2 s after the export finished, however long that took.
              { since: 'previous', after: '2s', do: { kind: 'end' } },
            ],
          },
        },
      );
      const off = t.engine.onEvent((e) => {
        if (e.type === 'run' && e.event.runId === runId) events.push(e.event);
      });
      await scenarioStarted(t.engine, runId);
      // Two clicks on redis-3 at once, before the fault: the second waits for the first.
      const [first, second] = await Promise.all([
        t.engine.act({ runId, action: { kind: 'isolate-clients', node: 'redis-3' } }),
        t.engine.act({ runId, action: { kind: 'unisolate-clients', node: 'redis-3' } }),
      ]);
      expect(first.ok).toBe(true);
      expect(second.ok).toBe(true);
      await t.engine.whenRunEnded(runId);
      off();

      const actions = events.filter((e): e is ActionEvent => e.kind === 'action');
      const byKind = (kind: string, node?: string) =>
        actions.find(
          (a) =>
            a.action.kind === kind &&
            (node === undefined || ('node' in a.action && a.action.node === node)),
        )!;
      const iso3 = byKind('isolate-clients', 'redis-3');
      const uniso3 = byKind('unisolate-clients', 'redis-3');
      expect(uniso3.issuedAt).toBeLessThan(iso3.t);
      expect(uniso3.queuedMs).toBeGreaterThan(0);
      expect(uniso3.t - uniso3.queuedMs! - uniso3.issuedAt!).toBeGreaterThanOrEqual(0);

      const iso = byKind('isolate-clients', 'redis-1');
      const exp = byKind('export-keys', 'redis-1');
      const end = byKind('end');
      expect(iso.ok).toBe(true);
      expect(exp.ok).toBe(true);
      // Never before the step before it has finished.
      expect(exp.issuedAt!).toBeGreaterThanOrEqual(iso.t);
      expect(end.issuedAt! - exp.t).toBeGreaterThanOrEqual(2000);
      if (iso.t - iso.issuedAt! > 300)
        expect(exp.late).toMatch(
          /^started \d+\.\d s late: it waited for the step before it \(isolate-clients redis-1\) to finish$/,
        );

      // Nothing is done after grading starts.
      const grading = events.find((e) => e.kind === 'phase' && e.phase === 'grading')!;
      expect(grading).toBeDefined();
      for (const a of actions) expect(a.seq).toBeLessThan(grading.seq);
      const debrief = (await t.engine.getDebrief({ runId }))!;
      expect(debrief.grade.checks.length).toBeGreaterThan(0);
    },
  );

  it(
    'the time limit ends the run at once: grading begins within seconds of the limit, waiting for nothing',
    { timeout: 240_000 },
    async () => {
      const events: RunEvent[] = [];
      const { runId } = await t.engine.startScenario(
        { scenarioId: 'stale-leader', seed: 1, pace: 'fast' },
        { response: { name: 'none', steps: [] } },
      );
      const off = t.engine.onEvent((e) => {
        if (e.type === 'run' && e.event.runId === runId) events.push(e.event);
      });
      const start = await scenarioStarted(t.engine, runId);
      await t.engine.whenRunEnded(runId);
      off();
      const limit = start.kind === 'scenario' ? start.timeLimitMs! : 0;
      const grading = events.find((e) => e.kind === 'phase' && e.phase === 'grading')!;
      expect(grading.t - start.t).toBeGreaterThanOrEqual(limit);
      expect(grading.t - start.t).toBeLessThan(limit + 15_000);
      const waited = events.filter((e) => e.kind === 'error' && /in flight/.test(e.message));
      expect(waited).toEqual([]);
    },
  );
});

import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-contract';
import type { RunEvent } from '../../shared/run-events';
import { nextRunEvent, scenarioStarted } from './run-events';

/** An engine that pushes what the test emits, and counts its listeners. */
function fakeEngine() {
  const listeners = new Set<(e: EngineEvent) => void>();
  let seq = 0;
  return {
    listeners,
    onEvent(listener: (e: EngineEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(runId: string, body: Record<string, unknown>) {
      const event = { ...body, runId, seq: ++seq, t: seq } as unknown as RunEvent;
      for (const l of [...listeners]) l({ type: 'run', event });
    },
  };
}

describe('run events', () => {
  it('resolves with the first matching event of the run and unsubscribes', async () => {
    const engine = fakeEngine();
    const hint = nextRunEvent(engine, 'r1', (e) => e.kind === 'hint');
    engine.emit('r2', { kind: 'hint', index: 0, text: 'other run' });
    engine.emit('r1', { kind: 'writes', records: [] });
    engine.emit('r1', { kind: 'hint', index: 1, text: 'this one' });
    expect(await hint).toMatchObject({ runId: 'r1', kind: 'hint', index: 1 });
    expect(engine.listeners.size).toBe(0);
  });

  it('rejects with the detail when the run fails first', async () => {
    const engine = fakeEngine();
    const started = scenarioStarted(engine, 'r1');
    engine.emit('r1', { kind: 'phase', phase: 'failed', detail: 'redis-1 never became ready' });
    await expect(started).rejects.toThrow('run r1 failed: redis-1 never became ready');
    expect(engine.listeners.size).toBe(0);
  });

  it('resolves with the failure when that is what is awaited', async () => {
    const engine = fakeEngine();
    const failed = nextRunEvent(engine, 'r1', (e) => e.kind === 'phase' && e.phase === 'failed');
    engine.emit('r1', { kind: 'phase', phase: 'failed' });
    expect(await failed).toMatchObject({ kind: 'phase', phase: 'failed' });
  });
});

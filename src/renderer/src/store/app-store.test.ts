import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClient, redisNode, sample } from '../test/fake-client';
import type { RunEvent, RunEventBody } from '../../../shared/run-events';
import { createAppStore, defaultScheduleFlush } from './app-store';

afterEach(() => {
  vi.useRealTimers();
});

describe('app-store', () => {
  it('default flush runs once per batch, after at most 250 ms', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    defaultScheduleFlush(flush);
    vi.advanceTimersByTime(250);
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('applies a burst of sample events in one state update', async () => {
    const client = new FakeClient();
    client.runs.set('run-1', {
      runId: 'run-1',
      labId: 'redis-sentinel',
      phase: 'running',
      startedAt: 0,
      build: [],
      samples: [],
    });
    let scheduled: (() => void) | null = null;
    const store = createAppStore(client, {
      scheduleFlush: (f) => ((scheduled = f), () => {}),
      engineRecheckMs: 0,
    });
    store.start();
    await vi.waitFor(() => expect(store.getState().runsLoaded).toBe(true));
    const updates = vi.fn();
    store.subscribe(updates);
    for (let i = 1; i <= 50; i++)
      client.emit('run-1', {
        kind: 'sample',
        sample: sample(i * 250, [redisNode('redis-1', 'master')]),
      });
    expect(updates).not.toHaveBeenCalled();
    scheduled!();
    expect(updates).toHaveBeenCalledTimes(1);
    expect(store.getState().runs['run-1']!.samples).toHaveLength(50);
    store.dispose();
  });

  it('fetches the snapshot of a run first seen through an event', async () => {
    const client = new FakeClient();
    const store = createAppStore(client, { scheduleFlush: () => () => {}, engineRecheckMs: 0 });
    store.start();
    client.runs.set('run-x', {
      runId: 'run-x',
      labId: 'redis-sentinel',
      phase: 'building',
      startedAt: 5,
      build: [],
      samples: [],
    });
    client.emit('run-x', { kind: 'phase', phase: 'building' });
    store.flush();
    await vi.waitFor(() => expect(store.getState().runs['run-x']?.labId).toBe('redis-sentinel'));
    expect(client.called('getRun')).toEqual([{ method: 'getRun', args: { runId: 'run-x' } }]);
    store.dispose();
  });

  it('shows a fault whose events arrive late (a blind drill releases them once the fault is over)', async () => {
    const partition = {
      id: 'cut',
      kind: 'partition' as const,
      groups: [['redis-1'], ['redis-2']],
      direction: 'both' as const,
      at: { after: '5s' },
    };
    const at = (seq: number, body: RunEventBody): RunEvent => ({
      ...body,
      runId: 'run-1',
      seq,
      t: seq * 1000,
    });
    const start = at(1, { kind: 'scenario', scenarioId: 'drill', seed: 1, settings: {} });
    const inject = at(3, { kind: 'fault', faultId: 'cut', phase: 'inject', spec: partition });
    const revert = at(5, { kind: 'fault', faultId: 'cut', phase: 'revert', spec: partition });
    const snapshot = (events: RunEvent[]) => ({
      runId: 'run-1',
      labId: 'redis-sentinel',
      phase: 'running' as const,
      startedAt: 0,
      build: [],
      samples: [],
      scenarioEvents: events,
    });
    const client = new FakeClient();
    client.runs.set('run-1', snapshot([start]));
    const store = createAppStore(client, { scheduleFlush: () => () => {}, engineRecheckMs: 0 });
    store.start();
    await vi.waitFor(() => expect(store.getState().runs['run-1']?.hasSnapshot).toBe(true));
    client.emitEvent(start);
    // Seq 2 and 4 pass live; the fault's own events (3, 5) are held back by the host.
    client.emitEvent(
      at(2, { kind: 'hint', index: 0, text: 'look at the writes', requested: true }),
    );
    client.emitEvent(at(4, { kind: 'hint', index: 1, text: 'and the roles', requested: true }));
    client.emitEvent(at(6, { kind: 'hint', index: 2, text: 'one more', requested: true }));
    store.flush();
    await vi.waitFor(() => expect(store.getState().runs['run-1']?.lastSeq).toBe(6));
    expect(store.getState().runs['run-1']?.scenario?.faults).toEqual([]);
    // The fault is over: the host releases its events, older than the last one applied.
    client.runs.set('run-1', snapshot([start, inject, revert]));
    client.emitEvent(inject);
    client.emitEvent(revert);
    store.flush();
    await vi.waitFor(() =>
      expect(
        store.getState().runs['run-1']?.scenario?.faults.map((f) => [f.faultId, f.to]),
      ).toEqual([['cut', 5000]]),
    );
    store.dispose();
  });

  it('marks an active run the engine no longer lists after a reconnect as gone', async () => {
    const client = new FakeClient();
    client.runs.set('run-1', {
      runId: 'run-1',
      labId: 'redis-sentinel',
      phase: 'running',
      startedAt: 0,
      build: [],
      samples: [],
    });
    const store = createAppStore(client, { scheduleFlush: () => () => {}, engineRecheckMs: 0 });
    store.start();
    await vi.waitFor(() => expect(store.getState().runs['run-1']?.hasSnapshot).toBe(true));
    client.runs.clear(); // the engine restarted
    client.connection.set('closed');
    client.connection.set('open');
    await vi.waitFor(() => expect(store.getState().missingRuns['run-1']).toBe(true));
    store.dispose();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClient, redisNode, sample } from '../test/fake-client';
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

import { describe, expect, it } from 'vitest';
import type { ContainerEvent } from '../runtime/container-runtime';
import { EXPECTED_STOP_MS, ExpectedStops, nodeEventOf } from './node-events';

const event = (action: string, exitCode?: number): ContainerEvent => ({
  containerId: 'c1',
  action,
  labels: { 'dojo.node': 'redis-1' },
  t: 1000,
  ...(exitCode !== undefined ? { exitCode } : {}),
});

describe('nodeEventOf', () => {
  it('records a container that exits by itself as died, with its exit code', () => {
    expect(nodeEventOf(event('die', 137), 'redis-1')).toEqual({
      kind: 'node',
      node: 'redis-1',
      state: 'died',
      detail: 'exit code 137',
    });
    expect(nodeEventOf(event('die'), 'redis-1')).toEqual({
      kind: 'node',
      node: 'redis-1',
      state: 'died',
    });
  });

  it('records an exit the app caused (a lab stop) as stopped, never died', () => {
    expect(nodeEventOf(event('die', 137), 'redis-1', 'stopped with the lab')).toEqual({
      kind: 'node',
      node: 'redis-1',
      state: 'stopped',
      detail: 'stopped with the lab',
    });
  });

  it('names start, pause, unpause and destroy, and skips what the history does not record', () => {
    expect(nodeEventOf(event('start'), 'n')?.state).toBe('started');
    expect(nodeEventOf(event('pause'), 'n')?.state).toBe('paused');
    expect(nodeEventOf(event('unpause'), 'n')?.state).toBe('unpaused');
    expect(nodeEventOf(event('destroy'), 'n', 'stopped with the lab')?.state).toBe('removed');
    expect(nodeEventOf(event('kill'), 'n')).toBeUndefined();
    expect(nodeEventOf(event('create'), 'n')).toBeUndefined();
  });
});

describe('ExpectedStops', () => {
  it('makes the next exit of an announced node intentional, once', () => {
    const stops = new ExpectedStops();
    stops.expect('redis-1', 'stop move', 0);
    expect(stops.take('redis-2', 10)).toBeUndefined();
    expect(stops.take('redis-1', 10)).toBe('stop move');
    expect(stops.take('redis-1', 20)).toBeUndefined();
  });

  it('forgets an announcement whose exit never came in time (a failed move)', () => {
    const stops = new ExpectedStops();
    stops.expect('redis-1', 'stop move', 0);
    expect(stops.take('redis-1', EXPECTED_STOP_MS + 1)).toBeUndefined();
  });
});

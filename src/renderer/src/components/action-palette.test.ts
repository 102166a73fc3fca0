import { describe, expect, it } from 'vitest';
import { moveState, type PendingMove } from './action-palette';

describe('moveState', () => {
  const pending: PendingMove[] = [
    { key: 'action-isolate-clients-redis-1', node: 'redis-1' },
    { key: 'action-heal' },
    { key: 'action-export-keys-redis-1', node: 'redis-1' },
    { key: 'action-demote-redis-2', node: 'redis-2' },
  ];

  it('shows a move clicked while an earlier move of the same node is in flight as queued', () => {
    expect(moveState(pending, 'action-export-keys-redis-1')).toBe('queued');
  });

  it('shows the first move of a node, and moves of other nodes, as running', () => {
    expect(moveState(pending, 'action-isolate-clients-redis-1')).toBe('running');
    expect(moveState(pending, 'action-demote-redis-2')).toBe('running');
    expect(moveState(pending, 'action-heal')).toBe('running');
  });

  it('a move not clicked is idle, and a queued one runs once the one before it is answered', () => {
    expect(moveState(pending, 'action-stop-redis-1')).toBe('idle');
    expect(moveState(pending.slice(1), 'action-export-keys-redis-1')).toBe('running');
  });
});

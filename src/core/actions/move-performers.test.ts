import { describe, expect, it } from 'vitest';
import { MOVE_KINDS, describeAction, moveSystems } from '../../shared/move-registry';
import { MOVE_EFFECTS } from '../../shared/move-effects';
import type { Action } from '../../shared/scenario-schema';
import { systemEngine } from '../systems/scenario-systems';
import { NODE_ACTION_KINDS, type NodeActionKind } from './node-action-types';
import { GENERIC_MOVE_PERFORMERS } from './node-actions';

/** Every node move kind, by the NodeActionKind union (a kind missing here is a compile error). */
const NODE_KINDS: Record<NodeActionKind, true> = {
  'isolate-clients': true,
  'unisolate-clients': true,
  pause: true,
  resume: true,
  stop: true,
  start: true,
  restart: true,
  demote: true,
  'sync-clock': true,
  'export-keys': true,
  'replay-export': true,
  console: true,
  'stop-postgres': true,
  'maintenance-on': true,
  'maintenance-off': true,
  switchover: true,
  failover: true,
  reinit: true,
  'stop-keepalived': true,
  'start-keepalived': true,
  'restart-keepalived': true,
  'announce-vip': true,
  'move-leader': true,
  'fencing-check': true,
};

describe('moves, each defined once', () => {
  it('the node moves are exactly the moves that fit a member kind', () => {
    expect(Object.keys(NODE_ACTION_KINDS).sort()).toEqual(Object.keys(NODE_KINDS).sort());
  });

  it('every system that offers a node move carries it out: a generic performer or its own, never both', () => {
    for (const kind of Object.keys(NODE_KINDS) as NodeActionKind[]) {
      const systems = moveSystems(kind) ?? [];
      expect(systems.length, kind).toBeGreaterThan(0);
      for (const system of systems) {
        const own = systemEngine(system).moves[kind];
        const generic = GENERIC_MOVE_PERFORMERS[kind];
        expect([own, generic].filter(Boolean), `${kind} on ${system}`).toHaveLength(1);
      }
    }
  });

  it('offers each move on the systems that have a node it fits', () => {
    expect(moveSystems('demote')).toEqual(['redis-sentinel']);
    expect(moveSystems('isolate-clients')).toEqual(['redis-sentinel', 'patroni', 'etcd-raft']);
    expect(moveSystems('export-keys')).toEqual(['redis-sentinel', 'patroni']);
    expect(moveSystems('restart')).toEqual(['patroni', 'keepalived', 'etcd-raft']);
    expect(moveSystems('stop')).toEqual([
      'redis-sentinel',
      'patroni',
      'keepalived',
      'etcd-raft',
      'lock-service',
    ]);
    expect(moveSystems('fencing-check')).toEqual(['lock-service']);
    expect(moveSystems('move-leader')).toEqual(['etcd-raft']);
    expect(moveSystems('announce-vip')).toEqual(['keepalived']);
    expect(moveSystems('heal')).toBeUndefined();
  });

  it('counts every move that takes a node out of service, whatever its system', () => {
    const fences = Object.entries(MOVE_EFFECTS)
      .filter(([, e]) => e.fence)
      .map(([k]) => k)
      .sort();
    expect(fences).toEqual(['isolate-clients', 'stop', 'stop-keepalived', 'stop-postgres']);
    expect(MOVE_KINDS.pause.effect).toMatchObject({ fence: false, outOfService: true });
    expect(MOVE_KINDS.reinit.effect.rejoin).toBe(true);
  });

  it('words each move for the timeline', () => {
    const words = (a: Action) => describeAction(a);
    expect(words({ kind: 'isolate-clients', node: 'redis-1' })).toBe('isolate-clients redis-1');
    expect(words({ kind: 'console', node: 'pg-1', command: 'patronictl list' })).toBe(
      'console pg-1: patronictl list',
    );
    expect(words({ kind: 'heal' })).toBe('heal all faults');
    expect(words({ kind: 'heal', fault: 'cut' })).toBe('heal cut');
    expect(words({ kind: 'maintenance-on' })).toBe('maintenance mode on (patronictl pause)');
    expect(words({ kind: 'switchover', candidate: 'pg-2' })).toBe('switchover to pg-2');
    expect(words({ kind: 'end' })).toBe('end the scenario');
  });
});

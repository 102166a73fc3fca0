import { describe, expect, it } from 'vitest';
import type { Action } from '../../shared/scenario-schema';
import { clientPortOf } from './client-fence';
import {
  NODE_ACTION_KINDS,
  actionTarget,
  isNodeAction,
  type NodeAction,
} from './node-action-types';

describe('isNodeAction', () => {
  it('covers the Patroni moves, with or without a node', () => {
    const actions: Action[] = [
      { kind: 'stop-postgres', node: 'pg-1' },
      { kind: 'restart', node: 'pg-1' },
      { kind: 'maintenance-on' },
      { kind: 'maintenance-off' },
      { kind: 'switchover', candidate: 'pg-2' },
      { kind: 'failover', candidate: 'pg-2' },
      { kind: 'reinit', node: 'pg-3' },
      { kind: 'export-keys', node: 'pg-1' },
    ];
    for (const a of actions) expect(isNodeAction(a), a.kind).toBe(true);
    expect(isNodeAction({ kind: 'heal' })).toBe(false);
    expect(isNodeAction({ kind: 'end' })).toBe(false);
    expect(isNodeAction({ kind: 'declare-authoritative', node: 'pg-1' })).toBe(false);
  });
});

describe('actionTarget', () => {
  it('is the node, the candidate, or nothing for the cluster-wide moves', () => {
    const t = (a: NodeAction) => actionTarget(a);
    expect(t({ kind: 'reinit', node: 'pg-3' })).toBe('pg-3');
    expect(t({ kind: 'switchover', candidate: 'pg-2' })).toBe('pg-2');
    expect(t({ kind: 'maintenance-on' })).toBeUndefined();
  });
});

describe('NODE_ACTION_KINDS', () => {
  it('fits PostgreSQL and etcd nodes where it makes sense', () => {
    expect(NODE_ACTION_KINDS['isolate-clients']).toContain('postgres');
    expect(NODE_ACTION_KINDS['export-keys']).toEqual(['redis', 'postgres']);
    for (const k of ['pause', 'resume', 'stop', 'start', 'console'] as const) {
      expect(NODE_ACTION_KINDS[k]).toEqual(expect.arrayContaining(['postgres', 'etcd']));
    }
    for (const k of ['stop-postgres', 'switchover', 'failover', 'reinit'] as const) {
      expect(NODE_ACTION_KINDS[k]).toEqual(['postgres']);
    }
    expect(NODE_ACTION_KINDS.demote).toEqual(['redis']);
  });
});

describe('NODE_ACTION_KINDS on the keepalived lab', () => {
  it('gives routers and the client node the container moves and a console; the keepalived moves fit routers only', () => {
    for (const k of ['pause', 'resume', 'stop', 'start', 'restart', 'console'] as const) {
      expect(NODE_ACTION_KINDS[k]).toEqual(expect.arrayContaining(['router', 'vip-client']));
    }
    for (const k of [
      'stop-keepalived',
      'start-keepalived',
      'restart-keepalived',
      'announce-vip',
    ] as const) {
      expect(NODE_ACTION_KINDS[k]).toEqual(['router']);
    }
    expect(NODE_ACTION_KINDS['isolate-clients']).not.toContain('router');
    expect(isNodeAction({ kind: 'announce-vip', node: 'router-1' })).toBe(true);
    expect(actionTarget({ kind: 'stop-keepalived', node: 'router-2' })).toBe('router-2');
  });
});

describe('clientPortOf', () => {
  it('is the port the workload uses on each kind', () => {
    expect(clientPortOf({ kind: 'redis' })).toBe(6379);
    expect(clientPortOf({ kind: 'sentinel' })).toBe(26379);
    expect(clientPortOf({ kind: 'postgres' })).toBe(5432);
    expect(clientPortOf({ kind: 'etcd' })).toBe(2379);
  });

  it('refuses a kind with no client port, naming it, rather than guessing Redis', () => {
    expect(() => clientPortOf({ kind: 'router' })).toThrow(/a router node has no client port/);
    expect(() => clientPortOf({ kind: 'client' })).toThrow(/a client node has no client port/);
  });
});

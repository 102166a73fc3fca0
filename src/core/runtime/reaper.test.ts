import { describe, expect, it } from 'vitest';
import type { ContainerInfo, ContainerRuntime, NetworkInfo } from './container-runtime';
import { ownerId } from './labels';
import {
  FOREIGN_OWNER_MAX_AGE_MS,
  defaultIsOwnerAlive,
  judgeOwner,
  linuxProcessStartMs,
  localProcessState,
  parseOwner,
  reapOrphans,
  type LivenessProbe,
} from './reaper';

const NOW = 1_800_000_000_000;

function probe(over: Partial<LivenessProbe> = {}): LivenessProbe {
  return {
    hostname: 'laptop',
    now: NOW,
    processState: () => 'alive',
    processStartMs: () => undefined,
    ...over,
  };
}

describe('parseOwner', () => {
  it('parses hostname:pid:startMs, host may contain colons', () => {
    expect(parseOwner('laptop:4242:1700000000123')).toEqual({
      host: 'laptop',
      pid: 4242,
      startMs: 1700000000123,
    });
    expect(parseOwner('fe80::1:77:5')).toEqual({ host: 'fe80::1', pid: 77, startMs: 5 });
    expect(parseOwner('laptop:abc:1')).toBeUndefined();
    expect(parseOwner('laptop:0:1')).toBeUndefined();
    expect(parseOwner('')).toBeUndefined();
  });
});

describe('judgeOwner', () => {
  it('a dead pid on this host is gone', () => {
    expect(judgeOwner('laptop:4242:1', probe({ processState: () => 'dead' }))).toBe('dead-process');
  });

  it('a live pid with a matching start time (within 2 s) is alive', () => {
    const p = probe({ processStartMs: () => NOW - 60_000 + 1500 });
    expect(judgeOwner(`laptop:4242:${NOW - 60_000}`, p)).toBe('alive');
  });

  it('a live pid that started at another time is a reused pid', () => {
    const p = probe({ processStartMs: () => NOW - 60_000 + 2500 });
    expect(judgeOwner(`laptop:4242:${NOW - 60_000}`, p)).toBe('pid-reused');
  });

  it('a live pid whose start time cannot be read counts as alive', () => {
    expect(judgeOwner('laptop:4242:1', probe())).toBe('alive');
  });

  it('owners on other hosts are alive for 24 h, then expire', () => {
    const fresh = `other-host:1:${NOW - FOREIGN_OWNER_MAX_AGE_MS + 1000}`;
    const stale = `other-host:1:${NOW - FOREIGN_OWNER_MAX_AGE_MS - 1000}`;
    const neverAsked = probe({
      processState: () => {
        throw new Error('must not probe pids of another host');
      },
    });
    expect(judgeOwner(fresh, neverAsked)).toBe('foreign-alive');
    expect(judgeOwner(stale, neverAsked)).toBe('foreign-expired');
  });

  it('this very process is alive by the real probes', () => {
    expect(localProcessState(process.pid)).toBe('alive');
    expect(defaultIsOwnerAlive(ownerId())).toBe(true);
    if (process.platform === 'linux') {
      const start = linuxProcessStartMs(process.pid);
      const labelled = parseOwner(ownerId())?.startMs ?? 0;
      expect(start).toBeDefined();
      expect(Math.abs((start ?? 0) - labelled)).toBeLessThan(2000);
    }
  });

  it('a pid that does not exist is dead by the real probe', () => {
    // Linux pid_max is at most 2^22; this pid cannot exist.
    expect(localProcessState(2 ** 22 + 12345)).toBe('dead');
    expect(
      defaultIsOwnerAlive(`${parseOwner(ownerId())?.host}:${2 ** 22 + 12345}:${Date.now()}`),
    ).toBe(false);
  });
});

describe('reapOrphans', () => {
  function fakeRuntime() {
    const removed: string[] = [];
    const app = { 'dojo.app': 'failover-dojo' };
    const container = (id: string, labels: Record<string, string>): ContainerInfo => ({
      id,
      name: id,
      image: 'x',
      labels,
      state: 'running',
      ports: {},
      ips: {},
      pid: 0,
    });
    const network = (id: string, labels: Record<string, string>): NetworkInfo => ({
      id,
      name: id,
      subnet: '10.213.0.0/24',
      gateway: '10.213.0.1',
      labels,
    });
    const rt = {
      listContainers: async () => [
        container('c-dead', { ...app, 'dojo.owner': 'h:1:1', 'dojo.run': 'r1' }),
        container('c-live', { ...app, 'dojo.owner': 'h:2:1', 'dojo.run': 'r2' }),
        container('c-active', { ...app, 'dojo.owner': 'h:1:1', 'dojo.run': 'mine' }),
        container('c-noowner', { ...app }),
        container('c-foreign', { 'dojo.owner': 'h:1:1' }),
      ],
      listNetworks: async () => [
        network('n-dead', { ...app, 'dojo.owner': 'h:1:1' }),
        network('n-live', { ...app, 'dojo.owner': 'h:2:1' }),
      ],
      listVolumes: async () => [{ name: 'v-dead', labels: { ...app, 'dojo.owner': 'h:1:1' } }],
      removeContainer: async (id: string) => {
        removed.push(`container ${id}`);
      },
      removeNetwork: async (id: string) => {
        removed.push(`network ${id}`);
      },
      removeVolume: async (name: string) => {
        removed.push(`volume ${name}`);
      },
    } as unknown as ContainerRuntime;
    return { rt, removed };
  }

  it('removes only dead owners’ resources, containers before networks before volumes', async () => {
    const { rt, removed } = fakeRuntime();
    const asked: string[] = [];
    const result = await reapOrphans(rt, {
      isOwnerAlive: (o) => {
        asked.push(o);
        return o === 'h:2:1';
      },
      activeRunIds: new Set(['mine']),
    });
    expect(result).toEqual({
      containers: ['c-dead'],
      networks: ['n-dead'],
      volumes: ['v-dead'],
      errors: [],
    });
    expect(removed).toEqual(['container c-dead', 'network n-dead', 'volume v-dead']);
    // each owner judged once
    expect(asked.sort()).toEqual(['h:1:1', 'h:2:1']);
  });

  it('reports removal failures and carries on', async () => {
    const { rt } = fakeRuntime();
    (rt as { removeNetwork: (id: string) => Promise<void> }).removeNetwork = async () => {
      throw new Error('has active endpoints');
    };
    const result = await reapOrphans(rt, { isOwnerAlive: () => false });
    expect(result.networks).toEqual([]);
    expect(result.errors).toEqual([
      'network n-dead: has active endpoints',
      'network n-live: has active endpoints',
    ]);
    expect(result.volumes).toEqual(['v-dead']);
  });
});

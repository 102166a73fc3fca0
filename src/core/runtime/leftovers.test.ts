import { describe, expect, it } from 'vitest';
import type { ContainerInfo, NetworkInfo } from './container-runtime';
import { listLeftovers, namesOfRuns } from './leftovers';

const app = { 'dojo.app': 'failover-dojo' };

const container = (name: string, labels: Record<string, string>): ContainerInfo => ({
  id: `id-${name}`,
  name,
  image: 'x',
  labels,
  state: 'exited',
  ports: {},
  ips: {},
  pid: 0,
});

const network = (name: string, labels: Record<string, string>): NetworkInfo => ({
  id: `id-${name}`,
  name,
  subnet: '10.213.0.0/24',
  gateway: '10.213.0.1',
  labels,
});

describe('leftovers', () => {
  it('keeps the resources of the given runs only, and only the app’s', () => {
    const resources = [
      container('dojo-r1-redis-1', { ...app, 'dojo.run': 'r1' }),
      container('dojo-r2-redis-1', { ...app, 'dojo.run': 'r2' }),
      container('dojo-other-redis-1', { ...app, 'dojo.run': 'other' }),
      container('dojo-noapp', { 'dojo.run': 'r1' }),
      container('dojo-norun', { ...app }),
    ];
    expect(namesOfRuns(resources, new Set(['r1', 'r2']))).toEqual([
      'dojo-r1-redis-1',
      'dojo-r2-redis-1',
    ]);
    expect(namesOfRuns(resources, new Set())).toEqual([]);
  });

  it('lists containers and networks by the app label, then keeps the runs’ ones', async () => {
    const selectors: Record<string, string>[] = [];
    const runtime = {
      listContainers: async (labels: Record<string, string>) => {
        selectors.push(labels);
        return [
          container('dojo-r1-app-pinned', { ...app, 'dojo.run': 'r1' }),
          container('dojo-r9-app-pinned', { ...app, 'dojo.run': 'r9' }),
        ];
      },
      listNetworks: async (labels: Record<string, string>) => {
        selectors.push(labels);
        return [network('dojo-r1', { ...app, 'dojo.run': 'r1' })];
      },
    };
    expect(await listLeftovers(runtime, ['r1', 'r2'])).toEqual({
      containers: ['dojo-r1-app-pinned'],
      networks: ['dojo-r1'],
    });
    expect(selectors).toEqual([app, app]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerRuntime, NetworkInfo } from '../runtime/container-runtime';
import { EngineUnreachableError } from '../runtime/container-runtime';
import { Gate } from '../session/bring-up-gate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnginePool } from './engine-pool';
import { EnginePoolStore } from './engine-pool-store';

/** A runtime that answers (or not) `info`, lists labelled networks and removes what it is told. */
function fakeEngine(endpoint: string, cpus = 4, delayMs = 0) {
  const state = {
    up: true,
    networks: [] as NetworkInfo[],
    removed: [] as string[],
  };
  const down = () =>
    new EngineUnreachableError(
      `No Docker engine answers at ${endpoint}: connect ECONNREFUSED`,
      endpoint,
      [],
    );
  const rt = {
    endpoint,
    async info() {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (!state.up) throw down();
      return {
        serverVersion: '27.0',
        apiVersion: '1.46',
        os: 'linux',
        operatingSystem: 'Debian',
        cpus,
        memoryBytes: 16 * 1024 ** 3,
      };
    },
    async listNetworks() {
      if (!state.up) throw down();
      return state.networks;
    },
    async listContainers() {
      return [];
    },
    async listVolumes() {
      return [];
    },
    async removeNetwork(id: string) {
      state.removed.push(id);
      state.networks = state.networks.filter((n) => n.id !== id);
    },
    async imageExists() {
      return false;
    },
    async imageId() {
      return undefined;
    },
  } as unknown as ContainerRuntime;
  return { rt, state };
}

const labImagesDir = path.resolve(__dirname, '../../../lab-images');
const pools: EnginePool[] = [];
afterEach(() => pools.splice(0).forEach((p) => p.dispose()));

function poolOf(remote: ReturnType<typeof fakeEngine>, lost: string[]) {
  const local = fakeEngine('unix:///var/run/docker.sock (default)', 2);
  const pool = new EnginePool(local.rt, {
    labImagesDir,
    neededImages: ['redis', 'client'],
    localGate: new Gate(1),
    runtimeFor: () => remote.rt,
    onLost: (id, reason) => lost.push(`${id}: ${reason}`),
    watchMs: 20,
  });
  pools.push(pool);
  return pool;
}

async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('not in 3 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('EnginePool', () => {
  it('adds an engine that answers, with its capacity and the tunnel for a remote address', async () => {
    const remote = fakeEngine('tcp://10.0.0.5:2375 (engine pool)', 8);
    const pool = poolOf(remote, []);
    const added = await pool.add({ address: 'tcp://10.0.0.5:2375' });
    expect(added).toMatchObject({
      id: 'e1',
      name: '10.0.0.5',
      state: 'reachable',
      dataPath: 'tunnel',
      cpus: 8,
      labsFit: 8,
      images: { present: 0, needed: 2 },
    });
    await expect(pool.add({ address: 'tcp://10.0.0.5:2375' })).rejects.toThrow(
      /already in the pool/,
    );
    expect((await pool.list()).map((e) => e.id)).toEqual(['local', 'e1']);
  });

  it('refuses an engine that does not answer, and adds nothing', async () => {
    const remote = fakeEngine('tcp://10.0.0.6:2375 (engine pool)');
    remote.state.up = false;
    const pool = poolOf(remote, []);
    await expect(pool.add({ address: 'tcp://10.0.0.6:2375', name: 'lab-3' })).rejects.toThrow(
      /tcp:\/\/10.0.0.6:2375 does not answer: No Docker engine answers/,
    );
    expect(pool.summaries().map((e) => e.id)).toEqual(['local']);
  });

  it('reports an engine with runs that stops answering once, after two looks; reaps it once back', async () => {
    const remote = fakeEngine('tcp://10.0.0.7:2375 (engine pool)');
    const lost: string[] = [];
    const pool = poolOf(remote, lost);
    await pool.add({ address: 'tcp://10.0.0.7:2375', name: 'lab-2' });
    let end!: () => void;
    pool.track('e1', 'r1', new Promise<void>((r) => (end = r)));
    remote.state.up = false;
    await until(() => lost.length > 0);
    expect(lost).toEqual([
      'e1: the Docker engine lab-2 went away: No Docker engine answers at tcp://10.0.0.7:2375 (engine pool): connect ECONNREFUSED',
    ]);
    expect(pool.summaries()[1]).toMatchObject({ state: 'unreachable' });
    expect(() => pool.remove('e1')).toThrow(/still run there/);
    end();
    // What the run left there: a network of ours (this process is its owner).
    remote.state.networks = [
      {
        id: 'n1',
        name: 'dojo-r1',
        subnet: '10.1.0.0/24',
        gateway: '10.1.0.1',
        labels: {
          'dojo.app': 'failover-dojo',
          'dojo.run': 'r1',
          'dojo.owner': (await import('../runtime/labels')).ownerId(),
        },
      },
    ];
    remote.state.up = true;
    await until(() => remote.state.removed.includes('n1'));
    await until(() => pool.summaries()[1]!.state === 'reachable');
    expect(lost).toHaveLength(1);
    pool.remove('e1');
    expect(pool.summaries().map((e) => e.id)).toEqual(['local']);
  });

  it('places labs by the room each engine has left', async () => {
    const remote = fakeEngine('tcp://10.0.0.8:2375 (engine pool)', 4, 20); // farther than this machine
    const pool = poolOf(remote, []);
    await pool.add({ address: 'tcp://10.0.0.8:2375', name: 'big' });
    const placed = await pool.placeNamed(5);
    expect(placed.map((p) => p.name)).toEqual([
      'big',
      'big',
      'this machine',
      'big',
      'this machine',
    ]);
    expect(placed.every((p) => !p.over)).toBe(true);
  });
});

describe('the pool kept across restarts', () => {
  it('restores the added engines with their ids and names; a removed one is gone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-pool-store-'));
    const file = path.join(dir, 'engines.json');
    const remote = fakeEngine('tcp://10.0.0.9:2375 (engine pool)');
    const first = new EnginePool(fakeEngine('unix:///x.sock (default)').rt, {
      labImagesDir,
      neededImages: [],
      localGate: new Gate(1),
      runtimeFor: () => remote.rt,
      store: new EnginePoolStore(file),
    });
    pools.push(first);
    await first.add({ address: 'tcp://10.0.0.9:2375', name: 'lab-9' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      engines: [{ id: 'e1', address: 'tcp://10.0.0.9:2375', name: 'lab-9' }],
    });
    const second = new EnginePool(fakeEngine('unix:///x.sock (default)').rt, {
      labImagesDir,
      neededImages: [],
      localGate: new Gate(1),
      runtimeFor: (input) => fakeEngine(`${input.address} (engine pool)`).rt,
      store: new EnginePoolStore(file),
    });
    pools.push(second);
    expect((await second.list()).map((e) => `${e.id} ${e.name} ${e.state}`)).toEqual([
      'local this machine reachable',
      'e1 lab-9 reachable',
    ]);
    const next = await second.add({ address: 'tcp://10.0.0.10:2375' });
    expect(next.id).toBe('e2');
    second.remove('e1');
    expect(new EnginePoolStore(file).load().map((e) => e.id)).toEqual(['e2']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves an unreadable file aside with the reason, and loses nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-pool-store-'));
    const file = path.join(dir, 'engines.json');
    fs.writeFileSync(file, '{"engines": [{"id": "x", "address": 7}]}');
    const store = new EnginePoolStore(file);
    expect(store.load()).toEqual([]);
    expect(store.problem).toMatch(
      /engines.json could not be read .* moved to engines.json.unreadable-\d+/,
    );
    const aside = fs.readdirSync(dir).find((f) => f.startsWith('engines.json.unreadable-'))!;
    expect(fs.readFileSync(path.join(dir, aside), 'utf8')).toContain('"address": 7');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../shared/scenario-schema';
import { hostIpInSubnet } from '../labs/lab-definition';
import { FakeRedis } from '../../workload/test-fake-redis';
import type { WorkloadClientConfig } from '../../workload/workload-config';
import { bundleWorkload, findWorkloadDir } from './workload-bundle';
import { planWorkloadClients } from '../../systems/redis-sentinel/engine/workload/redis-workload-clients';
import { parseWorkloadLine } from './write-stream';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-workload-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('planWorkloadClients', () => {
  it('one container per client at .31, .32, ... with the bundle and its config', () => {
    const spec = workloadSchema.parse({
      timeout: '1.5s',
      clients: [
        { name: 'app-sentinel', mode: 'sentinel' },
        { name: 'app-pinned', mode: 'pinned' },
      ],
    });
    const plans = planWorkloadClients({
      spec,
      network: { hostIp: (n) => hostIpInSubnet('10.213.7.0/24', n) },
      sentinels: [
        { name: 'sentinel-1', ip: '10.213.7.21' },
        { name: 'sentinel-2', ip: '10.213.7.22', port: 26380 },
      ],
      nodes: { '10.213.7.11': 'redis-1', '10.213.7.12': 'redis-2' },
      masterName: 'mymaster',
      bundle: '// bundle',
    });
    expect(plans.map((p) => [p.name, p.mode, p.ipv4])).toEqual([
      ['app-sentinel', 'sentinel', '10.213.7.31'],
      ['app-pinned', 'pinned', '10.213.7.32'],
    ]);
    const p = plans[1];
    expect(p?.image).toBe('client');
    expect(p?.cmd).toEqual(['node', '/opt/dojo/workload.mjs', '/etc/dojo/workload.json']);
    expect(p?.capAdd).toEqual(['NET_ADMIN']);
    expect(p?.stopGraceSeconds).toBe(4);
    expect(p?.files.map((f) => f.path)).toEqual([
      '/opt/dojo/workload.mjs',
      '/etc/dojo/workload.json',
    ]);
    expect(p?.files[0]?.content).toBe('// bundle');
    const cfg = JSON.parse(p?.files[1]?.content ?? '') as WorkloadClientConfig;
    expect(cfg).toEqual({
      client: 'app-pinned',
      mode: 'pinned',
      rate: 20,
      timeoutMs: 1500,
      masterName: 'mymaster',
      sentinels: [
        { name: 'sentinel-1', ip: '10.213.7.21', port: 26379 },
        { name: 'sentinel-2', ip: '10.213.7.22', port: 26380 },
      ],
      nodes: { '10.213.7.11': 'redis-1', '10.213.7.12': 'redis-2' },
    });
    expect(p?.config).toEqual(cfg);
  });
});

describe('bundleWorkload', () => {
  it('finds src/workload from here and from a bundle location under out/', () => {
    const dir = findWorkloadDir();
    expect(fs.existsSync(path.join(dir, 'main.ts'))).toBe(true);
    expect(findWorkloadDir(path.join(dir, '..', '..', 'out', 'main'))).toBe(dir);
    expect(() => findWorkloadDir(os.tmpdir())).toThrow(/src\/workload not found/);
  });

  it('bundles the client into one self-contained ESM file, once', async () => {
    const t0 = Date.now();
    const bundle = await bundleWorkload();
    const tookMs = Date.now() - t0;
    expect(await bundleWorkload()).toBe(bundle);
    expect(bundle).toContain('get-master-addr-by-name');
    expect(bundle).toContain('/v3/kv/put');
    // no npm dependencies, only node: builtins
    const imports = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.every((m) => m?.startsWith('node:'))).toBe(true);
    expect(bundle).not.toMatch(/require\(["'](?!node:)/);
    console.log(`[workload] bundle ${bundle.length} bytes in ${tookMs} ms`);
    // four protocols (Redis, PostgreSQL, HTTP, etcd), the lock worker and the shared-key
    // script in one file copied into each client
    expect(bundle.length).toBeLessThan(72_000);
  });

  it('the bundled client writes to a server, prints JSON lines and exits 0 on SIGTERM', async () => {
    const redis = await new FakeRedis('127.0.0.1').listen();
    const sentinel = await new FakeRedis('127.0.0.1').listen();
    sentinel.sentinelMaster = ['127.0.0.1', redis.port];
    try {
      const file = path.join(tmp, 'workload.mjs');
      fs.writeFileSync(file, await bundleWorkload());
      const cfgFile = path.join(tmp, 'workload.json');
      const cfg: WorkloadClientConfig = {
        client: 'app',
        mode: 'sentinel',
        rate: 40,
        timeoutMs: 500,
        masterName: 'mymaster',
        sentinels: [{ name: 'sentinel-1', ip: '127.0.0.1', port: sentinel.port }],
        nodes: { '127.0.0.1': 'redis-1' },
      };
      fs.writeFileSync(cfgFile, JSON.stringify(cfg));
      const child = spawn(process.execPath, [file, cfgFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const deadline = Date.now() + 5000;
      while (out.split('\n').filter((l) => l.includes('"write"')).length < 20) {
        if (Date.now() > deadline) throw new Error(`no writes: ${out} ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      redis.freeze(); // one write in flight when SIGTERM comes: the client waits for its timeout
      await new Promise((r) => setTimeout(r, 30));
      const t0 = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(1500);
      const lines = out.trim().split('\n').map(parseWorkloadLine);
      expect(lines.every((l) => l !== undefined)).toBe(true);
      expect(lines[0]).toMatchObject({ type: 'status', status: { connectedTo: 'redis-1' } });
      const writes = lines.flatMap((l) => (l?.type === 'write' ? [l.record] : []));
      expect(writes.some((w) => w.outcome === 'timeout')).toBe(true);
      expect(writes.filter((w) => w.outcome === 'ack').every((w) => w.node === 'redis-1')).toBe(
        true,
      );
      expect(err).toMatch(/SIGTERM, draining/);
      redis.thaw();
    } finally {
      await redis.close();
      await sentinel.close();
    }
  });
});

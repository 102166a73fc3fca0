import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../../../shared/scenario-schema';
import { hostIpInSubnet } from '../../../../core/labs/lab-definition';
import {
  parseAnyWorkloadConfig,
  type HttpWorkloadClientConfig,
} from '../../../../workload/workload-config';
import { bundleWorkload } from '../../../../core/workload/workload-bundle';
import { planKeepalivedWorkloadClients } from './keepalived-workload-clients';
import { parseWorkloadLine } from '../../../../core/workload/write-stream';

const network = { hostIp: (n: number) => hostIpInSubnet('10.214.3.0/24', n) };
const routers = [
  { name: 'router-1', ip: '10.214.3.11' },
  { name: 'router-2', ip: '10.214.3.12' },
];

describe('planKeepalivedWorkloadClients', () => {
  it('one client container per HTTP client at .31, .32, ... requesting the VIP on port 80', () => {
    const spec = workloadSchema.parse({
      rate: 20,
      timeout: '800ms',
      clients: [
        { name: 'app-session', mode: 'http-session' },
        { name: 'app-oneshot', mode: 'http-oneshot' },
      ],
    });
    const plans = planKeepalivedWorkloadClients({
      spec,
      network,
      vip: '10.214.3.250',
      routers,
      bundle: '// bundle',
    });
    expect(plans.map((p) => [p.name, p.mode, p.ipv4])).toEqual([
      ['app-session', 'http-session', '10.214.3.31'],
      ['app-oneshot', 'http-oneshot', '10.214.3.32'],
    ]);
    const p = plans[0];
    expect(p?.image).toBe('client');
    expect(p?.cmd).toEqual(['node', '/opt/dojo/workload.mjs', '/etc/dojo/workload.json']);
    expect(p?.capAdd).toEqual(['NET_ADMIN']);
    expect(p?.stopGraceSeconds).toBe(3);
    expect(p?.files[0]).toMatchObject({ path: '/opt/dojo/workload.mjs', content: '// bundle' });
    expect(p?.files[1]?.path).toBe('/etc/dojo/workload.json');
    const cfg = parseAnyWorkloadConfig(JSON.parse(p?.files[1]?.content ?? ''));
    expect(cfg).toEqual({
      system: 'http',
      client: 'app-session',
      mode: 'http-session',
      rate: 20,
      timeoutMs: 800,
      vip: '10.214.3.250',
      port: 80,
      routers,
    });
    expect(p?.config).toEqual(cfg);
  });

  it('refuses a Redis or PostgreSQL mode', () => {
    const spec = workloadSchema.parse({ clients: [{ name: 'app', mode: 'pinned' }] });
    expect(() =>
      planKeepalivedWorkloadClients({ spec, network, vip: '10.214.3.250', routers, bundle: '' }),
    ).toThrow(/app: mode pinned is not a keepalived \(HTTP\) mode/);
  });
});

describe('parseAnyWorkloadConfig (http)', () => {
  const ok = {
    system: 'http',
    client: 'app',
    mode: 'http-oneshot',
    rate: 20,
    timeoutMs: 1000,
    vip: '10.0.0.250',
    port: 80,
    routers: [],
  };
  it('names the offending field', () => {
    expect(parseAnyWorkloadConfig(ok)).toEqual(ok);
    expect(() => parseAnyWorkloadConfig({ ...ok, mode: 'sentinel' })).toThrow(/invalid mode/);
    expect(() => parseAnyWorkloadConfig({ ...ok, vip: 'vip' })).toThrow(/invalid vip/);
    expect(() => parseAnyWorkloadConfig({ ...ok, port: 0 })).toThrow(/invalid port/);
    expect(() => parseAnyWorkloadConfig({ ...ok, routers: [{ name: 1 }] })).toThrow(
      /invalid routers/,
    );
  });
});

describe('the bundled HTTP client', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-http-bundle-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('GETs the VIP, prints each answer as a write line naming the router, exits 0 on SIGTERM', async () => {
    const server = http.createServer((_req, res) => res.end('router-1\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    try {
      const file = path.join(tmp, 'workload.mjs');
      fs.writeFileSync(file, await bundleWorkload());
      const cfgFile = path.join(tmp, 'workload.json');
      const cfg: HttpWorkloadClientConfig = {
        system: 'http',
        client: 'app-session',
        mode: 'http-session',
        rate: 40,
        timeoutMs: 500,
        vip: '127.0.0.1',
        port,
        routers,
      };
      fs.writeFileSync(cfgFile, JSON.stringify(cfg));
      const child = spawn(process.execPath, [file, cfgFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const deadline = Date.now() + 5000;
      while (out.split('\n').filter((l) => l.includes('"write"')).length < 10) {
        if (Date.now() > deadline) throw new Error(`no requests: ${out} ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const lines = out.trim().split('\n').map(parseWorkloadLine);
      expect(lines[0]).toMatchObject({
        type: 'status',
        status: { system: 'http', mode: 'http-session', connectedTo: 'vip' },
      });
      const writes = lines.flatMap((l) => (l?.type === 'write' ? [l.record] : []));
      expect(writes.every((w) => w.outcome === 'ack' && w.node === 'router-1')).toBe(true);
      expect(writes[0]?.key).toBe('dojo:w:app-session:000001');
      expect(err).toMatch(/app-session: http mode http-session, 40 writes\/s/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

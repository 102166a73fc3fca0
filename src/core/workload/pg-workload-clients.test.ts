import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../shared/scenario-schema';
import type { ContainerRuntime, ExecOptions } from '../runtime/container-runtime';
import { hostIpInSubnet } from '../labs/lab-definition';
import { FakePostgres } from '../../workload/test-fake-postgres';
import { parseClientSeqRows, readPostgresWorkloadKeys } from './read-back';
import { bundleWorkload } from './workload-bundle';
import { planPostgresWorkloadClients } from '../../systems/patroni/engine/workload/postgres-workload-clients';
import { planWorkloadClients } from '../../systems/redis-sentinel/engine/workload/redis-workload-clients';
import { parseWorkloadLine } from './write-stream';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-pg-workload-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const hostIp = (n: number): string => hostIpInSubnet('10.213.7.0/24', n);

describe('planPostgresWorkloadClients', () => {
  it('one container per client at .31, .32, ... with a postgres config', () => {
    const spec = workloadSchema.parse({
      timeout: '1.5s',
      clients: [
        { name: 'app-pinned', mode: 'pinned' },
        { name: 'app-multi', mode: 'multi-host' },
      ],
    });
    const plans = planPostgresWorkloadClients({
      spec,
      network: { hostIp },
      hosts: [
        { name: 'pg-1', ip: '10.213.7.11' },
        { name: 'pg-2', ip: '10.213.7.12', port: 5433 },
      ],
      database: 'dojo',
      user: 'dojo',
      password: 'pw',
      bundle: '// bundle',
    });
    expect(plans.map((p) => [p.name, p.mode, p.ipv4])).toEqual([
      ['app-pinned', 'pinned', '10.213.7.31'],
      ['app-multi', 'multi-host', '10.213.7.32'],
    ]);
    const p = plans[1];
    expect(p?.config).toEqual({
      system: 'postgres',
      client: 'app-multi',
      mode: 'multi-host',
      rate: 20,
      timeoutMs: 1500,
      hosts: [
        { name: 'pg-1', ip: '10.213.7.11', port: 5432 },
        { name: 'pg-2', ip: '10.213.7.12', port: 5433 },
      ],
      database: 'dojo',
      user: 'dojo',
      password: 'pw',
    });
    expect(p?.cmd).toEqual(['node', '/opt/dojo/workload.mjs', '/etc/dojo/workload.json']);
    expect(JSON.parse(p?.files[1]?.content ?? '')).toEqual(p?.config);
    expect(p?.stopGraceSeconds).toBe(4);
    expect(p?.image).toBe('client');
  });

  it('refuses a Redis mode for Postgres and a Postgres mode for Redis', () => {
    const spec = (mode: string): ReturnType<typeof workloadSchema.parse> =>
      workloadSchema.parse({ clients: [{ name: 'x', mode }] });
    expect(() =>
      planPostgresWorkloadClients({
        spec: spec('sentinel'),
        network: { hostIp },
        hosts: [{ name: 'pg-1', ip: '10.213.7.11' }],
        database: 'd',
        user: 'u',
        bundle: '',
      }),
    ).toThrow(/sentinel is not a PostgreSQL mode/);
    expect(() =>
      planWorkloadClients({
        spec: spec('multi-host'),
        network: { hostIp },
        sentinels: [],
        nodes: {},
        masterName: 'm',
        bundle: '',
      }),
    ).toThrow(/multi-host is not a Redis mode/);
  });
});

describe('Postgres read-back', () => {
  it('turns psql rows into the ledger keys', () => {
    expect([...parseClientSeqRows('app-pinned 42\napp-multi 1234567\n\ngarbage\n')]).toEqual([
      'dojo:w:app-pinned:000042',
      'dojo:w:app-multi:1234567',
    ]);
  });

  it('runs psql inside the node, an empty set when the table does not exist, throws on failure', async () => {
    const calls: { cmd: string[]; opts?: ExecOptions }[] = [];
    let table = true;
    let fail = false;
    const runtime = {
      exec: (_id: string, cmd: string[], opts?: ExecOptions) => {
        calls.push({ cmd, ...(opts ? { opts } : {}) });
        if (fail) {
          return Promise.resolve({
            exitCode: 2,
            stdout: '',
            stderr: 'psql: error: connection refused',
          });
        }
        const sql = cmd.at(-1) ?? '';
        const stdout = sql.startsWith('SELECT CASE') ? (table ? 'x\n' : '\n') : 'a 1\na 2\nb 10\n';
        return Promise.resolve({ exitCode: 0, stdout, stderr: '' });
      },
    } as unknown as ContainerRuntime;
    const keys = await readPostgresWorkloadKeys(runtime, 'c1', {
      user: 'postgres',
      database: 'dojo',
      host: '127.0.0.1',
      password: 'pw',
    });
    expect([...keys]).toEqual(['dojo:w:a:000001', 'dojo:w:a:000002', 'dojo:w:b:000010']);
    expect(calls[1]?.cmd).toEqual([
      'psql',
      '-X',
      '-q',
      '-A',
      '-t',
      '-v',
      'ON_ERROR_STOP=1',
      '-U',
      'postgres',
      '-d',
      'dojo',
      '-h',
      '127.0.0.1',
      '-F',
      ' ',
      '-c',
      'SELECT client, seq FROM dojo_writes',
    ]);
    expect(calls[1]?.opts?.env).toEqual({ PGPASSWORD: 'pw' });
    table = false;
    expect((await readPostgresWorkloadKeys(runtime, 'c1', { user: 'u', database: 'd' })).size).toBe(
      0,
    );
    fail = true;
    await expect(
      readPostgresWorkloadKeys(runtime, 'c1', { user: 'u', database: 'd' }),
    ).rejects.toThrow(/exit 2.*connection refused/);
  });
});

describe('the bundled client in postgres mode', () => {
  it('writes to the primary, prints JSON lines with warnings and exits 0 on SIGTERM', async () => {
    const pg = await new FakePostgres('127.0.0.1').listen();
    pg.auth = 'md5';
    pg.insertWarning = {
      message: 'canceling wait for synchronous replication due to user request',
    };
    try {
      const file = path.join(tmp, 'workload.mjs');
      const bundle = await bundleWorkload();
      expect(bundle).toContain('dojo_writes');
      // four protocols, the lock worker and the shared-key script in one file per client
      expect(bundle.length).toBeLessThan(72_000);
      fs.writeFileSync(file, bundle);
      const cfgFile = path.join(tmp, 'workload.json');
      const [plan] = planPostgresWorkloadClients({
        spec: workloadSchema.parse({
          rate: 40,
          timeout: '500ms',
          clients: [{ name: 'app', mode: 'multi-host' }],
        }),
        network: { hostIp },
        hosts: [{ name: 'pg-1', ip: '127.0.0.1', port: pg.port }],
        database: 'postgres',
        user: 'postgres',
        password: 'secret',
        bundle,
      });
      fs.writeFileSync(cfgFile, plan?.files[1]?.content ?? '');
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
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const lines = out.trim().split('\n').map(parseWorkloadLine);
      expect(lines.every((l) => l !== undefined)).toBe(true);
      expect(lines[0]).toMatchObject({
        type: 'status',
        status: { connectedTo: 'pg-1', mode: 'multi-host', system: 'postgres' },
      });
      const writes = lines.flatMap((l) => (l?.type === 'write' ? [l.record] : []));
      expect(writes.length).toBeGreaterThanOrEqual(20);
      expect(writes.every((w) => w.outcome === 'ack' && w.node === 'pg-1')).toBe(true);
      expect(writes[0]?.warning).toBe(
        'WARNING: canceling wait for synchronous replication due to user request',
      );
      expect(pg.rows.size).toBe(writes.length);
      expect(err).toMatch(/workload app: postgres mode multi-host, 40 writes\/s/);
    } finally {
      await pg.close();
    }
  });
});

import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WriteRecord } from '../shared/scenario-types';
import { EtcdWriteLoop, putBody, putOutcome } from './etcd-write-loop';
import type { WorkloadStatus } from './fixed-rate-writer';
import { parseAnyWorkloadConfig, type EtcdWorkloadClientConfig } from './workload-config';

/**
 * A stand-in for one etcd member's v3 JSON gateway on 127.0.0.1: answers
 * /v3/maintenance/status and /v3/kv/put (keeping the keys it was given), or,
 * when `cut`, holds every request unanswered (a member behind a partition
 * whose TCP still connects), or answers puts with etcd's "no leader" error.
 */
class FakeMember {
  mode: 'ok' | 'cut' | 'no-leader' = 'ok';
  readonly keys: string[] = [];
  port = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (this.mode === 'cut') return;
      if (req.url === '/v3/maintenance/status') {
        res.end(JSON.stringify({ header: { member_id: '1', revision: '1' }, raftTerm: '2' }));
      } else if (req.url === '/v3/kv/put' && this.mode === 'no-leader') {
        res.writeHead(503).end(JSON.stringify({ error: 'etcdserver: no leader', code: 14 }));
      } else if (req.url === '/v3/kv/put') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { key: string };
        this.keys.push(Buffer.from(body.key, 'base64').toString());
        res.end(JSON.stringify({ header: { revision: String(this.keys.length + 1) } }));
      } else res.writeHead(404).end('{}');
    });
  });

  async listen(): Promise<this> {
    this.server.on('connection', (s: net.Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

const open: FakeMember[] = [];
const loops: EtcdWriteLoop[] = [];
afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
  await Promise.all(open.splice(0).map((m) => m.close()));
});

async function run(mode: EtcdWorkloadClientConfig['mode'], members: FakeMember[]) {
  const writes: WriteRecord[] = [];
  const statuses: WorkloadStatus[] = [];
  const cfg: EtcdWorkloadClientConfig = {
    system: 'etcd',
    client: 'app',
    mode,
    rate: 50,
    timeoutMs: 200,
    hosts: members.map((m, i) => ({ name: `raft-${i + 1}`, ip: '127.0.0.1', port: m.port })),
  };
  const loop = new EtcdWriteLoop(cfg, {
    onWrite: (r) => writes.push(r),
    onStatus: (s) => statuses.push(s),
  });
  loops.push(loop);
  loop.start();
  return { writes, statuses };
}

async function members(n: number): Promise<FakeMember[]> {
  const ms = await Promise.all(Array.from({ length: n }, () => new FakeMember().listen()));
  open.push(...ms);
  return ms;
}

describe('putOutcome and putBody', () => {
  it('acknowledges a 200 with a header and fails with etcd’s own words otherwise', () => {
    expect(putOutcome({ status: 200, body: '{"header":{"revision":"7"}}' })).toEqual({
      outcome: 'ack',
    });
    expect(
      putOutcome({ status: 503, body: '{"error":"etcdserver: no leader","code":14}' }),
    ).toEqual({
      outcome: 'fail',
      error: 'etcdserver: no leader',
    });
    expect(putOutcome({ status: 502, body: '<html>' })).toEqual({
      outcome: 'fail',
      error: 'HTTP 502',
    });
  });

  it('encodes key and value in base64 as the gateway wants them', () => {
    expect(JSON.parse(putBody('dojo:w:a:000001', 'a:1:5'))).toEqual({
      key: Buffer.from('dojo:w:a:000001').toString('base64'),
      value: Buffer.from('a:1:5').toString('base64'),
    });
  });
});

describe('the etcd client config', () => {
  const good = {
    system: 'etcd',
    client: 'app-multi',
    mode: 'multi-host',
    rate: 20,
    timeoutMs: 1000,
    hosts: [{ name: 'raft-1', ip: '10.0.0.11', port: 2379 }],
  };

  it('is read by its system and refused, naming the field, when a field is wrong', () => {
    expect(parseAnyWorkloadConfig(good)).toEqual(good);
    expect(() => parseAnyWorkloadConfig({ ...good, mode: 'sentinel' })).toThrow('invalid mode');
    expect(() => parseAnyWorkloadConfig({ ...good, hosts: [] })).toThrow('invalid hosts');
    expect(() =>
      parseAnyWorkloadConfig({ ...good, hosts: [{ name: 'raft-1', ip: '10.0.0.11' }] }),
    ).toThrow('invalid hosts');
    expect(() => parseAnyWorkloadConfig({ ...good, client: 'a b' })).toThrow('invalid client');
  });
});

describe('EtcdWriteLoop', () => {
  it('puts every write through its member, keyed dojo:w:<client>:<seq6>, acknowledged', async () => {
    const [m1] = await members(1);
    const { writes } = await run('pinned', [m1 as FakeMember]);
    await vi.waitFor(() => expect(writes.length).toBeGreaterThanOrEqual(5), { timeout: 5000 });
    expect(writes.slice(0, 5).every((w) => w.outcome === 'ack' && w.node === 'raft-1')).toBe(true);
    expect(m1?.keys[0]).toBe('dojo:w:app:000001');
  });

  it('pinned: keeps writing through a member that no longer answers; its writes time out', async () => {
    const [m1, m2] = await members(2);
    const { writes } = await run('pinned', [m1 as FakeMember, m2 as FakeMember]);
    await vi.waitFor(() => expect(writes.some((w) => w.outcome === 'ack')).toBe(true), {
      timeout: 5000,
    });
    (m1 as FakeMember).mode = 'cut';
    const from = writes.length;
    await vi.waitFor(() => expect(writes.length - from).toBeGreaterThanOrEqual(10), {
      timeout: 5000,
    });
    const after = writes.slice(from + 2);
    expect(after.every((w) => w.node === 'raft-1' && w.outcome === 'timeout')).toBe(true);
    expect(m2?.keys).toEqual([]);
  });

  it('multi-host: moves to the next member after a timeout and is acknowledged there', async () => {
    const [m1, m2] = await members(2);
    const { writes, statuses } = await run('multi-host', [m1 as FakeMember, m2 as FakeMember]);
    await vi.waitFor(() => expect(writes.some((w) => w.outcome === 'ack')).toBe(true), {
      timeout: 5000,
    });
    (m1 as FakeMember).mode = 'cut';
    await vi.waitFor(
      () => expect(writes.some((w) => w.node === 'raft-2' && w.outcome === 'ack')).toBe(true),
      { timeout: 5000 },
    );
    expect(writes.some((w) => w.node === 'raft-1' && w.outcome === 'timeout')).toBe(true);
    expect(statuses.map((s) => s.connectedTo)).toContain('raft-2');
  });

  it('multi-host: moves on after an error answer (no leader) too', async () => {
    const [m1, m2] = await members(2);
    (m1 as FakeMember).mode = 'no-leader';
    const { writes } = await run('multi-host', [m1 as FakeMember, m2 as FakeMember]);
    await vi.waitFor(
      () => expect(writes.some((w) => w.node === 'raft-2' && w.outcome === 'ack')).toBe(true),
      { timeout: 5000 },
    );
    expect(writes.find((w) => w.node === 'raft-1')).toMatchObject({
      outcome: 'fail',
      error: 'etcdserver: no leader',
    });
  });
});

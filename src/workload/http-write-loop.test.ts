import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WriteRecord } from '../shared/scenario-types';
import type { WorkloadStatus } from './fixed-rate-writer';
import { HttpWriteLoop, answerResult, requestPath } from './http-write-loop';
import { ARP_CACHE_MS } from './proc-net-arp';
import { settle, until, useFakeClock } from './test-clock';
import type { HttpWorkloadClientConfig } from './workload-config';

/**
 * The HTTP loop against a real node:http server on 127.0.0.1 standing in for
 * the router behind the VIP: it answers its name, with keep-alive, and can
 * reset the connection of the next request (what a router without the
 * connection's state does once the ARP entry moves to it), hold a request
 * unanswered, or answer 503. Time is the fake clock of test-clock.ts: the
 * sockets are real, the rate, the timeouts and the ARP cache are counted in
 * fake milliseconds.
 */
class RouterServer {
  name = 'router-1';
  /** `reset`: the next request's connection is reset instead of answered. */
  next: 'answer' | 'reset' | 'hold' | '503' = 'answer';
  connections = 0;
  readonly paths: string[] = [];
  readonly connectionHeaders: (string | undefined)[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly server = http.createServer((req, res) => {
    this.paths.push(req.url ?? '');
    this.connectionHeaders.push(req.headers.connection);
    const what = this.next;
    if (what !== 'answer') this.next = 'answer';
    if (what === 'reset') req.socket.resetAndDestroy();
    else if (what === '503') res.writeHead(503).end('<html>503 Service Unavailable</html>');
    else if (what === 'answer') res.end(`${this.name}\n`);
  });
  port = 0;

  async listen(): Promise<this> {
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (s: net.Socket) => {
      this.connections++;
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

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-http-'));
const arpFile = path.join(tmp, 'arp');
const MAC_1 = '02:42:0a:d6:03:0b';
const MAC_2 = '02:42:0a:d6:03:0c';
const writeArp = (mac: string): void =>
  fs.writeFileSync(
    arpFile,
    'IP address       HW type     Flags       HW address            Mask     Device\n' +
      `127.0.0.1        0x1         0x2         ${mac.toUpperCase()}     *        eth0\n`,
  );
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const servers: RouterServer[] = [];
const loops: HttpWriteLoop[] = [];
beforeEach(useFakeClock);
afterEach(async () => {
  await settle(Promise.all(loops.splice(0).map((l) => l.stop())));
  await settle(Promise.all(servers.splice(0).map((s) => s.close())));
  vi.useRealTimers();
});

async function run(
  mode: HttpWorkloadClientConfig['mode'],
  port: number,
  timeoutMs = 300,
): Promise<{ records: WriteRecord[]; statuses: WorkloadStatus[] }> {
  const records: WriteRecord[] = [];
  const statuses: WorkloadStatus[] = [];
  const cfg: HttpWorkloadClientConfig = {
    system: 'http',
    client: 'app',
    mode,
    rate: 50,
    timeoutMs,
    vip: '127.0.0.1',
    port,
    routers: [
      { name: 'router-1', ip: '10.0.0.11' },
      { name: 'router-2', ip: '10.0.0.12' },
    ],
  };
  const loop = new HttpWriteLoop(
    cfg,
    { onWrite: (r) => records.push(r), onStatus: (s) => statuses.push(s) },
    arpFile,
  );
  loops.push(loop);
  loop.start();
  return { records, statuses };
}

async function server(): Promise<RouterServer> {
  const s = await new RouterServer().listen();
  servers.push(s);
  return s;
}

describe('answerResult', () => {
  const routers = ['router-1', 'router-2'];
  it('a 200 with a body is acknowledged by the router it names; anything else fails', () => {
    expect(answerResult({ status: 200, body: 'router-2\n' }, routers)).toEqual({
      outcome: 'ack',
      node: 'router-2',
    });
    expect(answerResult({ status: 503, body: '<html>503</html>' }, routers)).toEqual({
      outcome: 'fail',
      node: 'none',
      error: 'HTTP 503',
    });
    expect(answerResult({ status: 500, body: 'router-1' }, routers)).toEqual({
      outcome: 'fail',
      node: 'router-1',
      error: 'HTTP 500',
    });
    expect(answerResult({ status: 200, body: ' \n' }, routers)).toMatchObject({
      outcome: 'fail',
      error: 'empty body',
    });
  });
  it('sends the key as the query', () => {
    expect(requestPath('dojo:w:app:000042')).toBe('/?k=dojo%3Aw%3Aapp%3A000042');
  });
});

describe('HttpWriteLoop http-session', () => {
  it('reuses one keep-alive connection; a reset fails one request, the next ones go on a new connection', async () => {
    writeArp(MAC_1);
    const srv = await server();
    const { records, statuses } = await run('http-session', srv.port);
    await until('10 answers', () => records.length >= 10);
    expect(srv.connections).toBe(1);
    expect(records.every((r) => r.outcome === 'ack' && r.node === 'router-1')).toBe(true);
    expect(records.every((r) => r.via === MAC_1)).toBe(true);
    expect(records[0]).toMatchObject({ client: 'app', seq: 1, key: 'dojo:w:app:000001' });
    expect(srv.paths[0]).toBe('/?k=dojo%3Aw%3Aapp%3A000001');
    expect(srv.connectionHeaders[0]).toBe('keep-alive');
    expect(statuses[0]).toMatchObject({
      client: 'app',
      mode: 'http-session',
      system: 'http',
      connectedTo: 'vip',
      ip: '127.0.0.1',
      via: MAC_1,
    });

    // the ARP entry moves: the other router resets the connection, then answers on a new one
    writeArp(MAC_2);
    const movedAt = Date.now();
    srv.name = 'router-2';
    srv.next = 'reset';
    await until('a reset', () => records.some((r) => r.outcome === 'fail'));
    const failAt = records.findIndex((r) => r.outcome === 'fail');
    await until('5 answers after it', () => records.length >= failAt + 6);
    const failed = records[failAt];
    expect(failed).toMatchObject({ outcome: 'fail', node: 'none', error: 'ECONNRESET' });
    expect(records.filter((r) => r.outcome === 'fail')).toHaveLength(1);
    const after = records.slice(failAt + 1);
    expect(after.every((r) => r.outcome === 'ack' && r.node === 'router-2')).toBe(true);
    // via is read at most ARP_CACHE_MS late
    const late = records.filter((r) => r.sentAt >= movedAt + ARP_CACHE_MS);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((r) => r.via === MAC_2)).toBe(true);
    expect(srv.connections).toBe(2);
    expect(statuses.map((s) => [s.connectedTo, s.reason])).toEqual([
      ['vip', undefined],
      [null, 'ECONNRESET'],
      ['vip', undefined],
    ]);
  });

  it('a request without an answer times out and the session starts over', async () => {
    writeArp(MAC_1);
    const srv = await server();
    const { records, statuses } = await run('http-session', srv.port, 200);
    await until('3 answers', () => records.length >= 3);
    srv.next = 'hold';
    await until('a timeout', () => records.some((r) => r.outcome === 'timeout'));
    const t = records.find((r) => r.outcome === 'timeout');
    expect(t).toMatchObject({ node: 'none', error: 'no answer within 200 ms', via: MAC_1 });
    expect((t?.doneAt ?? 0) - (t?.sentAt ?? 0)).toBeGreaterThanOrEqual(195);
    const n = records.length;
    await until('answers again', () => records.slice(n).some((r) => r.outcome === 'ack'));
    expect(statuses.some((s) => s.connectedTo === null && s.reason === 'timeout')).toBe(true);
    expect(srv.connections).toBe(2);
  });
});

describe('HttpWriteLoop http-oneshot', () => {
  it('a new connection per request with Connection: close, never failing on a move', async () => {
    writeArp(MAC_1);
    const srv = await server();
    const { records, statuses } = await run('http-oneshot', srv.port);
    await until('5 answers', () => records.length >= 5);
    srv.name = 'router-2';
    writeArp(MAC_2);
    const movedAt = Date.now();
    const n = records.length;
    await until('6 more', () => records.length >= n + 6);
    expect(records.every((r) => r.outcome === 'ack')).toBe(true);
    expect(records.slice(n + 1).every((r) => r.node === 'router-2')).toBe(true);
    const late = records.filter((r) => r.sentAt >= movedAt + ARP_CACHE_MS);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((r) => r.via === MAC_2)).toBe(true);
    expect(srv.connections).toBeGreaterThanOrEqual(records.length);
    expect(srv.connectionHeaders.every((h) => h === 'close')).toBe(true);
    expect(statuses).toHaveLength(1);
  });

  it('reports the connect error and an error status by name', async () => {
    writeArp(MAC_1);
    const srv = await server();
    const port = srv.port;
    const { records } = await run('http-oneshot', port);
    await until('2 answers', () => records.length >= 2);
    srv.next = '503';
    await until('a 503', () => records.some((r) => r.outcome === 'fail'));
    expect(records.find((r) => r.outcome === 'fail')).toMatchObject({
      node: 'none',
      error: 'HTTP 503',
    });
    await servers.splice(0, 1)[0]?.close();
    const n = records.length;
    await until('refused', () => records.slice(n).some((r) => r.error === 'ECONNREFUSED'));
    expect(records.find((r) => r.error === 'ECONNREFUSED')).toMatchObject({
      outcome: 'fail',
      node: 'none',
      via: MAC_1,
    });
  });
});

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RespError } from './resp';
import { CommandTimeoutError, ConnectionLostError, RespConnection } from './resp-client';
import { FakeRedis } from './test-fake-redis';

const servers: FakeRedis[] = [];
const conns: RespConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});
const fake = async (): Promise<FakeRedis> => {
  const s = await new FakeRedis().listen();
  servers.push(s);
  return s;
};
const connect = async (s: FakeRedis): Promise<RespConnection> => {
  const c = await RespConnection.connect(s.host, s.port, 1000);
  conns.push(c);
  return c;
};

describe('RespConnection', () => {
  it('pipelines: many commands in flight, replies matched in order', async () => {
    const s = await fake();
    const c = await connect(s);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => c.command(['SET', `k${i}`, `v${i}`], 1000)),
    );
    expect(replies.every((r) => r === 'OK')).toBe(true);
    const gets = await Promise.all([
      c.command(['GET', 'k7'], 1000),
      c.command(['GET', 'k199'], 1000),
    ]);
    expect(gets).toEqual(['v7', 'v199']);
    expect(await c.command(['GET', 'missing'], 1000)).toBeNull();
    const err = await c.command(['NOPE'], 1000);
    expect(err).toBeInstanceOf(RespError);
    expect(c.inFlight).toBe(0);
  });

  it('a command times out on its own; its late reply is dropped, not given to the next command', async () => {
    const s = await fake();
    const c = await connect(s);
    s.freeze();
    const late = c.command(['SET', 'a', '1'], 150);
    await expect(late).rejects.toBeInstanceOf(CommandTimeoutError);
    const next = c.command(['GET', 'a'], 1000);
    s.thaw(); // SET a 1 runs now (a ghost write), then GET a
    expect(await next).toBe('1');
    expect(s.data.get('a')).toBe('1');
  });

  it('a connection lost with commands in flight rejects them with ConnectionLostError', async () => {
    const s = await fake();
    const c = await connect(s);
    s.freeze();
    const pending = c.command(['SET', 'a', '1'], 5000);
    await new Promise((r) => setTimeout(r, 50));
    s.dropConnections();
    await expect(pending).rejects.toBeInstanceOf(ConnectionLostError);
    expect(c.closed).toBe(true);
    await expect(c.command(['PING'], 100)).rejects.toBeInstanceOf(ConnectionLostError);
  });

  it('retire closes once every command in flight has its reply or timeout', async () => {
    const s = await fake();
    const c = await connect(s);
    const reasons: string[] = [];
    c.onClosed((r) => reasons.push(r));
    s.freeze();
    const a = c.command(['SET', 'a', '1'], 200);
    c.retire();
    expect(c.closed).toBe(false);
    await expect(a).rejects.toBeInstanceOf(CommandTimeoutError);
    expect(c.closed).toBe(true);
    expect(reasons).toEqual(['retired']);
    // the server still executes what it had received (its socket buffer survives the close)
    s.thaw();
    await new Promise((r) => setTimeout(r, 50));
    expect(s.data.get('a')).toBe('1');
  });

  it('connect fails fast on a refused port', async () => {
    const s = await fake();
    const port = s.port;
    await s.close();
    servers.length = 0;
    await expect(RespConnection.connect('127.0.0.1', port, 1000)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a reply with no command, or garbage, drops the connection', async () => {
    const server = net.createServer((sock) => sock.write('+OK\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const c = await RespConnection.connect('127.0.0.1', port, 1000);
      const reason = await new Promise<string>((r) => c.onClosed(r));
      expect(reason).toBe('reply without a command');
    } finally {
      server.close();
    }
  });
});

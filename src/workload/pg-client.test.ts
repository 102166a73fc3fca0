import { afterEach, describe, expect, it } from 'vitest';
import {
  PgConnection,
  PgConnectionLostError,
  PgServerError,
  QueryTimeoutError,
  type PgConnectOptions,
} from './pg-client';
import { FakePostgres } from './test-fake-postgres';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(setup: (s: FakePostgres) => void = () => undefined): Promise<FakePostgres> {
  const s = await new FakePostgres().listen();
  setup(s);
  cleanups.push(() => s.close());
  return s;
}

const opts = (s: FakePostgres, extra: Partial<PgConnectOptions> = {}): PgConnectOptions => ({
  host: s.host,
  port: s.port,
  user: 'postgres',
  database: 'postgres',
  timeoutMs: 500,
  ...extra,
});

async function connect(
  s: FakePostgres,
  extra: Partial<PgConnectOptions> = {},
): Promise<PgConnection> {
  const c = await PgConnection.connect(opts(s, extra));
  cleanups.push(() => c.close());
  return c;
}

describe('PgConnection startup', () => {
  it('connects with trust and records parameter status and the backend pid', async () => {
    const c = await connect(await server());
    expect(c.params.server_version).toBe('15.99');
    expect(c.backendPid).toBe(4242);
    expect(c.txStatus).toBe('I');
  });

  it('authenticates with md5 and with cleartext', async () => {
    const md5 = await server((s) => (s.auth = 'md5'));
    expect((await connect(md5, { password: 'secret' })).closed).toBe(false);
    const clear = await server((s) => (s.auth = 'cleartext'));
    expect((await connect(clear, { password: 'secret' })).closed).toBe(false);
  });

  it('rejects with the server error on a wrong password, and without one when none is configured', async () => {
    const s = await server((x) => (x.auth = 'md5'));
    const e = await PgConnection.connect(opts(s, { password: 'wrong' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PgServerError);
    expect((e as PgServerError).notice.code).toBe('28P01');
    await expect(PgConnection.connect(opts(s))).rejects.toThrow(/none configured/);
  });

  it('times out against a server that accepts but never answers, and fails fast when refused', async () => {
    const s = await server();
    // a listener that accepts and never answers (what a frozen server looks like)
    const net = await import('node:net');
    const accepted: import('node:net').Socket[] = [];
    const mute = net.createServer((sock) => accepted.push(sock));
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', () => r()));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const sock of accepted) sock.destroy();
          mute.close(() => r());
        }),
    );
    const port = (mute.address() as { port: number }).port;
    const t0 = Date.now();
    await expect(PgConnection.connect(opts(s, { port, timeoutMs: 150 }))).rejects.toThrow(
      /timed out after 150 ms/,
    );
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(PgConnection.connect(opts(s, { port: 1 }))).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('PgConnection queries', () => {
  it('returns rows, the command tag, and the session-state helpers', async () => {
    const s = await server();
    const c = await connect(s);
    expect(await c.isInRecovery(500)).toBe(false);
    expect(await c.isReadOnly(500)).toBe(false);
    s.readOnly = true;
    expect(await c.isReadOnly(500)).toBe(true);
    expect(await c.sessionState(500)).toEqual({
      inRecovery: false,
      readOnly: true,
      writable: false,
    });
    s.inRecovery = true;
    expect(await c.isInRecovery(500)).toBe(true);
    const r = await c.query('SELECT pg_is_in_recovery()', 500);
    expect(r).toMatchObject({ command: 'SELECT 1', fields: ['pg_is_in_recovery'], rows: [['t']] });
  });

  it('an ERROR resolves with the error, and the connection goes on', async () => {
    const s = await server((x) => (x.readOnly = true));
    const c = await connect(s);
    const r = await c.query(
      "INSERT INTO dojo_writes(client, seq, payload) VALUES ('a', 1, 'p')",
      500,
    );
    expect(r.command).toBeNull();
    expect(r.error).toMatchObject({ severity: 'ERROR', code: '25006' });
    await expect(c.queryOk('bogus', 500)).rejects.toThrow(/syntax error.*SQLSTATE 42601/);
    expect((await c.query('SELECT pg_is_in_recovery()', 500)).rows).toEqual([['f']]);
  });

  it('surfaces a WARNING sent with a successful command', async () => {
    const s = await server(
      (x) => (x.insertWarning = { message: 'canceling wait for synchronous replication' }),
    );
    const c = await connect(s);
    const r = await c.query(
      "INSERT INTO dojo_writes(client, seq, payload) VALUES ('a', 1, 'p')",
      500,
    );
    expect(r.command).toBe('INSERT 0 1');
    expect(r.error).toBeUndefined();
    expect(r.notices).toEqual([
      { severity: 'WARNING', code: '01000', message: 'canceling wait for synchronous replication' },
    ]);
  });

  it('pipelines queries and matches replies in order, even when the server sends byte by byte', async () => {
    const s = await server((x) => (x.chunkSize = 1));
    const c = await connect(s);
    const ins = (n: number): string =>
      `INSERT INTO dojo_writes(client, seq, payload) VALUES ('a', ${n}, 'p')`;
    const rs = await Promise.all([
      c.query(ins(1), 500),
      c.query('nope', 500),
      c.query(ins(2), 500),
    ]);
    expect(rs.map((r) => r.command ?? r.error?.code)).toEqual([
      'INSERT 0 1',
      '42601',
      'INSERT 0 1',
    ]);
    expect([...s.rows]).toEqual(['a:1', 'a:2']);
  });

  it('a timed-out query keeps its place: its late reply is dropped, not given to the next query', async () => {
    const s = await server();
    const c = await connect(s);
    s.freeze();
    const late = c.query('SHOW transaction_read_only', 100);
    await expect(late).rejects.toBeInstanceOf(QueryTimeoutError);
    s.readOnly = true;
    const next = c.query('SELECT pg_is_in_recovery()', 500);
    s.thaw();
    expect((await next).rows).toEqual([['f']]);
    expect(c.inFlight).toBe(0);
  });

  it('a lost connection or a FATAL rejects the queries in flight with PgConnectionLostError', async () => {
    const s = await server();
    const c = await connect(s);
    const reasons: string[] = [];
    c.onClosed((r) => reasons.push(r));
    s.freeze();
    const q = c.query('SELECT pg_is_in_recovery()', 1000);
    s.terminateAll();
    const e = await q.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PgConnectionLostError);
    expect((e as Error).message).toMatch(
      /FATAL: terminating connection due to administrator command/,
    );
    expect(c.closed).toBe(true);
    expect(reasons).toHaveLength(1);
    await expect(c.query('SELECT 1', 100)).rejects.toBeInstanceOf(PgConnectionLostError);
  });

  it('retire() closes once the last query in flight is answered', async () => {
    const s = await server();
    const c = await connect(s);
    const q = c.query('SELECT pg_is_in_recovery()', 500);
    c.retire();
    expect(c.closed).toBe(false);
    await q;
    expect(c.closed).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WriteRecord } from '../shared/scenario-types';
import { PgWriteLoop, insertSql, warningText } from './pg-write-loop';
import { advance, settle, until, useFakeClock } from './test-clock';
import { FakePostgres } from './test-fake-postgres';
import {
  parseAnyWorkloadConfig,
  parsePostgresWorkloadConfig,
  parseWorkloadConfig,
  type PostgresWorkloadClientConfig,
} from './workload-config';
import type { WorkloadStatus } from './write-loop';

/**
 * The Postgres write loop against two in-process fake servers: pg-a (127.0.0.1) and pg-b
 * (127.0.0.2). Time is the fake clock of test-clock.ts: the sockets are real, the rate and the
 * timeouts are counted in fake milliseconds.
 */
interface Lab {
  a: FakePostgres;
  b: FakePostgres;
  cfg(
    mode: PostgresWorkloadClientConfig['mode'],
    extra?: Partial<PostgresWorkloadClientConfig>,
  ): PostgresWorkloadClientConfig;
}

const cleanups: (() => Promise<void>)[] = [];
beforeEach(useFakeClock);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await settle(c());
  vi.useRealTimers();
});

async function lab(): Promise<Lab> {
  const a = await new FakePostgres('127.0.0.1').listen();
  const b = await new FakePostgres('127.0.0.2').listen();
  b.inRecovery = true;
  cleanups.push(async () => {
    await Promise.all([a.close(), b.close()]);
  });
  return {
    a,
    b,
    cfg: (mode, extra = {}) => ({
      system: 'postgres',
      client: `app-${mode}`,
      mode,
      rate: 50,
      timeoutMs: 200,
      hosts: [
        { name: 'pg-dead', ip: '127.0.0.1', port: 1 },
        { name: 'pg-b', ip: b.host, port: b.port },
        { name: 'pg-a', ip: a.host, port: a.port },
      ],
      database: 'postgres',
      user: 'postgres',
      ...extra,
    }),
  };
}

function run(cfg: PostgresWorkloadClientConfig): {
  loop: PgWriteLoop;
  records: WriteRecord[];
  statuses: WorkloadStatus[];
} {
  const records: WriteRecord[] = [];
  const statuses: WorkloadStatus[] = [];
  const loop = new PgWriteLoop(cfg, {
    onWrite: (r) => records.push(r),
    onStatus: (s) => statuses.push(s),
  });
  loop.start();
  cleanups.push(() => loop.stop());
  return { loop, records, statuses };
}

describe('Postgres workload config', () => {
  it('validates the postgres shape and dispatches on system (absent: redis)', () => {
    const cfg = {
      system: 'postgres',
      client: 'app',
      mode: 'multi-host',
      rate: 20,
      timeoutMs: 1000,
      hosts: [{ name: 'pg-1', ip: '10.0.0.11', port: 5432 }],
      database: 'postgres',
      user: 'postgres',
    };
    expect(parseAnyWorkloadConfig(cfg)).toEqual(cfg);
    expect(() => parsePostgresWorkloadConfig({ ...cfg, mode: 'sentinel' })).toThrow(/invalid mode/);
    expect(() => parsePostgresWorkloadConfig({ ...cfg, hosts: [] })).toThrow(/invalid hosts/);
    expect(() => parsePostgresWorkloadConfig({ ...cfg, user: '' })).toThrow(/invalid user/);
    expect(() => parseWorkloadConfig(cfg)).toThrow(/invalid system/);
    expect(() => parseAnyWorkloadConfig({ ...cfg, system: undefined })).toThrow(/invalid mode/);
  });

  it('quotes the INSERT and reports only WARNING-level notices', () => {
    expect(insertSql('app', 7, "x'y")).toBe(
      "INSERT INTO dojo_writes(client, seq, payload) VALUES ('app', 7, 'x''y')",
    );
    expect(
      warningText([{ severity: 'NOTICE', code: '00000', message: 'skipping' }]),
    ).toBeUndefined();
    expect(
      warningText([
        { severity: 'WARNING', code: '01000', message: 'a', detail: 'd' },
        { severity: 'WARNING', code: '01000', message: 'b' },
      ]),
    ).toBe('WARNING: a (d) | WARNING: b');
  });
});

describe('PgWriteLoop', () => {
  it('multi-host: skips a dead host and a standby, writes to the primary at the rate, creates the table', async () => {
    const l = await lab();
    const { loop, records, statuses } = run(l.cfg('multi-host'));
    await advance(1000);
    await settle(loop.stop());
    expect(records.length).toBeGreaterThanOrEqual(40);
    expect(records.length).toBeLessThanOrEqual(53);
    expect(records.every((r) => r.outcome === 'ack' && r.node === 'pg-a')).toBe(true);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(records[4]?.key).toBe('dojo:w:app-multi-host:000005');
    expect(records.every((r) => r.warning === undefined)).toBe(true);
    expect(l.a.rows.size).toBe(records.length);
    expect(l.a.rows.has('app-multi-host:5')).toBe(true);
    expect(l.a.queries.some((q) => q.startsWith('CREATE TABLE IF NOT EXISTS dojo_writes'))).toBe(
      true,
    );
    expect(l.b.rows.size).toBe(0);
    expect(statuses[0]).toMatchObject({
      client: 'app-multi-host',
      mode: 'multi-host',
      system: 'postgres',
      connectedTo: 'pg-a',
      ip: '127.0.0.1',
    });
    const gaps = records.slice(1).map((x, i) => x.sentAt - (records[i] as WriteRecord).sentAt);
    expect(gaps.reduce((s, g) => s + g, 0) / gaps.length).toBeGreaterThan(17);
    expect(gaps.reduce((s, g) => s + g, 0) / gaps.length).toBeLessThan(23);
  });

  it('records the WARNING a successful commit came with (acked, maybe not replicated)', async () => {
    const l = await lab();
    const { loop, records } = run(l.cfg('multi-host'));
    await until('writing', () => records.length > 3);
    l.a.insertWarning = {
      message: 'canceling wait for synchronous replication due to user request',
      detail:
        'The transaction has already committed locally, but might not have been replicated to the standby.',
    };
    await until('warned', () => records.some((r) => r.warning));
    await settle(loop.stop());
    const warned = records.filter((r) => r.warning);
    expect(warned.every((r) => r.outcome === 'ack')).toBe(true);
    expect(warned[0]?.warning).toMatch(
      /^WARNING: canceling wait for synchronous replication due to user request \(The transaction has already committed locally/,
    );
  });

  it('a switch: multi-host moves to the new primary on the read-only error; pinned keeps failing on its node', async () => {
    const l = await lab();
    const m = run(l.cfg('multi-host'));
    const p = run(l.cfg('pinned'));
    await until('both writing', () => m.records.length > 5 && p.records.length > 5);
    l.a.readOnly = true;
    l.b.inRecovery = false;
    const switchedAt = Date.now();
    await advance(600);
    await settle(Promise.all([m.loop.stop(), p.loop.stop()]));
    const after = (rs: WriteRecord[]): WriteRecord[] =>
      rs.filter((r) => r.sentAt > switchedAt + 100);

    const ro = m.records.filter((r) => /read-only transaction/.test(r.error ?? ''));
    expect(ro.length).toBeGreaterThanOrEqual(1);
    expect(ro.every((r) => r.outcome === 'fail' && r.node === 'pg-a')).toBe(true);
    expect(ro[0]?.error).toBe('cannot execute INSERT in a read-only transaction (SQLSTATE 25006)');
    expect(after(m.records).length).toBeGreaterThan(10);
    expect(after(m.records).every((r) => r.outcome === 'ack' && r.node === 'pg-b')).toBe(true);
    expect(m.statuses.map((x) => x.connectedTo)).toEqual(['pg-a', null, 'pg-b']);

    expect(after(p.records).length).toBeGreaterThan(10);
    expect(
      after(p.records).every(
        (r) => r.outcome === 'fail' && r.node === 'pg-a' && /SQLSTATE 25006/.test(r.error ?? ''),
      ),
    ).toBe(true);
    expect(p.statuses.map((x) => x.connectedTo)).toEqual(['pg-a']);
  });

  it('pinned reconnects to its own node after a FATAL shutdown, even when another is now primary', async () => {
    const l = await lab();
    const p = run(l.cfg('pinned'));
    await until('writing', () => p.records.length > 3);
    l.b.inRecovery = false;
    l.a.terminateAll();
    await until(
      'reconnected',
      () => p.statuses.filter((x) => x.connectedTo === 'pg-a').length >= 2,
    );
    const n = p.records.length;
    await until('more writes', () => p.records.length > n + 5);
    await settle(p.loop.stop());
    expect(p.statuses.map((x) => x.connectedTo)).toEqual(['pg-a', null, 'pg-a']);
    expect(p.statuses[1]?.reason).toMatch(
      /FATAL: terminating connection due to administrator command/,
    );
    expect(p.records.every((r) => r.node !== 'pg-b')).toBe(true);
    expect(l.b.rows.size).toBe(0);
  });

  it('a frozen primary: timeouts are indeterminate, multi-host moves on, the thaw applies them (ghost writes)', async () => {
    const l = await lab();
    const m = run(l.cfg('multi-host'));
    await until('writing', () => m.records.length > 3);
    l.a.freeze();
    l.b.inRecovery = false;
    await until('moved to pg-b', () =>
      m.records.some((r) => r.node === 'pg-b' && r.outcome === 'ack'),
    );
    await settle(m.loop.stop());
    const timeouts = m.records.filter((r) => r.outcome === 'timeout');
    expect(timeouts.length).toBeGreaterThanOrEqual(1);
    expect(
      timeouts.every((r) => r.node === 'pg-a' && /no reply within 200 ms/.test(r.error ?? '')),
    ).toBe(true);
    expect(timeouts.every((r) => r.doneAt - r.sentAt >= 195)).toBe(true);
    expect(m.statuses.find((x) => x.connectedTo === null)?.reason).toMatch(/^timeout/);
    const rowOf = (r: WriteRecord): string => `${r.client}:${r.seq}`;
    for (const r of timeouts) expect(l.a.rows.has(rowOf(r))).toBe(false);
    l.a.thaw();
    await advance(50);
    for (const r of timeouts) expect(l.a.rows.has(rowOf(r))).toBe(true);
  });

  it('with no server to connect to, writes fail at once with node "none" and the reason', async () => {
    const l = await lab();
    const p = run(l.cfg('pinned'));
    await until('writing', () => p.records.length > 3);
    await l.a.close();
    await until('failures', () => p.records.filter((r) => r.node === 'none').length >= 5);
    await settle(p.loop.stop());
    const none = p.records.filter((r) => r.node === 'none');
    expect(none.every((r) => r.outcome === 'fail' && r.doneAt === r.sentAt)).toBe(true);
    expect(none.at(-1)?.error).toMatch(/ECONNREFUSED/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../../../shared/scenario-schema';
import { injectManualPromote } from '../faults/manual-promote.fault';
import { until } from '../../../../core/testing/mini-lab.fixture';
import { createPatroniTestLab, type PatroniTestLab } from '../testing/patroni-lab.fixture';
import { activeFences, performNodeAction, readFences } from '../../../../core/actions/node-actions';

/**
 * The palette's actions on a real Patroni lab (PostgreSQL 15 + Patroni 3.0.2
 * + etcd; pg-1 the initial leader) with a client container `app`, all through
 * the session's generic dispatch (performNodeAction). Checked the way an SRE
 * would: psql from the client, patronictl, Patroni's REST API, the etcd key.
 * One lab for the file; each test leaves it healthy.
 */
let lab: PatroniTestLab;
let artifactsDir = '';
const timings: Record<string, number> = {};
const PG = ['pg-1', 'pg-2', 'pg-3'];
const ip = (name: string): string => lab.members.get(name)?.ipv4 ?? '?';
const act = (action: Action) => performNodeAction(lab.ctx, action, { artifactsDir });
const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  const v = await fn();
  timings[name] = Date.now() - started;
  return v;
};

/** psql from the client container over TCP (md5 login), as the workload connects. */
const fromApp = (node: string, sql = 'select 1') =>
  lab.sh(
    'app',
    `PGPASSWORD=dojo-postgres PGCONNECT_TIMEOUT=3 psql -X -qAt -h ${ip(node)} -U postgres -d postgres -c "${sql}" 2>&1`,
  );
const recovery = async (node: string): Promise<string> =>
  (await lab.psql(node, 'select pg_is_in_recovery()', 5000).catch(() => ({ out: '?' }))).out.trim();
const etcdLeaderKey = async (): Promise<string> => {
  const r = await lab.sh('etcd-1', 'curl -s http://127.0.0.1:2379/v2/keys/service/dojo/leader');
  return (JSON.parse(r.out) as { node?: { value?: string } }).node?.value ?? '';
};

beforeAll(async () => {
  lab = await createPatroniTestLab('patroni-actions-int');
  timings.labReady = lab.readyAfterMs;
  artifactsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-pg-actions-'));
});

// A test that failed in maintenance mode must not leave the cluster paused for the next ones.
afterEach(async () => {
  if (lab) await act({ kind: 'maintenance-off' });
});

afterAll(async () => {
  await lab?.dispose();
  if (artifactsDir) fs.rmSync(artifactsDir, { recursive: true, force: true });
  console.log(`[patroni-actions-int] timings ms: ${JSON.stringify(timings)}`);
});

describe('validation', () => {
  it('refuses unknown nodes, actions that do not fit, and Patroni moves in a run without Patroni', async () => {
    expect((await act({ kind: 'stop-postgres', node: 'etcd-1' })).detail).toMatch(
      /does not apply to etcd-1/,
    );
    expect((await act({ kind: 'demote', node: 'pg-1' })).detail).toMatch(/does not apply/);
    expect((await act({ kind: 'switchover', candidate: 'pg-9' })).detail).toMatch(/no node "pg-9"/);
    expect((await act({ kind: 'failover', candidate: 'etcd-1' })).ok).toBe(false);
    const noPatroni = {
      runtime: lab.runtime,
      members: new Map([...lab.members].filter(([, m]) => m.kind !== 'postgres')),
    };
    const r = await performNodeAction(noPatroni, { kind: 'maintenance-on' });
    expect(r).toMatchObject({ ok: false, detail: expect.stringMatching(/needs a Patroni lab/) });
  });

  it('console runs patronictl in a node; pause and resume work on etcd', async () => {
    const r = await act({
      kind: 'console',
      node: 'pg-2',
      command: 'patronictl -c /etc/dojo/patroni.yml list',
    });
    expect(r).toMatchObject({ ok: true, exitCode: 0 });
    expect(r.output).toMatch(/pg-1\s.*Leader/);
    expect((await act({ kind: 'pause', node: 'etcd-1' })).ok).toBe(true);
    expect((await act({ kind: 'resume', node: 'etcd-1' })).ok).toBe(true);
  });
});

describe('isolate-clients on a PostgreSQL node', () => {
  it('rejects the client container on 5432 while replication keeps streaming, and shows in activeFences', async () => {
    const leader = await lab.waitHealthy();
    expect((await fromApp(leader)).out.trim()).toBe('1');

    const r = await timed('isolate', () => act({ kind: 'isolate-clients', node: leader }));
    expect(r).toMatchObject({ ok: true, clients: ['app'] });
    expect(r.detail).toContain('port 5432');
    const refused = await fromApp(leader);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.out).toMatch(/refused/i);

    // Replicas still stream from it: a write on the leader shows up on both.
    await lab.psql(
      leader,
      'create table if not exists fence_check(x int); insert into fence_check values (42)',
    );
    for (const replica of PG.filter((n) => n !== leader)) {
      await until(
        `${replica} to replay the write`,
        async () =>
          (await lab.psql(replica, 'select count(*) from fence_check')).out.trim() === '1',
        10_000,
      );
      // ...and the replicas still serve the client.
      expect((await fromApp(replica)).out.trim()).toBe('1');
    }
    expect(
      (
        await lab.psql(leader, "select count(*) from pg_stat_replication where state = 'streaming'")
      ).out.trim(),
    ).toBe('2');

    const { fences, unreadable } = await readFences(lab.ctx);
    expect(unreadable).toEqual({});
    expect(fences).toHaveLength(1);
    expect(fences[0]).toMatchObject({ node: leader, palette: true });
    // One rule for every client (no source named), after the cluster's own exceptions.
    expect(fences[0]?.rule).toMatch(/--dport 5432 .*-j REJECT/);
    expect(fences[0]?.rule).not.toContain(' -s ');
    expect(await activeFences(lab.ctx)).toEqual([`${leader}: ${fences[0]?.rule}`]);

    expect((await act({ kind: 'unisolate-clients', node: leader })).ok).toBe(true);
    expect((await fromApp(leader)).out.trim()).toBe('1');
    expect(await activeFences(lab.ctx)).toEqual([]);
  });
});

describe('maintenance mode and stop-postgres', () => {
  it('maintenance-on shows pause in REST /patroni; stop-postgres then keeps 5432 closed; maintenance-off clears it and Patroni starts postgres again', async () => {
    const leader = await lab.waitHealthy();
    const replica = PG.filter((n) => n !== leader)[1] ?? '';

    const on = await timed('maintenanceOn', () => act({ kind: 'maintenance-on' }));
    expect(on).toMatchObject({ ok: true, detail: expect.stringMatching(/maintenance mode on/) });
    for (const n of PG) expect((await lab.rest(n, '/patroni')).body).toMatch(/"pause": ?true/);
    expect((await lab.patronictl(leader, 'list')).out).toMatch(/Maintenance mode: on/);
    expect((await act({ kind: 'maintenance-on' })).detail).toMatch(/on already/);

    const stop = await timed('stopPostgresPaused', () =>
      act({ kind: 'stop-postgres', node: replica }),
    );
    if (/Patroni started it again/.test(stop.detail)) {
      // Patroni 3.0 now and then starts a paused replica again (seen once in CI): the action
      // must say so and fail, and postgres must indeed answer.
      console.log(`[patroni-actions-int] stop-postgres in maintenance mode: ${stop.detail}`);
      expect(stop.ok).toBe(false);
      expect((await fromApp(replica)).out.trim()).toBe('1');
    } else {
      expect(stop).toMatchObject({ ok: true });
      expect(stop.detail).toMatch(
        /stopped .*maintenance mode and left it down through its next loop/,
      );
      const refused = await fromApp(replica);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.out).toMatch(/refused/i);
      // Still down a few HA loops later: Patroni does nothing in maintenance mode.
      await new Promise((r) => setTimeout(r, 4000));
      expect((await fromApp(replica)).out).toMatch(/refused/i);
      expect((await act({ kind: 'stop-postgres', node: replica })).detail).toMatch(
        /was not running/,
      );
    }

    const off = await act({ kind: 'maintenance-off' });
    expect(off).toMatchObject({ ok: true, detail: expect.stringMatching(/maintenance mode off/) });
    for (const n of PG) expect((await lab.rest(n, '/patroni')).body).not.toMatch(/"pause": ?true/);
    const resumed = Date.now();
    await until(
      'postgres started again by Patroni',
      async () => (await recovery(replica)) === 't',
      30_000,
    );
    timings.postgresBackAfterResume = Date.now() - resumed;
    await lab.waitHealthy();
  });

  it('stop-postgres with Patroni alive and not paused: says Patroni will start it again, which it does', async () => {
    const leader = await lab.waitHealthy();
    const replica = PG.filter((n) => n !== leader)[0] ?? '';
    const stop = await act({ kind: 'stop-postgres', node: replica });
    const stopped = Date.now();
    expect(stop.ok).toBe(true);
    expect(stop.detail).toMatch(/Patroni is running on it .* it will start postgres again/);
    await until('postgres back', async () => (await recovery(replica)) === 't', 30_000);
    timings.patroniRestartsStoppedPostgres = Date.now() - stopped;
    await lab.waitHealthy();
  });
});

describe('switchover and failover', () => {
  it('switchover moves the leader key to the candidate; failover moves it back', async () => {
    const leader = await lab.waitHealthy();
    const candidate = PG.find((n) => n !== leader) ?? '';
    const sw = await timed('switchover', () => act({ kind: 'switchover', candidate }));
    expect(sw).toMatchObject({ ok: true, leader: candidate });
    expect(sw.detail).toMatch(new RegExp(`switchover ${leader} -> ${candidate}`));
    expect(await etcdLeaderKey()).toBe(candidate);
    // Patroni takes the key first and promotes right after: poll the promotion.
    await until('the candidate promoted', async () => (await recovery(candidate)) === 'f', 15_000);
    expect(await timed('healthyAfterSwitchover', () => lab.waitHealthy())).toBe(candidate);

    const again = await act({ kind: 'switchover', candidate });
    expect(again).toMatchObject({ ok: false, detail: expect.stringMatching(/leader already/) });

    const fo = await timed('failover', () => act({ kind: 'failover', candidate: leader }));
    expect(fo).toMatchObject({ ok: true, leader });
    expect(await etcdLeaderKey()).toBe(leader);
    expect(await lab.waitHealthy()).toBe(leader);

    const same = await act({ kind: 'failover', candidate: leader });
    expect(same.ok).toBe(false);
    expect(same.detail).toMatch(/failover to .* failed \(exit 1: Error: .*same/);
  });
});

describe('export-keys, reinit and replay-export', () => {
  it('exports the rogue primary’s rows with the divergent count; reinit rebuilds it from the leader; its export is replayed onto the leader under each rule', async () => {
    const leader = await lab.waitHealthy();
    const rogue = PG.find((n) => n !== leader) ?? '';
    await lab.psql(
      leader,
      'create table dojo_writes(client text, seq integer, payload text, primary key (client, seq));' +
        " insert into dojo_writes select 'app-pinned', g, 'app-pinned:' || g || ':' || (1000 + g) from generate_series(1, 40) g",
    );
    await until(
      'rows replicated',
      async () => (await lab.psql(rogue, 'select count(*) from dojo_writes')).out.trim() === '40',
      10_000,
    );
    const fault = await injectManualPromote(lab.ctx, {
      id: 'mp',
      kind: 'manual-promote',
      node: rogue,
      maintenance: true,
      at: { after: '0s' },
    });
    try {
      await lab.psql(
        rogue,
        "insert into dojo_writes select 'app-pinned', g, 'app-pinned:' || g || ':' || (1000 + g) from generate_series(41, 46) g;" +
          " insert into dojo_writes values ('app-pinned', 47, E'tab\\there\\nnew line \\\\ back')",
      );

      const ex = await timed('exportRogue', () => act({ kind: 'export-keys', node: rogue }));
      expect(ex).toMatchObject({ ok: true, count: 47, divergent: 7, comparedWith: leader });
      expect(ex.detail).toMatch(new RegExp(`7 of them are missing on the leader ${leader}`));
      const lines = fs
        .readFileSync(ex.file ?? '', 'utf8')
        .trim()
        .split('\n');
      expect(lines).toHaveLength(47);
      expect(JSON.parse(lines[0] ?? '')).toEqual(['dojo:w:app-pinned:000001', 'app-pinned:1:1001']);
      expect(JSON.parse(lines[46] ?? '')).toEqual([
        'dojo:w:app-pinned:000047',
        'tab\there\nnew line \\ back',
      ]);
      expect([...lines].sort()).toEqual(lines);
      expect(path.dirname(ex.file ?? '')).toBe(artifactsDir);
      const divergent = fs
        .readFileSync(ex.divergentFile ?? '', 'utf8')
        .trim()
        .split('\n');
      expect(divergent).toEqual(
        Array.from({ length: 7 }, (_, i) => `dojo:w:app-pinned:0000${41 + i}`),
      );

      const onLeader = await act({ kind: 'export-keys', node: leader });
      expect(onLeader).toMatchObject({ ok: true, count: 40 });
      expect(onLeader.divergent).toBeUndefined();
      expect(onLeader.detail).toMatch(/not compared with a leader: .* is the leader itself/);

      // The rogue is rebuilt from the leader: its own rows are gone, it is a standby again.
      const re = await timed('reinit', () => act({ kind: 'reinit', node: rogue }));
      expect(re).toMatchObject({ ok: true });
      expect(re.detail).toMatch(/rebuilt from the leader .* it runs as a replica/);
      expect(await recovery(rogue)).toBe('t');
      expect((await lab.psql(rogue, 'select count(*) from dojo_writes')).out.trim()).toBe('40');
      expect((await act({ kind: 'reinit', node: leader })).detail).toMatch(
        /reinit of .* failed \(exit 1: .*/,
      );

      // Reconcile: the leader took its own write 45 meanwhile (stamped later) and one of another client.
      await lab.psql(
        leader,
        "insert into dojo_writes values ('app-pinned', 45, 'app-pinned:45:999999'), ('app-other', 1, 'app-other:1:5')",
      );
      const rows = async (): Promise<string> =>
        (
          await lab.psql(
            leader,
            "select string_agg(seq || '=' || payload, ',' order by client, seq) from dojo_writes where seq > 44 or client = 'app-other'",
          )
        ).out.trim();
      const kept = await timed('replay', () =>
        act({ kind: 'replay-export', node: rogue, rule: 'keep-authoritative' }),
      );
      expect(kept).toMatchObject({
        ok: true,
        replay: {
          target: leader,
          rule: 'keep-authoritative',
          overwritten: 0,
          kept: 41,
          removed: 0,
        },
      });
      expect(kept.replay?.added).toEqual(
        [41, 42, 43, 44, 46, 47].map((n) => `dojo:w:app-pinned:0000${n}`),
      );
      expect(await rows()).toBe(
        '1=app-other:1:5,45=app-pinned:45:999999,46=app-pinned:46:1046,47=tab\there\nnew line \\ back',
      );
      // The newer stamp stays under keep-newer; replace-all restores the export and drops the rest.
      const newer = await act({ kind: 'replay-export', node: rogue, rule: 'keep-newer' });
      expect(newer.replay).toMatchObject({ overwritten: 0, removed: 0, added: [] });
      const all = await act({ kind: 'replay-export', node: rogue, rule: 'replace-all' });
      expect(all.replay).toMatchObject({ overwritten: 1, removed: 1, added: [] });
      expect((await lab.psql(leader, 'select count(*) from dojo_writes')).out.trim()).toBe('47');
      const onSelf = await act({ kind: 'replay-export', node: leader });
      expect(onSelf).toMatchObject({ ok: false });
      expect(onSelf.detail).toMatch(/no leader to replay onto: .* is the leader itself/);
    } finally {
      expect((await fault.revert()).ok).toBe(true);
    }
    await lab.waitHealthy();
  });
});

describe('stop, start, restart', () => {
  it('export-keys fails clearly on a stopped node; start and restart return the new ports and the node rejoins', async () => {
    const leader = await lab.waitHealthy();
    const node = PG.find((n) => n !== leader) ?? '';
    const id = lab.members.get(node)?.containerId ?? '';
    expect((await act({ kind: 'stop', node })).ok).toBe(true);
    const ex = await act({ kind: 'export-keys', node });
    expect(ex).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/could not read the rows/),
    });
    const start = await act({ kind: 'start', node });
    expect(start.ok).toBe(true);
    expect(start.ports).toEqual((await lab.runtime.inspectContainer(id)).ports);
    await lab.waitHealthy();

    const restart = await timed('restart', () => act({ kind: 'restart', node }));
    expect(restart.ok).toBe(true);
    expect(restart.detail).toMatch(new RegExp(`${node} stopped in .*; started again`));
    expect(Object.keys(restart.ports ?? {}).sort()).toEqual(['5432', '8008']);
    expect(restart.ports).toEqual((await lab.runtime.inspectContainer(id)).ports);
    await timed('healthyAfterRestart', () => lab.waitHealthy());
    expect(await recovery(node)).toBe('t');
  });
});

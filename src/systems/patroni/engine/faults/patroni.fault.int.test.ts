import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { followPatroniLogs, type PatroniLogLine } from '../probes/patroni-log.probe';
import { until } from '../../../../core/testing/mini-lab.fixture';
import { createPatroniTestLab, type PatroniTestLab } from '../testing/patroni-lab.fixture';
import type { ActiveFault } from '../../../../core/faults/fault-types';
import { injectFault } from '../../../../core/faults/inject-fault';
import { injectKillPatroni, type KillPatroniFault } from './kill-patroni.fault';
import { injectManualPromote, type ManualPromoteFault } from './manual-promote.fault';

/**
 * The Patroni faults on a real lab (PostgreSQL 15 + Patroni 3.0.2 + etcd,
 * ttl 10 / loop_wait 2 / retry_timeout 4): what an SRE would check with psql,
 * patronictl and curl inside the nodes. One lab for the file; every test
 * leaves it healthy (one leader, two streaming replicas, no maintenance).
 */
let lab: PatroniTestLab;
/** Faults a test injected: reverted after it even when it fails, so one failure does not cascade. */
const active: ActiveFault[] = [];
const track = <T extends ActiveFault>(f: T): T => {
  active.push(f);
  return f;
};
const timings: Record<string, number> = {};
const PG = ['pg-1', 'pg-2', 'pg-3'];
const at = { after: '0s' } as const;

const recovery = async (node: string): Promise<string> =>
  (await lab.psql(node, 'select pg_is_in_recovery()', 5000).catch(() => ({ out: '?' }))).out.trim();
const primaries = async (): Promise<string[]> => {
  const r = await Promise.all(PG.map(recovery));
  return PG.filter((_, i) => r[i] === 'f');
};
/** Timeline of a primary's current WAL (the probe's formula). */
const timeline = async (node: string): Promise<number> =>
  Number(
    (
      await lab.psql(
        node,
        "select ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int",
      )
    ).out.trim(),
  );
const listJson = async (): Promise<{ Member: string; Role: string; State: string }[]> => {
  const r = await lab.patronictl(PG[0] ?? 'pg-1', 'list -f json');
  return JSON.parse(r.out.slice(r.out.indexOf('['))) as {
    Member: string;
    Role: string;
    State: string;
  }[];
};

beforeAll(async () => {
  lab = await createPatroniTestLab('patroni-faults-int');
  timings.labReady = lab.readyAfterMs;
});

afterEach(async () => {
  for (const f of active.splice(0)) await f.revert();
});

afterAll(async () => {
  await lab?.dispose();
  console.log(`[patroni-faults-int] timings ms: ${JSON.stringify(timings)}`);
});

describe('kill-patroni', () => {
  it('leaves the leader’s postgres serving as primary with REST silent; revert brings Patroni back and the node rejoins', async () => {
    const leader = await lab.waitHealthy();
    await lab.psql(
      leader,
      'create table if not exists probe_writes(id serial primary key, at timestamptz default now())',
    );

    // The Patroni log probe follows every node's log through the whole test.
    const logLines: PatroniLogLine[] = [];
    const follow = followPatroniLogs(
      lab.ctx.runtime,
      PG.map((name) => ({ name, containerId: lab.ctx.members.get(name)?.containerId ?? '' })),
      (l) => logLines.push(l),
    );
    const started = Date.now();
    const fault = track(
      await injectFault(lab.ctx, {
        id: 'kp1',
        kind: 'kill-patroni',
        node: leader,
        at,
      }),
    ) as KillPatroniFault;
    timings.killPatroniInject = Date.now() - started;
    timings.killUntilRestSilent = fault.killMs;
    expect(fault.wasPrimary).toBe(true);
    expect(fault.detail).toMatch(/serving as primary, unmanaged/);
    expect(fault.detail).toMatch(/REST API silent/);

    // What an SRE sees: REST is silent, postgres is still a primary and takes writes.
    expect((await lab.rest(leader, '/patroni')).status).toBe(0);
    expect(
      (
        await lab.sh(leader, "pgrep -f '^/usr/bin/python3 /usr/bin/patroni' || echo none")
      ).out.trim(),
    ).toBe('none');
    expect(await recovery(leader)).toBe('f');
    const insert = await lab.psql(leader, 'insert into probe_writes default values returning id');
    expect(insert.exitCode).toBe(0);
    expect(Number(insert.out.trim())).toBeGreaterThan(0);

    // Nothing fences it: once the lease expires another node is promoted — two primaries.
    const second = await until(
      'a second primary',
      async () => {
        const p = await primaries();
        return p.length === 2 ? p : undefined;
      },
      30_000,
    );
    timings.secondPrimaryAfterKill = Date.now() - started;
    expect(second).toContain(leader);
    expect(await recovery(leader)).toBe('f');

    const reverted = Date.now();
    const r = await fault.revert();
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.detail).toMatch(/Patroni restarted/);
    await until(
      'REST to answer',
      async () => (await lab.rest(leader, '/patroni')).status !== 0,
      15_000,
    );
    timings.restBackAfterRevert = Date.now() - reverted;
    // Patroni demotes the old leader (it does not hold the key any more) and rewinds it.
    await until(
      'the old leader to run as a standby',
      async () => (await recovery(leader)) === 't',
      30_000,
    );
    timings.oldLeaderStandbyAfterRevert = Date.now() - reverted;
    expect((await primaries()).length).toBe(1);
    await lab.waitHealthy();
    timings.healthyAfterRevert = Date.now() - reverted;
    // The wrapper tracks the new Patroni (docker stop would TERM it), and its log goes to docker logs.
    const pid = (await lab.sh(leader, 'cat /run/dojo-patroni.pid')).out.trim();
    expect((await lab.sh(leader, "pgrep -f '^/usr/bin/python3 /usr/bin/patroni'")).out.trim()).toBe(
      pid,
    );

    // The log probe saw the other node take the key, and the old leader give up its primary role.
    follow.close();
    const newLeader = second.find((n) => n !== leader);
    expect(
      logLines.some((l) => l.node === newLeader && l.event === 'promoted' && l.t >= started),
      JSON.stringify(logLines),
    ).toBe(true);
    expect(
      logLines.some(
        (l) =>
          l.node === leader && (l.event === 'demoting' || l.event === 'rewind') && l.t >= reverted,
      ),
      JSON.stringify(logLines),
    ).toBe(true);

    // Idempotent.
    expect(await fault.revert()).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/already/) as string,
    });
  });

  it('revert leaves a Patroni the trainee already restarted alone', async () => {
    const leader = await lab.waitHealthy();
    const node = PG.find((n) => n !== leader) ?? '';
    const fault = track(
      await injectKillPatroni(lab.ctx, { id: 'kp2', kind: 'kill-patroni', node, at }),
    );
    expect(fault.wasPrimary).toBe(false);
    expect((await lab.rest(node, '/patroni')).status).toBe(0);
    // The trainee's console move.
    const manual = await lab.sh(
      node,
      'dojo-patroni-entrypoint --start-patroni </dev/null >/proc/1/fd/1 2>&1; cat /run/dojo-patroni.pid',
    );
    const pid = manual.out.trim();
    const r = await fault.revert();
    expect(r.ok).toBe(true);
    expect(r.detail).toMatch(new RegExp(`already running again on ${node} \\(pid ${pid}\\)`));
    // One Patroni daemon: a second one started by the revert would never go away, while
    // Patroni's own short-lived forks (same command line) do (seen as 2 for a moment in CI).
    await expect
      .poll(
        async () =>
          (await lab.sh(node, "pgrep -c -f '^/usr/bin/python3 /usr/bin/patroni'")).out.trim(),
        { timeout: 10_000, interval: 250 },
      )
      .toBe('1');
    await lab.waitHealthy();
  });

  it('refuses a node that is not a Patroni node', async () => {
    await expect(
      injectKillPatroni(lab.ctx, { id: 'kp3', kind: 'kill-patroni', node: 'etcd-1', at }),
    ).rejects.toThrow(/not a Patroni node/);
  });
});

describe('manual-promote', () => {
  it('with maintenance: two primaries on different timelines, patronictl still shows a Replica; revert (resume) ends the split', async () => {
    const leader = await lab.waitHealthy();
    const rogue = PG.find((n) => n !== leader) ?? '';

    const started = Date.now();
    const fault = track(
      await injectFault(lab.ctx, {
        id: 'mp1',
        kind: 'manual-promote',
        node: rogue,
        maintenance: true,
        at,
      }),
    ) as ManualPromoteFault;
    timings.manualPromoteInject = Date.now() - started;
    timings.manualPromotePause = fault.pauseMs;
    timings.manualPromotePgCtl = fault.promoteMs;
    expect(fault.pausedByFault).toBe(true);
    expect(fault.detail).toMatch(/maintenance mode on/);

    const both = await primaries();
    timings.secondPrimaryAfterManualPromote = Date.now() - started;
    expect(both.sort()).toEqual([leader, rogue].sort());
    expect(await timeline(rogue)).toBeGreaterThan(await timeline(leader));
    expect(
      (
        await lab.psql(
          rogue,
          'create table rogue_writes(x int); insert into rogue_writes values (1)',
        )
      ).exitCode,
    ).toBe(0);

    // Patroni's view misleads: the rogue is listed as a Replica, the leader is unchanged.
    const rows = await listJson();
    expect(rows.find((r) => r.Member === rogue)?.Role).toBe('Replica');
    expect(rows.find((r) => r.Member === leader)?.Role).toBe('Leader');
    expect((await lab.patronictl(leader, 'list')).out).toMatch(/Maintenance mode: on/);
    expect((await lab.rest(leader, '/patroni')).body).toMatch(/"pause": ?true/);

    // The split lasts while maintenance mode is on (several HA loops).
    await new Promise((r) => setTimeout(r, 5000));
    expect((await primaries()).sort()).toEqual([leader, rogue].sort());

    const reverted = Date.now();
    const r = await fault.revert();
    timings.resumeCommand = Date.now() - reverted;
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.detail).toMatch(/maintenance mode off/);
    await until('one primary', async () => (await primaries()).length === 1, 30_000);
    timings.splitEndsAfterResume = Date.now() - reverted;
    expect(await primaries()).toEqual([leader]);
    await lab.waitHealthy();
    timings.healthyAfterResume = Date.now() - reverted;
    // The rogue was rewound onto the leader's history: its own table is gone.
    expect((await lab.psql(rogue, "select to_regclass('rogue_writes') is null")).out.trim()).toBe(
      't',
    );
    expect(await fault.revert()).toMatchObject({ ok: true });
  });

  it('refuses to promote a node that is not a replica, and leaves maintenance mode off', async () => {
    const leader = await lab.waitHealthy();
    await expect(
      injectManualPromote(lab.ctx, {
        id: 'mp2',
        kind: 'manual-promote',
        node: leader,
        maintenance: true,
        at,
      }),
    ).rejects.toThrow(/is not a replica/);
    expect((await lab.rest(leader, '/patroni')).body).not.toMatch(/"pause": ?true/);
  });

  it('without maintenance: Patroni demotes the rogue by itself within a few loops (it may be left stuck on its own timeline)', async () => {
    const leader = await lab.waitHealthy();
    const rogue = PG.filter((n) => n !== leader)[1] ?? '';
    const started = Date.now();
    const fault = track(
      await injectManualPromote(lab.ctx, {
        id: 'mp3',
        kind: 'manual-promote',
        node: rogue,
        maintenance: false,
        at,
      }),
    );
    expect(fault.pausedByFault).toBe(false);
    await until('the rogue demoted', async () => (await recovery(rogue)) === 't', 30_000);
    timings.selfHealWithoutMaintenance = Date.now() - started;
    expect(await primaries()).toEqual([leader]);
    expect((await fault.revert()).detail).toMatch(/nothing to undo/);
    // Measured: Patroni restarts the rogue as a standby at once, without pg_rewind. When
    // its promotion had not reached a checkpoint yet, it follows its own newer timeline
    // ("highest timeline N of the primary is behind recovery timeline N+1") and never
    // streams, while patronictl lists it as a running replica with lag 0.
    const healed = await lab.waitHealthy(15_000).then(
      () => true,
      () => false,
    );
    const log = (await lab.sh(rogue, 'tail -n 40 /var/log/dojo/patroni.log')).out;
    console.log(
      `[patroni-faults-int] manual promote without maintenance: rogue ${healed ? 'streams again' : `stuck${/is behind recovery timeline/.test(log) ? ' on its own timeline' : ''}`}`,
    );
    if (!healed) {
      expect(
        (await lab.patronictl(leader, `reinit dojo ${rogue} --force --wait`, 120_000)).exitCode,
      ).toBe(0);
    }
    await lab.waitHealthy();
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DEFAULT_PATRONI_SETTINGS,
  etcdCommand,
  patroniYaml,
  timingRuleHolds,
  validatePatroniSettings,
} from './patroni-config';
import { patroniLab } from './patroni.lab';

/** The parts of patroni.yml the tests read. */
interface PatroniYml {
  scope: string;
  name: string;
  restapi: unknown;
  etcd: { hosts: string; protocol: string };
  etcd3?: unknown;
  postgresql: {
    connect_address: string;
    authentication: { rewind: { username: string } };
    pg_hba: string[];
    basebackup: unknown[];
  };
  bootstrap: {
    initdb: unknown[];
    dcs: {
      synchronous_mode: boolean;
      postgresql: { use_pg_rewind: boolean; parameters: Record<string, unknown> };
    } & Record<string, unknown>;
  };
}

const network = {
  subnet: '10.9.8.0/24',
  gateway: '10.9.8.1',
  hostIp: (n: number) => `10.9.8.${n}`,
};

describe('patroni.yml', () => {
  const yml = patroniYaml(
    DEFAULT_PATRONI_SETTINGS,
    { name: 'pg-2', ip: '10.9.8.12' },
    ['10.9.8.21'],
    '10.9.8.0/24',
  );
  const c = parse(yml) as PatroniYml;

  it('names the node and its addresses, and points at etcd over the v2 API', () => {
    expect(c.scope).toBe('dojo');
    expect(c.name).toBe('pg-2');
    expect(c.restapi).toEqual({ listen: '0.0.0.0:8008', connect_address: '10.9.8.12:8008' });
    expect(c.etcd).toEqual({ hosts: '10.9.8.21:2379', protocol: 'http' });
    expect(c.etcd3).toBeUndefined();
    expect(c.postgresql.connect_address).toBe('10.9.8.12:5432');
  });

  it('bootstraps with the lab timings and what pg_rewind needs', () => {
    expect(c.bootstrap.dcs).toMatchObject({
      ttl: 10,
      loop_wait: 2,
      retry_timeout: 4,
      synchronous_mode: false,
    });
    expect(c.bootstrap.dcs.postgresql.use_pg_rewind).toBe(true);
    expect(c.bootstrap.dcs.postgresql.parameters).toMatchObject({
      wal_level: 'replica',
      hot_standby: 'on',
      wal_log_hints: 'on',
    });
    expect(c.postgresql.authentication.rewind.username).toBe('rewind_user');
    expect(c.postgresql.pg_hba).toContain('host all all 10.9.8.0/24 md5');
    expect(c.postgresql.pg_hba).toContain('host replication replicator 10.9.8.0/24 md5');
  });

  it('clones and bootstraps without forcing files to disk, the clone from an immediate checkpoint', () => {
    expect(c.bootstrap.initdb).toEqual([{ encoding: 'UTF8' }, { locale: 'C' }, 'no-sync']);
    expect(c.postgresql.basebackup).toEqual([{ checkpoint: 'fast' }, 'no-sync']);
  });

  it('quotes on/off so YAML 1.1 readers (PyYAML) do not turn them into booleans', () => {
    expect(yml).toMatch(/hot_standby: "on"/);
    expect(yml).toMatch(/mode: "off"/);
  });

  it('carries synchronous_mode when asked', () => {
    const s = parse(
      patroniYaml(
        { ...DEFAULT_PATRONI_SETTINGS, synchronousMode: true },
        { name: 'pg-1', ip: '10.9.8.11' },
        ['10.9.8.21', '10.9.8.22', '10.9.8.23'],
        '10.9.8.0/24',
      ),
    ) as PatroniYml;
    expect(s.bootstrap.dcs.synchronous_mode).toBe(true);
    expect(s.etcd.hosts).toBe('10.9.8.21:2379,10.9.8.22:2379,10.9.8.23:2379');
  });
});

describe('timings', () => {
  it("holds Patroni's rule loop_wait + 2*retry_timeout <= ttl", () => {
    expect(timingRuleHolds({ ttl: 10, loopWait: 2, retryTimeout: 4 })).toBe(true);
    expect(timingRuleHolds({ ttl: 30, loopWait: 10, retryTimeout: 10 })).toBe(true);
    expect(timingRuleHolds({ ttl: 10, loopWait: 3, retryTimeout: 4 })).toBe(false);
  });

  it('refuses settings that break the rule unless a scenario asks for the misconfiguration', () => {
    const bad = { ...DEFAULT_PATRONI_SETTINGS, loopWait: 5 };
    expect(() => validatePatroniSettings(bad)).toThrow(/loop_wait \+ 2\*retry_timeout <= ttl/);
    expect(() => patroniLab({ loopWait: 5 })).toThrow(/5 \+ 2\*4 = 13 > 10/);
    expect(() => validatePatroniSettings({ ...bad, allowTimingRuleViolation: true })).not.toThrow();
  });

  it('refuses nonsense', () => {
    expect(() => validatePatroniSettings({ ...DEFAULT_PATRONI_SETTINGS, ttl: 0 })).toThrow(/ttl/);
    expect(() => validatePatroniSettings({ ...DEFAULT_PATRONI_SETTINGS, scope: 'a b' })).toThrow(
      /scope/,
    );
    expect(() =>
      validatePatroniSettings({ ...DEFAULT_PATRONI_SETTINGS, etcdNodes: 4 as 1 }),
    ).toThrow(/etcdNodes/);
  });
});

describe('etcd command', () => {
  it('enables the v2 API and lists the whole cluster', () => {
    const members = [
      { name: 'etcd-1', ip: '10.9.8.21' },
      { name: 'etcd-2', ip: '10.9.8.22' },
    ];
    const cmd = etcdCommand(members[1]!, members, 'tok');
    expect(cmd[0]).toBe('etcd');
    expect(cmd).toContain('--enable-v2=true');
    expect(cmd).toContain('--name=etcd-2');
    expect(cmd).toContain('--advertise-client-urls=http://10.9.8.22:2379');
    expect(cmd).toContain(
      '--initial-cluster=etcd-1=http://10.9.8.21:2380,etcd-2=http://10.9.8.22:2380',
    );
  });
});

describe('patroniLab plan', () => {
  it('starts etcd, then the PostgreSQL nodes, the replicas waiting for the bootstrap on their first boot', () => {
    const lab = patroniLab();
    expect(lab.summary.title).toBe('Patroni — PostgreSQL 15, 3 nodes, etcd');
    expect(lab.images).toEqual(['etcd', 'patroni']);
    const plan = lab.plan(network);
    expect(plan.stages).toBe(2);
    expect(plan.nodes.map((n) => [n.name, n.kind, n.stage, n.ipv4])).toEqual([
      ['etcd-1', 'etcd', 0, '10.9.8.21'],
      ['pg-1', 'postgres', 1, '10.9.8.11'],
      ['pg-2', 'postgres', 1, '10.9.8.12'],
      ['pg-3', 'postgres', 1, '10.9.8.13'],
    ]);
    const pg = plan.nodes[1]!;
    expect(pg.cmd).toEqual(['/usr/local/bin/dojo-patroni-entrypoint', '/etc/dojo/patroni.yml']);
    const replica = plan.nodes[2]!.cmd;
    expect(replica.slice(0, 2)).toEqual(['bash', '-c']);
    expect(replica[2]).toMatch(
      /^if \[ ! -s \/var\/lib\/postgresql\/data\/PG_VERSION \]; then until /,
    );
    expect(replica[2]).toContain('http://10.9.8.21:2379/v2/keys/service/dojo/initialize');
    expect(replica[2]).toMatch(
      /; fi; exec \/usr\/local\/bin\/dojo-patroni-entrypoint \/etc\/dojo\/patroni\.yml$/,
    );
    expect(pg.probePorts).toEqual([5432, 8008]);
    expect(pg.files[0]?.content).toMatch(/name: pg-1/);
    expect(plan.nodes[0]?.probePorts).toEqual([2379]);
    expect(lab.summary.nodes).toEqual(['etcd-1', 'pg-1', 'pg-2', 'pg-3']);
  });

  it('offers 2 etcd members, for the drill on even counts', () => {
    const lab = patroniLab({ etcdNodes: 2 });
    const etcd = lab.plan(network).nodes.filter((n) => n.kind === 'etcd');
    expect(etcd.map((n) => n.name)).toEqual(['etcd-1', 'etcd-2']);
    expect(lab.summary.title).toBe('Patroni — PostgreSQL 15, 3 nodes, 2 etcd');
    expect(lab.summary.description).toMatch(/2 etcd 3\.4 members/);
  });

  it('offers 3 etcd members', () => {
    const lab = patroniLab({ etcdNodes: 3 });
    const plan = lab.plan(network);
    const etcd = plan.nodes.filter((n) => n.kind === 'etcd');
    expect(etcd.map((n) => n.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
    expect(etcd.every((n) => n.stage === 0)).toBe(true);
    expect(lab.summary.title).toBe('Patroni — PostgreSQL 15, 3 nodes, 3 etcd');
    expect(plan.nodes.find((n) => n.name === 'pg-3')?.files[0]?.content).toMatch(
      /hosts: 10\.9\.8\.21:2379,10\.9\.8\.22:2379,10\.9\.8\.23:2379/,
    );
  });
});

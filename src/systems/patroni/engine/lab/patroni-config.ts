/**
 * Generated per-run configuration for the Patroni lab: one patroni.yml per
 * PostgreSQL node and the etcd command line. Patroni talks to etcd over the
 * v2 API (`etcd:` section, etcd started with --enable-v2=true): measured on
 * Patroni 3.0.2, the v3 API sometimes lets a woken zombie take the leader key
 * back from the new leader; the v2 API did not, and a scenario must behave the
 * same way on every run.
 */
import { stringify } from 'yaml';
import { PATRONI_CLIENT_PORTS } from '../../shared/patroni.traits';

/** Settings of a Patroni lab. Scenarios override them. */
export interface PatroniSettings {
  /** Patroni cluster name (`scope`); the DCS keys live under /service/<scope>/. */
  scope: string;
  /** Leader lease, seconds: a leader that cannot renew its key for this long loses it. */
  ttl: number;
  /** Seconds between two runs of Patroni's HA loop. */
  loopWait: number;
  /** Seconds Patroni retries DCS and PostgreSQL operations before it demotes. */
  retryTimeout: number;
  /** Commit waits for a synchronous standby Patroni assigns. */
  synchronousMode: boolean;
  /** Keep the primary running while the DCS is unreachable if every member agrees (Patroni 3.0+). */
  failsafeMode: boolean;
  /** Replicas further behind than this (bytes) are not promoted. */
  maximumLagOnFailover: number;
  /** etcd members: 1 (default), 2 (no tie-breaker: a drill) or 3. */
  etcdNodes: 1 | 2 | 3;
  /**
   * PostgreSQL's wal_sender_timeout, seconds: a demoting primary whose replicas
   * are black-holed cannot finish its shutdown before its WAL senders time out.
   */
  walSenderTimeoutSeconds: number;
  /**
   * Start even when loop_wait + 2*retry_timeout > ttl (Patroni's rule). Only
   * for a scenario that teaches that misconfiguration; off by default.
   */
  allowTimingRuleViolation: boolean;
}

export const DEFAULT_PATRONI_SETTINGS: PatroniSettings = {
  scope: 'dojo',
  ttl: 10,
  loopWait: 2,
  retryTimeout: 4,
  synchronousMode: false,
  failsafeMode: false,
  maximumLagOnFailover: 1024 * 1024,
  etcdNodes: 1,
  walSenderTimeoutSeconds: 60,
  allowTimingRuleViolation: false,
};

export const POSTGRES_PORT = PATRONI_CLIENT_PORTS.postgres;
export const PATRONI_REST_PORT = 8008;
export const ETCD_CLIENT_PORT = PATRONI_CLIENT_PORTS.etcd;
export const ETCD_PEER_PORT = 2380;
export const CONFIG_DIR = '/etc/dojo';
export const PATRONI_CONFIG_PATH = `${CONFIG_DIR}/patroni.yml`;
export const PG_DATA_DIR = '/var/lib/postgresql/data';
export const PG_BIN_DIR = '/usr/lib/postgresql/15/bin';
/** The wrapper entrypoint of the patroni image (Patroni runs as its child). */
export const PATRONI_ENTRYPOINT = '/usr/local/bin/dojo-patroni-entrypoint';

/**
 * Roles and passwords of the lab (not secrets: the lab lives on a private
 * bridge network for minutes). Clients on the lab subnet authenticate with md5/scram.
 */
export const PATRONI_CREDENTIALS = {
  superuser: { username: 'postgres', password: 'dojo-postgres' },
  replication: { username: 'replicator', password: 'dojo-replicator' },
  rewind: { username: 'rewind_user', password: 'dojo-rewind' },
} as const;

/** Database the workload writes to (created by Patroni's bootstrap). */
export const PATRONI_DATABASE = 'postgres';

/** Patroni's rule: a leader must be able to retry the DCS twice and still renew its lease. */
export function timingRuleHolds(s: Pick<PatroniSettings, 'ttl' | 'loopWait' | 'retryTimeout'>) {
  return s.loopWait + 2 * s.retryTimeout <= s.ttl;
}

/** Rejects settings Patroni would refuse or misbehave with. */
export function validatePatroniSettings(s: PatroniSettings): void {
  if (!/^[A-Za-z0-9_-]+$/.test(s.scope)) throw new Error(`scope: invalid "${s.scope}"`);
  for (const [k, v] of [
    ['ttl', s.ttl],
    ['loopWait', s.loopWait],
    ['retryTimeout', s.retryTimeout],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`${k}: must be a whole number >= 1, got ${v}`);
  }
  if (s.etcdNodes !== 1 && s.etcdNodes !== 2 && s.etcdNodes !== 3)
    throw new Error(`etcdNodes: must be 1, 2 or 3, got ${String(s.etcdNodes)}`);
  if (!Number.isInteger(s.maximumLagOnFailover) || s.maximumLagOnFailover < 0)
    throw new Error('maximumLagOnFailover: must be >= 0');
  if (!s.allowTimingRuleViolation && !timingRuleHolds(s)) {
    throw new Error(
      `timings break Patroni's rule loop_wait + 2*retry_timeout <= ttl: ` +
        `${s.loopWait} + 2*${s.retryTimeout} = ${s.loopWait + 2 * s.retryTimeout} > ${s.ttl}`,
    );
  }
}

/** Where one Patroni node sits on the lab network. */
export interface PatroniNodeAddress {
  name: string;
  ip: string;
}

/** patroni.yml of one node. `etcdIps` are the etcd members' addresses; `subnet` the lab's CIDR. */
export function patroniYaml(
  settings: PatroniSettings,
  node: PatroniNodeAddress,
  etcdIps: string[],
  subnet: string,
): string {
  const c = PATRONI_CREDENTIALS;
  const config = {
    scope: settings.scope,
    name: node.name,
    log: { level: 'INFO', format: '%(asctime)s %(levelname)s: %(message)s' },
    restapi: {
      listen: `0.0.0.0:${PATRONI_REST_PORT}`,
      connect_address: `${node.ip}:${PATRONI_REST_PORT}`,
    },
    // v2 API on purpose (see the file comment).
    etcd: {
      hosts: etcdIps.map((ip) => `${ip}:${ETCD_CLIENT_PORT}`).join(','),
      protocol: 'http',
    },
    bootstrap: {
      dcs: {
        ttl: settings.ttl,
        loop_wait: settings.loopWait,
        retry_timeout: settings.retryTimeout,
        maximum_lag_on_failover: settings.maximumLagOnFailover,
        synchronous_mode: settings.synchronousMode,
        failsafe_mode: settings.failsafeMode,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: {
            wal_level: 'replica',
            hot_standby: 'on',
            // pg_rewind needs hint bits WAL-logged (or data checksums).
            wal_log_hints: 'on',
            max_connections: 100,
            max_wal_senders: 10,
            max_replication_slots: 10,
            wal_keep_size: '128MB',
            // A black-holed replica holds up a demoting primary this long (PostgreSQL's default: 60 s).
            wal_sender_timeout: `${settings.walSenderTimeoutSeconds}s`,
          },
        },
      },
      // --no-sync: the bootstrap's files need not be forced to disk before pg-1 starts. A
      // container that dies keeps the host's page cache, so no drill can lose them; only the
      // host crashing could, and then the lab is gone anyway.
      initdb: [{ encoding: 'UTF8' }, { locale: 'C' }, 'no-sync'],
    },
    postgresql: {
      listen: `0.0.0.0:${POSTGRES_PORT}`,
      connect_address: `${node.ip}:${POSTGRES_PORT}`,
      data_dir: PG_DATA_DIR,
      bin_dir: PG_BIN_DIR,
      pgpass: '/tmp/pgpass0',
      authentication: {
        superuser: { ...c.superuser },
        replication: { ...c.replication },
        rewind: { ...c.rewind },
      },
      parameters: {
        unix_socket_directories: '/var/run/postgresql',
        shared_buffers: '32MB',
        // A fresh replica asks for its slot before the leader's next loop has made it ("replication
        // slot pg_2 does not exist"); it asks again after this (PostgreSQL's default: 5 s).
        wal_retrieve_retry_interval: '1s',
      },
      // A replica's clone (and a reinit): ask the leader for an immediate checkpoint instead of
      // a spread one, and do not force the copy to disk (as initdb above).
      basebackup: [{ checkpoint: 'fast' }, 'no-sync'],
      pg_hba: [
        'local all all trust',
        'host all all 127.0.0.1/32 trust',
        `host replication ${c.replication.username} ${subnet} md5`,
        'host replication all 127.0.0.1/32 trust',
        `host all all ${subnet} md5`,
      ],
    },
    watchdog: { mode: 'off' },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
  // YAML 1.1 output quotes on/off/yes/no: Patroni reads the file with PyYAML (YAML 1.1).
  return `# Generated by Failover Dojo for this run.\n${stringify(config, { version: '1.1' })}`;
}

/** Where one etcd member sits on the lab network. */
export interface EtcdMemberAddress {
  name: string;
  ip: string;
}

/** Command line of one etcd member of the run's cluster, with the v2 API enabled. */
export function etcdCommand(
  member: EtcdMemberAddress,
  cluster: EtcdMemberAddress[],
  token: string,
) {
  const peer = (m: EtcdMemberAddress): string => `http://${m.ip}:${ETCD_PEER_PORT}`;
  return [
    'etcd',
    `--name=${member.name}`,
    '--data-dir=/var/lib/etcd/data',
    `--listen-client-urls=http://0.0.0.0:${ETCD_CLIENT_PORT}`,
    `--advertise-client-urls=http://${member.ip}:${ETCD_CLIENT_PORT}`,
    `--listen-peer-urls=http://0.0.0.0:${ETCD_PEER_PORT}`,
    `--initial-advertise-peer-urls=${peer(member)}`,
    `--initial-cluster=${cluster.map((m) => `${m.name}=${peer(m)}`).join(',')}`,
    `--initial-cluster-token=${token}`,
    '--initial-cluster-state=new',
    '--enable-v2=true',
  ];
}

/**
 * The lock-service lab's settings, etcd-1's command line, and how storage
 * starts: a plain PostgreSQL 15 (the labs' PostgreSQL image, no HA
 * manager) whose `dojo_write(token, worker, seq)` keeps the highest fencing
 * token it accepted and, with its check on, refuses a lower one.
 */

/** etcd's client port (workers, probes). */
export const LOCK_ETCD_PORT = 2379;
/** PostgreSQL's port on storage. */
export const STORAGE_PORT = 5432;
/** The lock's key in etcd. */
export const LOCK_KEY = 'dojo/lock';
/** The status board in etcd: each worker posts what it believes under this prefix (no lease: a frozen worker's last word stays). */
export const BELIEFS_PREFIX = 'dojo/beliefs/';
/** Storage's login: the superuser over trust authentication (a lab-only database). */
export const STORAGE_LOGIN = { user: 'postgres', database: 'postgres', password: 'dojo-storage' };

/** The lab's settings (see lockServiceSettingsSchema for their meaning). */
export interface LockServiceSettings {
  /** Storage refuses a token lower than the highest it accepted. */
  fencingCheck: boolean;
  /** A worker's lease TTL, s. */
  leaseTtlSeconds: number;
}

export const DEFAULT_LOCK_SERVICE_SETTINGS: LockServiceSettings = {
  fencingCheck: false,
  leaseTtlSeconds: 5,
};

/** Throws, naming the setting, on a value the lab cannot run with. */
export function validateLockServiceSettings(s: LockServiceSettings): void {
  if (!Number.isInteger(s.leaseTtlSeconds) || s.leaseTtlSeconds < 3 || s.leaseTtlSeconds > 30)
    throw new Error(`leaseTtlSeconds: must be an integer from 3 to 30, got ${s.leaseTtlSeconds}`);
}

/** etcd-1's command line: a cluster of one, v3 API only. */
export function lockEtcdCommand(ip: string): string[] {
  return [
    'etcd',
    '--name=etcd-1',
    '--data-dir=/var/lib/etcd/data',
    `--listen-client-urls=http://0.0.0.0:${LOCK_ETCD_PORT}`,
    `--advertise-client-urls=http://${ip}:${LOCK_ETCD_PORT}`,
    '--listen-peer-urls=http://127.0.0.1:2380',
    '--initial-advertise-peer-urls=http://127.0.0.1:2380',
    '--initial-cluster=etcd-1=http://127.0.0.1:2380',
    '--initial-cluster-state=new',
  ];
}

/**
 * Storage's schema: the fence row (the highest token accepted, whether the
 * check is on), the writes it accepted in commit order, and `dojo_write`,
 * which takes the fence row's lock so two writes never race past the check.
 * A refused write raises SQLSTATE P0001 "stale fencing token T (highest seen H)".
 */
export function storageSql(checkOn: boolean): string {
  return `CREATE TABLE dojo_fence (id int PRIMARY KEY, highest bigint NOT NULL, check_on boolean NOT NULL);
INSERT INTO dojo_fence VALUES (1, 0, ${checkOn ? 'true' : 'false'});
CREATE TABLE dojo_lock_writes (
  n bigserial PRIMARY KEY,
  token bigint NOT NULL,
  worker text NOT NULL,
  seq int NOT NULL,
  stale boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE FUNCTION dojo_write(t bigint, w text, s int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE f dojo_fence;
BEGIN
  SELECT * INTO f FROM dojo_fence WHERE id = 1 FOR UPDATE;
  IF f.check_on AND t < f.highest THEN
    RAISE EXCEPTION 'stale fencing token % (highest seen %)', t, f.highest USING ERRCODE = 'P0001';
  END IF;
  IF t > f.highest THEN UPDATE dojo_fence SET highest = t WHERE id = 1; END IF;
  INSERT INTO dojo_lock_writes (token, worker, seq, stale) VALUES (t, w, s, t < f.highest);
END $$;
`;
}

/** Where storage's start script and schema go in its container. */
export const STORAGE_SCRIPT = '/etc/dojo/storage.sh';
export const STORAGE_SQL = '/etc/dojo/storage.sql';

/**
 * Storage's start script: initdb (trust authentication: a lab-only
 * database), the schema loaded on a socket-only start, then PostgreSQL in
 * the foreground as postgres (the container stays root for exec).
 */
export const STORAGE_START = `#!/bin/bash
set -euo pipefail
D=/var/lib/postgresql/data
as_pg() { runuser -u postgres -- "$@"; }
if [ ! -s "$D/PG_VERSION" ]; then
  as_pg initdb -D "$D" -U postgres -A trust --no-sync >/dev/null
  echo "listen_addresses = '*'" >> "$D/postgresql.conf"
  echo "fsync = off" >> "$D/postgresql.conf"
  echo "host all all 0.0.0.0/0 trust" >> "$D/pg_hba.conf"
  as_pg pg_ctl -D "$D" -w -o "-c listen_addresses=''" start >/dev/null
  as_pg psql -X -q -v ON_ERROR_STOP=1 -d postgres -f ${STORAGE_SQL}
  as_pg pg_ctl -D "$D" -w stop >/dev/null
fi
exec runuser -u postgres -- postgres -D "$D"
`;

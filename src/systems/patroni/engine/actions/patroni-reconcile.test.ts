import { describe, expect, it } from 'vitest';
import { isRestarting } from './patroni-reconcile';

describe('isRestarting: an export waits for postgres restarting in place, not for a stopped node', () => {
  it('waits while postgres is down inside a running container', () => {
    for (const message of [
      'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory',
      'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  the database system is starting up',
      'FATAL:  the database system is shutting down',
      'connection to server at "127.0.0.1", port 5432 failed: Connection refused',
    ])
      expect(isRestarting(message), message).toBe(true);
  });

  it('does not wait for a stopped container, a timeout or a missing table', () => {
    for (const message of [
      'Container 1bf7bdbf is not running',
      'exec timed out after 20000 ms: psql',
      'ERROR:  relation "dojo_writes" does not exist',
    ])
      expect(isRestarting(message), message).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  PATRONI_PROCESS_PATTERN,
  killPatroniScript,
  leaderOf,
  parsePatronictlList,
  parseScope,
  patronictlArgv,
  pgCtlArgv,
  psqlArgv,
  startPatroniScript,
} from './patroni-cli';
import { briefOutput } from '../../../../core/faults/container-exec';

/** `patronictl list -f json` of Patroni 3.0.2 (one line, as printed). */
const LIST =
  '[{"Cluster": "dojo", "Member": "pg-1", "Host": "10.213.0.11", "Role": "Leader", "State": "running", "TL": 1}, ' +
  '{"Cluster": "dojo", "Member": "pg-2", "Host": "10.213.0.12", "Role": "Replica", "State": "running", "TL": 3, "Lag in MB": 0}, ' +
  '{"Cluster": "dojo", "Member": "pg-3", "Host": "10.213.0.13", "Role": "Replica", "State": "stopped", "Lag in MB": "unknown"}]';

describe('parsePatronictlList', () => {
  it('reads members, roles, states, timelines and lag', () => {
    expect(parsePatronictlList(LIST)).toEqual([
      { name: 'pg-1', host: '10.213.0.11', role: 'Leader', state: 'running', timeline: 1 },
      {
        name: 'pg-2',
        host: '10.213.0.12',
        role: 'Replica',
        state: 'running',
        timeline: 3,
        lagMb: 0,
      },
      { name: 'pg-3', host: '10.213.0.13', role: 'Replica', state: 'stopped' },
    ]);
  });

  it('skips warnings printed before the JSON and throws on garbage', () => {
    expect(parsePatronictlList(`WARNING: something\n${LIST}\n`)).toHaveLength(3);
    expect(() => parsePatronictlList('Error: Can not find suitable configuration')).toThrow(
      /no JSON/,
    );
    expect(() => parsePatronictlList('[{"Member": ]')).toThrow(/not JSON/);
  });
});

describe('leaderOf', () => {
  it('names the Leader (or Standby Leader), undefined without one', () => {
    const members = parsePatronictlList(LIST);
    expect(leaderOf(members)).toBe('pg-1');
    expect(leaderOf(members.filter((m) => m.role !== 'Leader'))).toBeUndefined();
    expect(leaderOf([{ name: 's', host: '', role: 'Standby Leader', state: 'running' }])).toBe('s');
  });
});

describe('parseScope', () => {
  it('reads the top-level scope of a patroni.yml', () => {
    expect(parseScope('# Generated\nscope: dojo\nname: pg-1\n')).toBe('dojo');
    expect(parseScope('scope: "my-cluster"\n')).toBe('my-cluster');
    expect(parseScope('name: pg-1\n  scope: nested\n')).toBeUndefined();
  });
});

describe('briefOutput', () => {
  it("quotes patronictl's Error line", () => {
    const r = {
      exitCode: 1,
      stdout: '+ Cluster: dojo ---+\n| pg-1 | Leader |\n',
      stderr: 'Error: Switchover target and source are the same.\n',
    };
    expect(briefOutput(r)).toBe('exit 1: Error: Switchover target and source are the same.');
  });

  it('quotes psql errors and otherwise the last two lines, cut to 240 characters', () => {
    expect(
      briefOutput({
        exitCode: 2,
        stdout: '',
        stderr:
          'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory\n',
      }),
    ).toMatch(/^exit 2: psql: error: connection to server/);
    expect(briefOutput({ exitCode: 3, stdout: 'a\nb\nc\n', stderr: '' })).toBe('exit 3: b / c');
    expect(briefOutput({ exitCode: 1, stdout: '', stderr: '' })).toBe('exit 1');
    expect(briefOutput({ exitCode: 1, stdout: 'x'.repeat(500), stderr: '' }).length).toBeLessThan(
      260,
    );
  });
});

describe('argv builders', () => {
  it('run the lab’s tools with its config, socket and data directory', () => {
    expect(patronictlArgv(['pause', '--wait'])).toEqual([
      'patronictl',
      '-c',
      '/etc/dojo/patroni.yml',
      'pause',
      '--wait',
    ]);
    expect(pgCtlArgv(['promote', '-w'])).toEqual([
      '/usr/lib/postgresql/15/bin/pg_ctl',
      '-D',
      '/var/lib/postgresql/data',
      'promote',
      '-w',
    ]);
    const psql = psqlArgv('select 1');
    expect(psql.slice(-2)).toEqual(['-c', 'select 1']);
    expect(psql).toContain('/var/run/postgresql');
    expect(psql).toContain('ON_ERROR_STOP=1');
  });
});

describe('scripts', () => {
  it('kill finds Patroni as the wrapper does and fails when there is none', () => {
    const s = killPatroniScript();
    expect(s).toContain(`pgrep -u postgres -f '${PATRONI_PROCESS_PATTERN}'`);
    expect(s).toContain('kill -9 $pids');
    expect(s).toMatch(/exit 3/);
  });

  it('start goes through the wrapper, only when Patroni is not running, with its log to docker logs', () => {
    const s = startPatroniScript();
    const lines = s.split('\n');
    expect(lines[1]).toMatch(/running \$pid.*exit 0/);
    expect(s).toContain(
      '/usr/local/bin/dojo-patroni-entrypoint --start-patroni </dev/null >/proc/1/fd/1 2>&1',
    );
  });
});

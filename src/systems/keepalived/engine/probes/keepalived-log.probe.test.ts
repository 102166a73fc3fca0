import { describe, expect, it } from 'vitest';
import { classifyKeepalivedLine, keepalivedRepeatFilter } from './keepalived-log.probe';

/** Lines as keepalived 2.2.7 wrote them in the lab image (`--log-console`). */
const TS = 'Thu Dec  3 09:42:52 2026: ';

describe('classifyKeepalivedLine', () => {
  it.each([
    ['(dojo_vip) Entering MASTER STATE', 'entering-master'],
    ['(dojo_vip) Entering BACKUP STATE (init)', 'entering-backup'],
    ['(dojo_vip) Entering BACKUP STATE', 'entering-backup'],
    ['(dojo_vip) Entering FAULT STATE', 'entering-fault'],
    [
      '(dojo_vip) Received advert from 10.213.2.12 with lower priority 100, ours 150, forcing new election',
      'lower-priority-advert',
    ],
    [
      '(dojo_vip) Master received advert from 10.213.2.11 with higher priority 150, ours 100',
      'higher-priority-advert',
    ],
    ['(dojo_vip): send advert error 1 (Operation not permitted)', 'advert-send-error'],
    ['Starting Keepalived v2.2.7 (01/16,2022)', 'started'],
    ['Startup complete', 'started'],
    ['Stopping', 'stopped'],
    ['Stopped', 'stopped'],
    ['Stopped Keepalived v2.2.7 (01/16,2022)', 'stopped'],
  ])('%s -> %s', (line, event) => {
    expect(classifyKeepalivedLine(TS + line)).toEqual({ event, line });
  });

  it.each([
    'Starting VRRP child process, pid=18',
    "Command line: 'keepalived' '--vrrp' '--dont-fork' '--log-console' '--use-file'",
    'Configuration file /etc/dojo/keepalived.conf',
    'NOTICE: setting config option max_auto_priority should result in better keepalived performance',
  ])('ignores routine line %s', (line) => {
    expect(classifyKeepalivedLine(TS + line)).toBeUndefined();
  });

  it("ignores the wrapper's notify lines, which repeat keepalived's own", () => {
    expect(
      classifyKeepalivedLine(
        'dojo: VRRP INSTANCE dojo_vip -> MASTER (priority 100) at 1796290970244',
      ),
    ).toBeUndefined();
    expect(
      classifyKeepalivedLine(
        'dojo: VRRP INSTANCE dojo_vip -> STOP (priority 100) at 1796290979726',
      ),
    ).toBeUndefined();
    expect(classifyKeepalivedLine('dojo: keepalived started under wrapper pid 7')).toBeUndefined();
  });
});

describe('keepalivedRepeatFilter', () => {
  const lower = {
    event: 'lower-priority-advert' as const,
    line: '(dojo_vip) Received advert from 10.0.0.12 with lower priority 100, ours 150, forcing new election',
  };

  it('passes a line once per router while it repeats within the window, again after a quiet window', () => {
    const fresh = keepalivedRepeatFilter(5000);
    expect(fresh('router-1', lower, 0)).toBe(true);
    expect(fresh('router-1', lower, 1000)).toBe(false);
    expect(fresh('router-1', lower, 2000)).toBe(false);
    expect(fresh('router-2', lower, 2000)).toBe(true);
    // Still repeating every second: the window slides with the last showing.
    expect(fresh('router-1', lower, 6500)).toBe(false);
    expect(fresh('router-1', lower, 12_000)).toBe(true);
  });

  it('keeps real flaps: the same state entered again after another one', () => {
    const fresh = keepalivedRepeatFilter(5000);
    const master = { event: 'entering-master' as const, line: '(dojo_vip) Entering MASTER STATE' };
    const backup = { event: 'entering-backup' as const, line: '(dojo_vip) Entering BACKUP STATE' };
    expect(fresh('router-2', master, 0)).toBe(true);
    expect(fresh('router-2', backup, 1000)).toBe(true);
    // Within the window the identical line is a repeat of the log, not a new state: dropped.
    expect(fresh('router-2', master, 2000)).toBe(false);
    expect(fresh('router-2', master, 8000)).toBe(true);
  });

  it('makes one started and one stopped event of keepalived lines that say it twice or thrice', () => {
    const fresh = keepalivedRepeatFilter(5000);
    const ev = (event: 'started' | 'stopped', line: string, t: number) =>
      fresh('router-2', { event, line }, t);
    expect(ev('stopped', 'Stopping', 0)).toBe(true);
    expect(ev('stopped', 'Stopped', 300)).toBe(false);
    expect(ev('stopped', 'Stopped Keepalived v2.2.7 (01/16,2022)', 310)).toBe(false);
    expect(ev('started', 'Starting Keepalived v2.2.7 (01/16,2022)', 1500)).toBe(true);
    expect(ev('started', 'Startup complete', 1510)).toBe(false);
  });
});

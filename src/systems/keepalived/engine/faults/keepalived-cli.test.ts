import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  announceVipScript,
  keepalivedStatusScript,
  killKeepalivedScript,
  parseScriptLine,
  reloadKeepalivedScript,
  startKeepalivedScript,
  stopKeepalivedScript,
  vipOf,
} from './keepalived-cli';

const VIP = '10.9.8.250';

describe('vipOf', () => {
  it('is host .250 of the router’s /24', () => {
    expect(vipOf({ ipv4: '10.9.8.12' })).toBe(VIP);
  });
});

describe('parseScriptLine', () => {
  it('reads the last line: first word, plain words, key=value words', () => {
    expect(parseScriptLine('noise\nkilled 13 16 ms=52 vip=1\n')).toEqual({
      word: 'killed',
      args: ['13', '16'],
      values: { ms: '52', vip: '1' },
    });
    expect(parseScriptLine('')).toEqual({ word: '', args: [], values: {} });
  });
});

describe('the scripts', () => {
  it('are valid bash', () => {
    for (const s of [
      killKeepalivedScript(VIP),
      stopKeepalivedScript(VIP, 5000),
      startKeepalivedScript(5000),
      reloadKeepalivedScript(),
      announceVipScript(VIP),
      keepalivedStatusScript(VIP),
    ]) {
      expect(() => execFileSync('bash', ['-n', '-c', s])).not.toThrow();
    }
  });

  it('refuse anything that is not an address as the VIP', () => {
    expect(() => announceVipScript('10.0.0.1; reboot')).toThrow(/IPv4/);
    expect(() => killKeepalivedScript('10.0.0.0/24')).toThrow(/IPv4/);
  });

  it('kill both keepalived processes with SIGKILL (stopped first); stop the main one with SIGTERM; start through the wrapper', () => {
    // Stopped before killed: a VRRP child left running when its parent dies gets SIGTERM
    // (PR_SET_PDEATHSIG) and takes the VIP away, which a SIGKILL must not do.
    const kill = killKeepalivedScript(VIP);
    expect(kill.indexOf('kill -STOP $pids')).toBeGreaterThan(-1);
    expect(kill.indexOf('kill -STOP $pids')).toBeLessThan(kill.indexOf('kill -9 $pids'));
    expect(stopKeepalivedScript(VIP, 5000)).toContain('kill -TERM "$pid"');
    expect(startKeepalivedScript(5000)).toContain(
      '/usr/local/bin/dojo-vrrp-router --start-keepalived </dev/null >/proc/1/fd/1 2>&1',
    );
  });
});

describe('announceVipScript against stand-in ip and arping', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-arping-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const tool = (name: string, body: string): void => {
    fs.writeFileSync(path.join(dir, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  };
  const run = (held: boolean, arping: string) => {
    tool(
      'ip',
      held
        ? `echo "39: eth0    inet 10.9.8.12/24 brd 10.9.8.255 scope global eth0"; echo "39: eth0    inet ${VIP}/24 scope global secondary eth0"`
        : 'echo "39: eth0    inet 10.9.8.12/24 brd 10.9.8.255 scope global eth0"',
    );
    tool('arping', `echo "args: $*" >> ${dir}/calls\n${arping}`);
    return spawnSync('bash', ['-c', announceVipScript(VIP)], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
      encoding: 'utf8',
    });
  };

  it('counts arping’s exit 1 "no reply" as announced when packets went out', () => {
    const r = run(
      true,
      'echo "3 packets transmitted, 0 packets received, 100% unanswered (0 extra)"; exit 1',
    );
    expect(r.status).toBe(0);
    expect(parseScriptLine(r.stdout)).toMatchObject({ word: 'announced', values: { sent: '3' } });
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8')).toContain(
      `-U -S ${VIP} -i eth0 -c 3 -W 0.2 -w 2 ${VIP}`,
    );
  });

  it('fails when arping sent nothing, even with the same exit code 1 (a bad interface)', () => {
    const r = run(
      true,
      'echo "arping: libnet_init(LIBNET_LINK, eth0): No such device" >&2; exit 1',
    );
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('No such device');
  });

  it('refuses with exit 3 on a router without the VIP, before any arping', () => {
    fs.rmSync(path.join(dir, 'calls'), { force: true });
    const r = run(false, 'exit 0');
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('does not hold the VIP');
    expect(fs.existsSync(path.join(dir, 'calls'))).toBe(false);
  });
});

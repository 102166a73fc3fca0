import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NeighbourReader, completeMacOf, parseProcNetArp } from './proc-net-arp';

const TABLE = [
  'IP address       HW type     Flags       HW address            Mask     Device',
  '10.214.3.250     0x1         0x2         02:42:0A:D6:03:0B     *        eth0',
  '10.214.3.11      0x1         0x2         02:42:0a:d6:03:0b     *        eth0',
  '10.214.3.12      0x1         0x0         00:00:00:00:00:00     *        eth0',
  '10.214.3.13      0x1         0x6         02:42:0a:d6:03:0d     *        eth0',
  '',
].join('\n');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-arp-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('/proc/net/arp', () => {
  it('parses every row after the header, MACs lowercase, flags as numbers', () => {
    expect(parseProcNetArp(TABLE)).toEqual([
      { ip: '10.214.3.250', flags: 2, mac: '02:42:0a:d6:03:0b', device: 'eth0' },
      { ip: '10.214.3.11', flags: 2, mac: '02:42:0a:d6:03:0b', device: 'eth0' },
      { ip: '10.214.3.12', flags: 0, mac: '00:00:00:00:00:00', device: 'eth0' },
      { ip: '10.214.3.13', flags: 6, mac: '02:42:0a:d6:03:0d', device: 'eth0' },
    ]);
    expect(parseProcNetArp('')).toEqual([]);
  });

  it('names the MAC of a complete entry only', () => {
    expect(completeMacOf(TABLE, '10.214.3.250')).toBe('02:42:0a:d6:03:0b');
    expect(completeMacOf(TABLE, '10.214.3.13')).toBe('02:42:0a:d6:03:0d');
    expect(completeMacOf(TABLE, '10.214.3.12')).toBeUndefined(); // incomplete
    expect(completeMacOf(TABLE, '10.214.3.99')).toBeUndefined(); // absent
    expect(completeMacOf(TABLE, '10.214.3.2')).toBeUndefined(); // no prefix match
  });

  it('re-reads the table once its reading is older than the cache time', () => {
    const file = path.join(tmp, 'arp');
    fs.writeFileSync(file, TABLE);
    const r = new NeighbourReader('10.214.3.250', file, 100);
    expect(r.current(1000)).toBe('02:42:0a:d6:03:0b');
    fs.writeFileSync(file, TABLE.replace('02:42:0A:D6:03:0B', '02:42:0a:d6:03:0c'));
    expect(r.current(1099)).toBe('02:42:0a:d6:03:0b'); // cached
    expect(r.current(1100)).toBe('02:42:0a:d6:03:0c');
    fs.rmSync(file);
    expect(r.current(1300)).toBeUndefined(); // unreadable: no entry
  });
});

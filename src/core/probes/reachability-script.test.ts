import { describe, expect, it } from 'vitest';
import {
  assembleMatrix,
  countTag,
  countsFromOutput,
  cutPairs,
  hadSetup,
  REACH_PORTS,
  reachPort,
  reachScript,
} from './reachability-script';

const members = [
  { name: 'a', ipv4: '10.0.0.1' },
  { name: 'b', ipv4: '10.0.0.2' },
  { name: 'c', ipv4: '10.0.0.3' },
];
const counts = (entries: [string, number][]): Map<string, number> => new Map(entries);

describe('assembleMatrix', () => {
  it('reach[from][to] is what `to` counted from `from` — directed', () => {
    const matrix = assembleMatrix(
      members,
      new Map([
        // a counted nothing from b: b -> a is cut, a -> b is not
        [
          'a',
          counts([
            ['10.0.0.2', 0],
            ['10.0.0.3', 1],
          ]),
        ],
        [
          'b',
          counts([
            ['10.0.0.1', 1],
            ['10.0.0.3', 2],
          ]),
        ],
        [
          'c',
          counts([
            ['10.0.0.1', 1],
            ['10.0.0.2', 1],
          ]),
        ],
      ]),
    );
    expect(matrix.members).toEqual(['a', 'b', 'c']);
    expect(matrix.reach.b?.a).toBe(false);
    expect(matrix.reach.a?.b).toBe(true);
    expect(matrix.reach.a?.a).toBe(true);
    expect(cutPairs(matrix)).toEqual(['b -> a']);
  });

  it('an unmeasured member neither reaches nor is reached', () => {
    const matrix = assembleMatrix(
      members,
      new Map([
        [
          'a',
          counts([
            ['10.0.0.2', 1],
            ['10.0.0.3', 5],
          ]),
        ],
        [
          'b',
          counts([
            ['10.0.0.1', 1],
            ['10.0.0.3', 1],
          ]),
        ],
      ]),
    );
    // c's datagrams were counted by a and b, but c could not be measured: its row and column read false.
    expect(cutPairs(matrix)).toEqual(['a -> c', 'b -> c', 'c -> a', 'c -> b']);
    expect(matrix.reach.c?.c).toBe(false);
  });
});

describe('the member script', () => {
  it('counts from exactly its peers, sends to each, waits, then reads and zeroes', () => {
    const s = reachScript(['10.0.0.2', '10.0.0.3'], 800, 0);
    expect(s).toContain(`PEERS='10.0.0.2 10.0.0.3'`);
    expect(s).toContain(`TAG='${countTag(['10.0.0.3', '10.0.0.2'])}'`);
    expect(s).toContain('echo -n x > /dev/udp/$ip/$P');
    expect(s).toContain('+ 800 ))');
    expect(s.trim().split('\n').at(-1)).toMatch(/^iptables -w -L DOJO-COUNT -v -x -n -Z \| awk /);
    expect(() => reachScript(['10.0.0.2;reboot'], 1, 0)).toThrow(/IPv4/);
  });

  it('rounds in a row send to alternating ports, and each keeps rules for both', () => {
    expect(reachPort(0)).not.toBe(reachPort(1));
    expect(reachPort(2)).toBe(reachPort(0));
    expect(reachScript(['10.0.0.2'], 1, 0)).toContain(`P=${reachPort(0)};`);
    expect(reachScript(['10.0.0.2'], 1, 1)).toContain(`P=${reachPort(1)};`);
    expect(reachScript(['10.0.0.2'], 1, 7)).toContain(`for port in ${REACH_PORTS.join(' ')}`);
  });

  it('the rule tag follows the peer set, not its order', () => {
    expect(countTag(['10.0.0.2', '10.0.0.3'])).toBe(countTag(['10.0.0.3', '10.0.0.2']));
    expect(countTag(['10.0.0.2'])).not.toBe(countTag(['10.0.0.2', '10.0.0.3']));
    expect(countTag(['10.0.0.2'])).toMatch(/^dojo-count:[0-9a-f]{8}$/);
  });

  it('parses a member output with the setup mark', () => {
    const out = [
      'DOJO-COUNT-SETUP',
      'Chain DOJO-COUNT (1 references)',
      '    pkts      bytes target     prot opt in     out     source               destination',
      '       1       29 RETURN     17   --  *      *       10.0.0.2             0.0.0.0/0            udp dpt:39999',
    ].join('\n');
    expect(hadSetup(out)).toBe(true);
    expect([...countsFromOutput(out)]).toEqual([['10.0.0.2', 1]]);
    expect(hadSetup('Chain DOJO-COUNT')).toBe(false);
  });
});

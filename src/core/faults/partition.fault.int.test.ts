import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { measureReachability } from '../probes/reachability.probe';
import { cutPairs } from '../probes/reachability-script';
import { createMiniLab, type MiniLab } from '../testing/mini-lab.fixture';
import { flushAllPartitions } from './iptables';
import { injectPartition, type PartitionFaultSpec } from './partition.fault';
import { injectPause } from './pause.fault';

/**
 * Partitions and pauses on the real engine, checked with the directed
 * reachability matrix (one-way datagrams) and with TCP from inside and from
 * the host through the published loopback port.
 */
let lab: MiniLab;
const timings: Record<string, number> = {};
const A = 'redis-1';
const OTHERS = ['redis-2', 'sentinel-1', 'app'];
const ALL = [A, ...OTHERS];

const partition = (
  id: string,
  groups: [string[], string[]],
  direction: PartitionFaultSpec['direction'] = 'both',
): PartitionFaultSpec => ({ id, kind: 'partition', groups, direction, at: { after: '0s' } });

/** Sends an inline PING to 127.0.0.1:port and returns the first reply line. */
function pingLoopback(port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no PING reply within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (c) => {
      data += c.toString();
      if (data.includes('\r\n')) {
        clearTimeout(timer);
        sock.end();
        resolve(data.split('\r\n')[0] ?? '');
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Directed cuts expected between two groups. */
function pairs(from: string[], to: string[]): string[] {
  return from.flatMap((f) => to.map((t) => `${f} -> ${t}`));
}

const redis = ['redis-server', '--protected-mode', 'no', '--save', ''];

beforeAll(async () => {
  lab = await createMiniLab('faults-int');
  await Promise.all([
    lab.add({ name: 'redis-1', kind: 'redis', host: 11, cmd: redis, publish: [6379] }),
    lab.add({ name: 'redis-2', kind: 'redis', host: 12, cmd: redis, publish: [6379] }),
    lab.add({ name: 'sentinel-1', kind: 'sentinel', host: 21 }),
    lab.add({ name: 'app', kind: 'client', host: 31 }),
  ]);
});

// A failed test must not leave its partition to the next one.
afterEach(async () => {
  const outcomes = await flushAllPartitions(lab.ctx);
  expect(outcomes.filter((o) => o.status === 'failed')).toEqual([]);
});

afterAll(async () => {
  await lab?.dispose();
  console.log(`[faults-int] timings ms: ${JSON.stringify(timings)}`);
});

describe('reachability matrix', () => {
  it('reads everything reachable on a healthy network (and twice in a row)', async () => {
    const first = await measureReachability(lab.ctx, ALL);
    timings.matrix4First = first.elapsedMs;
    expect(first.unmeasured).toEqual({});
    expect(cutPairs(first)).toEqual([]);
    const second = await measureReachability(lab.ctx, ALL);
    timings.matrix4 = second.elapsedMs;
    expect(second.rounds).toBe(1);
    expect(cutPairs(second)).toEqual([]);
  });

  it('a datagram of the last round that lands late does not make a pair cut since read as reachable', async () => {
    const before = await measureReachability(lab.ctx, ALL);
    // A slow peer's datagram arriving after the receiver read its counters (seen in CI).
    const app = lab.members.get('app')?.ipv4 ?? '';
    expect((await lab.sh(A, `echo -n x > /dev/udp/${app}/${before.port}`)).exitCode).toBe(0);
    const fault = await injectPartition(
      lab.ctx,
      partition('after-late', [[A], ['app']], 'outbound'),
    );
    const m = await measureReachability(lab.ctx, ALL);
    expect(m.port).not.toBe(before.port);
    expect(cutPairs(m)).toEqual([`${A} -> app`]);
    await fault.revert();
  });
});

describe('partition', () => {
  it('full: both directions cut between the groups, intact inside; the loopback port still answers; heal restores all', async () => {
    const fault = await injectPartition(lab.ctx, partition('split', [[A], OTHERS]));
    timings.applyFull4 = fault.applyMs;
    const m = await measureReachability(lab.ctx, ALL);
    timings.matrix4Partitioned = m.elapsedMs;
    expect(cutPairs(m).sort()).toEqual([...pairs([A], OTHERS), ...pairs(OTHERS, [A])].sort());

    // TCP inside the lab is cut; the probe path through the gateway is not.
    const inside = await lab.sh(
      'redis-2',
      `timeout 2 redis-cli -h ${lab.members.get(A)?.ipv4} PING`,
    );
    expect(inside.exitCode).not.toBe(0);
    expect(await pingLoopback(lab.ports.get(A)?.[6379] ?? 0)).toBe('+PONG');

    const healed = await fault.revert();
    expect(healed.ok).toBe(true);
    expect(cutPairs(await measureReachability(lab.ctx, ALL))).toEqual([]);
    const left = await lab.sh(A, 'iptables -S DOJO-PART');
    expect(left.out.trim()).toBe('-N DOJO-PART');
    // Idempotent: nothing left to do, still ok.
    expect((await fault.revert()).ok).toBe(true);
  });

  it('inbound: the first group does not receive from the others, but its packets arrive', async () => {
    const groups: [string[], string[]] = [
      [A, 'app'],
      ['redis-2', 'sentinel-1'],
    ];
    const fault = await injectPartition(lab.ctx, partition('one-way-in', groups, 'inbound'));
    const m = await measureReachability(lab.ctx, ALL);
    expect(cutPairs(m).sort()).toEqual(pairs(groups[1], groups[0]).sort());
    // Rules only on the first group.
    expect((await lab.sh('redis-2', 'iptables -S DOJO-PART 2>&1')).out).not.toContain('DROP');
    await fault.revert();
    expect(cutPairs(await measureReachability(lab.ctx, ALL))).toEqual([]);
  });

  it('outbound: the first group’s packets do not reach the others, theirs arrive', async () => {
    const groups: [string[], string[]] = [
      [A, 'app'],
      ['redis-2', 'sentinel-1'],
    ];
    const fault = await injectPartition(lab.ctx, partition('one-way-out', groups, 'outbound'));
    const m = await measureReachability(lab.ctx, ALL);
    expect(cutPairs(m).sort()).toEqual(pairs(groups[0], groups[1]).sort());
    await fault.revert();
    expect(cutPairs(await measureReachability(lab.ctx, ALL))).toEqual([]);
  });

  it('two partitions overlap; reverting one keeps the other', async () => {
    const one = await injectPartition(lab.ctx, partition('p-one', [[A], ['redis-2']]));
    const two = await injectPartition(lab.ctx, partition('p-two', [[A], ['sentinel-1']]));
    await one.revert();
    const m = await measureReachability(lab.ctx, ALL);
    expect(cutPairs(m).sort()).toEqual([`${A} -> sentinel-1`, `sentinel-1 -> ${A}`].sort());
    await two.revert();
    expect(cutPairs(await measureReachability(lab.ctx, ALL))).toEqual([]);
  });

  it('works on a paused member (through a helper in its namespace) and is reverted while it is still paused', async () => {
    const member = lab.members.get(A);
    if (!member) throw new Error('no member');
    await lab.runtime.pauseContainer(member.containerId);
    try {
      const fault = await injectPartition(lab.ctx, partition('paused', [[A], OTHERS], 'inbound'));
      expect(fault.detail).toContain('via helper');
      const m = await measureReachability(lab.ctx, ALL);
      timings.matrix4WithPausedMember = m.elapsedMs;
      expect(m.viaHelper).toEqual([A]);
      expect(cutPairs(m).sort()).toEqual(pairs(OTHERS, [A]).sort());
      const r = await fault.revert();
      expect(r.ok).toBe(true);
    } finally {
      await lab.runtime.unpauseContainer(member.containerId);
    }
    expect((await lab.sh(A, 'iptables -S DOJO-PART')).out).not.toContain('DROP');
    // No helper container is left behind.
    const left = await lab.runtime.listContainers({
      'dojo.run': lab.runId,
      'dojo.role': 'netns-helper',
    });
    expect(left).toEqual([]);
  });

  it('a stopped member loses its rules with its namespace; reapply puts them back after start', async () => {
    const id = lab.members.get('redis-2')?.containerId ?? '';
    const fault = await injectPartition(lab.ctx, partition('restart', [['redis-2'], [A]]));
    await lab.runtime.stopContainer(id, 1);
    const whileStopped = await measureReachability(lab.ctx, ALL);
    expect(whileStopped.unmeasured).toEqual({ 'redis-2': 'stopped' });
    await lab.runtime.startContainer(id);
    await lab.refreshPorts('redis-2');
    expect((await lab.sh('redis-2', 'iptables -S DOJO-PART 2>&1')).out).not.toContain('DROP');
    expect((await fault.reapply?.('redis-2'))?.ok).toBe(true);
    expect((await lab.sh('redis-2', 'iptables -S DOJO-PART')).out).toContain('DROP');
    // The matrix: still cut both ways (A's rules never left; redis-2's are back).
    const m = await measureReachability(lab.ctx, ALL);
    expect(cutPairs(m).sort()).toEqual([`${A} -> redis-2`, `redis-2 -> ${A}`].sort());
    await fault.revert();
    expect(cutPairs(await measureReachability(lab.ctx, ALL))).toEqual([]);
  });

  it('rejects unknown members and overlapping groups', async () => {
    await expect(injectPartition(lab.ctx, partition('bad', [[A], ['nope']]))).rejects.toThrow(
      /unknown member "nope"/,
    );
    await expect(injectPartition(lab.ctx, partition('bad', [[A], [A]]))).rejects.toThrow(
      /both groups/,
    );
  });
});

describe('pause fault', () => {
  it('freezes the node and the revert resumes it (idempotent)', async () => {
    const id = lab.members.get('redis-2')?.containerId ?? '';
    const fault = await injectPause(lab.ctx, {
      id: 'zombie',
      kind: 'pause',
      node: 'redis-2',
      at: { after: '0s' },
    });
    expect((await lab.runtime.inspectContainer(id)).state).toBe('paused');
    await expect(pingLoopback(lab.ports.get('redis-2')?.[6379] ?? 0, 500)).rejects.toThrow();
    expect((await fault.revert()).ok).toBe(true);
    expect((await lab.runtime.inspectContainer(id)).state).toBe('running');
    expect(await pingLoopback(lab.ports.get('redis-2')?.[6379] ?? 0)).toBe('+PONG');
    expect((await fault.revert()).ok).toBe(true);
  });
});

describe('eight members', () => {
  it('measures the matrix of 8 members healthy and partitioned', async () => {
    await Promise.all([
      lab.add({ name: 'redis-3', kind: 'redis', host: 13 }),
      lab.add({ name: 'sentinel-2', kind: 'sentinel', host: 22 }),
      lab.add({ name: 'sentinel-3', kind: 'sentinel', host: 23 }),
      lab.add({ name: 'app-2', kind: 'client', host: 32 }),
    ]);
    const eight = [...lab.members.keys()];
    expect(eight).toHaveLength(8);
    const setup = await measureReachability(lab.ctx, eight);
    timings.matrix8FirstWithSetup = setup.elapsedMs;
    expect(cutPairs(setup)).toEqual([]);
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await measureReachability(lab.ctx, eight);
      expect(cutPairs(m)).toEqual([]);
      samples.push(m.elapsedMs);
    }
    timings.matrix8Healthy = Math.max(...samples);
    const groupA = [A, 'app'];
    const groupB = eight.filter((n) => !groupA.includes(n));
    const fault = await injectPartition(lab.ctx, partition('eight', [groupA, groupB]));
    timings.applyFull8 = fault.applyMs;
    const m = await measureReachability(lab.ctx, eight);
    timings.matrix8Partitioned = m.elapsedMs;
    expect(cutPairs(m).sort()).toEqual([...pairs(groupA, groupB), ...pairs(groupB, groupA)].sort());
    const started = Date.now();
    await fault.revert();
    timings.revert8 = Date.now() - started;
    expect(cutPairs(await measureReachability(lab.ctx, eight))).toEqual([]);
  });
});

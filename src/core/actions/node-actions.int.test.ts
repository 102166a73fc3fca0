import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectPartition } from '../faults/partition.fault';
import { createMiniLab, type MiniLab } from '../testing/mini-lab.fixture';
import { addMiniSentinel } from '../../systems/redis-sentinel/engine/testing/mini-sentinel.fixture';
import type { NodeAction } from './node-action-types';
import { activeFences, performNodeAction, readFences } from './node-actions';

/**
 * The node-level palette actions on a real mini Sentinel: redis-1 master,
 * redis-2 replica, sentinel-1 (quorum 1), redis-3 a rogue second master,
 * and a workload client container `app`.
 */
let lab: MiniLab;
let artifactsDir = '';
const timings: Record<string, number> = {};
const ip = (name: string): string => lab.members.get(name)?.ipv4 ?? '?';
const act = (action: NodeAction) => performNodeAction(lab.ctx, action, { artifactsDir });

beforeAll(async () => {
  lab = await createMiniLab('actions-int');
  artifactsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-actions-'));
  await addMiniSentinel(lab);
  await Promise.all([
    lab.add({
      name: 'redis-3',
      kind: 'redis',
      host: 13,
      cmd: ['redis-server', '--protected-mode', 'no', '--save', ''],
    }),
    lab.add({ name: 'app', kind: 'client', host: 31 }),
  ]);
});

afterAll(async () => {
  await lab?.dispose();
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  console.log(`[actions-int] timings ms: ${JSON.stringify(timings)}`);
});

describe('isolate-clients', () => {
  it('blocks every client’s PING, one the lab did not start too, but not a sentinel’s or a replica’s, and shows in activeFences until removed', async () => {
    const ping = (from: string) => lab.sh(from, `timeout 3 redis-cli -h ${ip('redis-1')} PING`);
    // A writer on the lab network that the run does not know about (not one of its members).
    const stranger = await lab.add({ name: 'stranger', kind: 'client', host: 41, unlisted: true });
    const pingFromStranger = () =>
      lab.shIn(stranger, `timeout 3 redis-cli -h ${ip('redis-1')} PING`);
    expect((await ping('app')).out).toContain('PONG');
    expect((await pingFromStranger()).out).toContain('PONG');

    const started = Date.now();
    const r = await act({ kind: 'isolate-clients', node: 'redis-1' });
    timings.isolate = Date.now() - started;
    expect(r).toMatchObject({ ok: true, clients: ['app'] });

    const fromApp = await ping('app');
    expect(fromApp.out).not.toContain('PONG');
    expect(fromApp.out).toMatch(/reset|refused/i);
    const fromStranger = await pingFromStranger();
    expect(fromStranger.out).not.toContain('PONG');
    expect(fromStranger.out).toMatch(/reset|refused/i);
    expect((await ping('sentinel-1')).out).toContain('PONG');
    expect((await ping('redis-2')).out).toContain('PONG');
    // The node's own tools (the engine's execs, a console) still reach it on loopback.
    expect((await lab.sh('redis-1', 'timeout 3 redis-cli PING')).out).toContain('PONG');

    // The cluster's exceptions go on to the other chains: a partition still cuts a replica off.
    const cut = await injectPartition(lab.ctx, {
      id: 'cut-2',
      kind: 'partition',
      groups: [['redis-1'], ['redis-2']],
      direction: 'both',
      at: { after: '0s' },
    });
    expect((await ping('redis-2')).out).not.toContain('PONG');
    expect((await ping('sentinel-1')).out).toContain('PONG');
    await cut.revert();
    expect((await ping('redis-2')).out).toContain('PONG');

    const { fences, unreadable } = await readFences(lab.ctx);
    expect(unreadable).toEqual({});
    expect(fences).toHaveLength(1);
    expect(fences[0]).toMatchObject({ node: 'redis-1', palette: true });
    expect(fences[0]?.rule).toMatch(/--dport 6379 .*-j REJECT/);
    expect(fences[0]?.rule).not.toContain(' -s ');
    expect(await activeFences(lab.ctx)).toEqual([`redis-1: ${fences[0]?.rule}`]);

    // Idempotent both ways.
    expect((await act({ kind: 'isolate-clients', node: 'redis-1' })).ok).toBe(true);
    expect(await activeFences(lab.ctx)).toHaveLength(1);
    expect((await act({ kind: 'unisolate-clients', node: 'redis-1' })).ok).toBe(true);
    expect((await act({ kind: 'unisolate-clients', node: 'redis-1' })).ok).toBe(true);
    expect((await ping('app')).out).toContain('PONG');
    expect((await pingFromStranger()).out).toContain('PONG');
    expect(await activeFences(lab.ctx)).toEqual([]);
  });

  it('fences a paused node (the zombie is fenced before it wakes up)', async () => {
    const id = lab.members.get('redis-3')?.containerId ?? '';
    await lab.runtime.pauseContainer(id);
    try {
      const r = await act({ kind: 'isolate-clients', node: 'redis-3' });
      expect(r.ok).toBe(true);
      expect(r.detail).toContain('while paused');
      expect((await readFences(lab.ctx)).fences.map((f) => f.node)).toEqual(['redis-3']);
    } finally {
      await lab.runtime.unpauseContainer(id);
    }
    const fromApp = await lab.sh('app', `timeout 3 redis-cli -h ${ip('redis-3')} PING`);
    expect(fromApp.out).not.toContain('PONG');
    expect((await act({ kind: 'unisolate-clients', node: 'redis-3' })).ok).toBe(true);
  });

  it('activeFences also reports rules typed by hand in a console', async () => {
    const rule = `iptables -A INPUT -p tcp --dport 6379 -s ${ip('app')} -j DROP`;
    expect((await act({ kind: 'console', node: 'redis-2', command: rule })).ok).toBe(true);
    const { fences } = await readFences(lab.ctx);
    expect(fences).toEqual([
      { node: 'redis-2', palette: false, rule: expect.stringContaining('-j DROP') as string },
    ]);
    await act({ kind: 'console', node: 'redis-2', command: rule.replace('-A', '-D') });
    expect(await activeFences(lab.ctx)).toEqual([]);
  });
});

describe('validation', () => {
  it('refuses unknown nodes and actions that do not fit the node', async () => {
    expect(await act({ kind: 'pause', node: 'redis-9' })).toMatchObject({
      ok: false,
      detail: expect.stringContaining('no node "redis-9"') as string,
    });
    expect((await act({ kind: 'demote', node: 'sentinel-1' })).detail).toMatch(/does not apply/);
    expect((await act({ kind: 'export-keys', node: 'app' })).ok).toBe(false);
    expect((await act({ kind: 'isolate-clients', node: 'app' })).ok).toBe(false);
  });
});

describe('demote', () => {
  it('makes a second master a replica of the master the sentinels agree on', async () => {
    expect((await lab.sh('redis-3', 'redis-cli ROLE')).out).toMatch(/^master/);
    const r = await act({ kind: 'demote', node: 'redis-3' });
    expect(r).toMatchObject({
      ok: true,
      master: { ip: ip('redis-1'), port: 6379, node: 'redis-1' },
    });
    const info = (await lab.sh('redis-3', 'redis-cli INFO replication')).out;
    expect(info).toContain('role:slave');
    expect(info).toContain(`master_host:${ip('redis-1')}`);
  });

  it('refuses to demote the agreed master itself', async () => {
    const r = await act({ kind: 'demote', node: 'redis-1' });
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/agree on; demoting it would leave no master/);
    expect((await lab.sh('redis-1', 'redis-cli ROLE')).out).toMatch(/^master/);
  });
});

describe('export-keys', () => {
  it('writes exactly the node’s workload keys to a file', async () => {
    await lab.sh(
      'redis-1',
      `(for i in $(seq 1 57); do echo "SET dojo:w:app-pinned:$(printf %06d $i) v$i"; done; echo "SET unrelated x") | redis-cli > /dev/null`,
    );
    const r = await act({ kind: 'export-keys', node: 'redis-1' });
    expect(r).toMatchObject({ ok: true, count: 57 });
    const lines = fs
      .readFileSync(r.file ?? '', 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(57);
    expect(JSON.parse(lines[0] ?? '')).toEqual(['dojo:w:app-pinned:000001', 'v1']);
    expect(path.dirname(r.file ?? '')).toBe(artifactsDir);
    const noDir = await performNodeAction(lab.ctx, { kind: 'export-keys', node: 'redis-1' });
    expect(noDir.ok).toBe(false);
  });
});

describe('console', () => {
  it('runs a command line in the node and returns its output and exit code', async () => {
    const r = await act({ kind: 'console', node: 'redis-1', command: 'redis-cli PING' });
    expect(r).toMatchObject({ ok: true, exitCode: 0 });
    expect(r.output?.trim()).toBe('PONG');
    const bad = await act({ kind: 'console', node: 'redis-1', command: 'ls /nope' });
    expect(bad.ok).toBe(false);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.output).toContain('No such file');
  });

  it('kills a command that runs past its timeout', async () => {
    const started = Date.now();
    const r = await performNodeAction(
      lab.ctx,
      { kind: 'console', node: 'redis-1', command: 'sleep 30' },
      { consoleTimeoutMs: 1000 },
    );
    expect(r.exitCode).toBe(124);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('pause, resume, stop, start', () => {
  it('pause and resume', async () => {
    const id = lab.members.get('redis-3')?.containerId ?? '';
    expect((await act({ kind: 'pause', node: 'redis-3' })).ok).toBe(true);
    expect((await lab.runtime.inspectContainer(id)).state).toBe('paused');
    expect((await act({ kind: 'resume', node: 'redis-3' })).ok).toBe(true);
    expect((await lab.runtime.inspectContainer(id)).state).toBe('running');
  });

  it('stop, then start returns the new published ports and re-applies the partition on the node', async () => {
    const fault = await injectPartition(lab.ctx, {
      id: 'cut-3',
      kind: 'partition',
      groups: [['redis-3'], ['app']],
      direction: 'inbound',
      at: { after: '0s' },
    });
    const id = lab.members.get('redis-3')?.containerId ?? '';
    const stop = await act({ kind: 'stop', node: 'redis-3' });
    expect(stop.ok).toBe(true);
    expect((await lab.runtime.inspectContainer(id)).state).toBe('exited');
    const started = Date.now();
    const start = await performNodeAction(
      lab.ctx,
      { kind: 'start', node: 'redis-3' },
      { activeFaults: [fault] },
    );
    timings.startWithReapply = Date.now() - started;
    expect(start.ok).toBe(true);
    expect(start.detail).toContain('cut-3');
    const inspected = await lab.runtime.inspectContainer(id);
    expect(start.ports).toEqual(inspected.ports);
    expect((await lab.sh('redis-3', 'iptables -S DOJO-PART')).out).toContain(`-s ${ip('app')}/32`);
    expect((await fault.revert()).ok).toBe(true);
  });
});

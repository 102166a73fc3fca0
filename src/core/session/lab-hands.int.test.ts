import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../index';

/** A plain lab (no scenario) has the palette's node moves too, recorded in its history. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-hands-'));
let engine: Engine;
let runId = '';

beforeAll(async () => {
  engine = await createEngine({ dataDir });
  ({ runId } = await engine.startLab({ labId: 'redis-sentinel' }));
  await new Promise<void>((resolve, reject) => {
    const off = engine.onEvent((e) => {
      if (e.type !== 'run' || e.event.runId !== runId || e.event.kind !== 'phase') return;
      if (e.event.phase === 'running') {
        off();
        resolve();
      } else if (e.event.phase === 'failed') {
        off();
        reject(new Error(e.event.detail));
      }
    });
  });
}, 300_000);

afterAll(async () => {
  await engine.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('moves in a plain lab', () => {
  it('carries out node moves and records them; scenario moves are refused with the reason', async () => {
    const paused = await engine.act({ runId, action: { kind: 'pause', node: 'redis-2' } });
    expect(paused).toMatchObject({ ok: true });
    expect(await engine.act({ runId, action: { kind: 'resume', node: 'redis-2' } })).toMatchObject({
      ok: true,
    });
    const exported = await engine.act({ runId, action: { kind: 'export-keys', node: 'redis-1' } });
    expect(exported.ok).toBe(true);
    expect(await engine.act({ runId, action: { kind: 'heal' } })).toEqual({
      ok: false,
      detail: 'heal belongs to a scenario; a plain lab has node moves and consoles only',
    });
    // A fence needs no workload: it resets every client but the cluster's own members.
    const fencedAt = Date.now();
    expect(
      await engine.act({ runId, action: { kind: 'isolate-clients', node: 'redis-1' } }),
    ).toMatchObject({
      ok: true,
      detail: expect.stringContaining('rejects every client on port 6379'),
    });
    // The engine's own probes come through it (via the gateway): redis-1 still reads as master.
    await vi.waitFor(
      async () => {
        const samples = (await engine.getRun({ runId }))?.samples ?? [];
        const after = samples.filter((x) => x.t > fencedAt + 500);
        expect(after.length).toBeGreaterThan(0);
        expect(after.at(-1)?.nodes.find((n) => n.node === 'redis-1')?.role).toBe('master');
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(
      await engine.act({ runId, action: { kind: 'unisolate-clients', node: 'redis-1' } }),
    ).toMatchObject({ ok: true });

    const snap = (await engine.getRun({ runId }))!;
    const moves = (snap.scenarioEvents ?? []).flatMap((e) =>
      e.kind === 'action' ? [`${e.action.kind}:${e.ok}`] : [],
    );
    expect(moves).toEqual([
      'pause:true',
      'resume:true',
      'export-keys:true',
      'isolate-clients:true',
      'unisolate-clients:true',
    ]);
    const saved = (snap.scenarioEvents ?? []).find((e) => e.kind === 'exported-keys');
    expect(saved?.kind === 'exported-keys' && saved.name).toBeTruthy();
    if (saved?.kind === 'exported-keys' && saved.name) {
      const file = await engine.getArtifact({ runId, name: saved.name });
      expect(file.filename).toBe(saved.name);
      await expect(engine.getArtifact({ runId, name: '..' })).rejects.toThrow();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { EngineApi } from './engine-contract';
import { dispatchEngineCall } from './engine-dispatch';
import { withEveryEngineMethod } from './testing/partial-engine';

/** The methods these tests call, recorded; every other method rejects as not in this fake. */
function recordingEngine(): EngineApi & { calls: string[] } {
  const calls: string[] = [];
  return withEveryEngineMethod<Partial<EngineApi> & { calls: string[] }>({
    calls,
    listLabs: async () => (calls.push('listLabs'), []),
    startLab: async ({ labId }) => {
      calls.push(`startLab ${labId}`);
      if (labId === 'fails') throw Object.assign(new Error('no docker'), { stack: 'secret stack' });
      return { runId: 'run-1234' };
    },
    stopLab: async () => void calls.push('stopLab'),
    getRun: async () => (calls.push('getRun'), null),
    getScenarioSource: async () => (calls.push('getScenarioSource'), null),
    saveScenario: async ({ replace }) => (
      calls.push(`saveScenario replace=${replace}`),
      { ok: true as const, scenarioId: 'x', file: 'redis-sentinel/x.yaml' }
    ),
    deleteScenario: async () => (calls.push('deleteScenario'), { deleted: [] }),
    exportScenario: async ({ scenarioId }) => (
      calls.push(`exportScenario ${scenarioId}`),
      { filename: `${scenarioId}.dojo-scenario.json`, content: '{}' }
    ),
    importScenario: async () => (
      calls.push('importScenario'),
      { ok: true as const, scenarioId: 'x' }
    ),
    startDryRun: async ({ scenarioId, pace }) => (
      calls.push(`startDryRun ${scenarioId} ${pace}`),
      { dryRunId: 'dry-0123456789ab' }
    ),
    getDryRun: async ({ dryRunId }) => (calls.push(`getDryRun ${dryRunId}`), null),
  });
}

describe('dispatchEngineCall', () => {
  it('calls the engine with parsed arguments', async () => {
    const engine = recordingEngine();
    expect(await dispatchEngineCall(engine, 'startLab', { labId: 'redis-sentinel' })).toEqual({
      ok: true,
      result: { runId: 'run-1234' },
    });
    expect(await dispatchEngineCall(engine, 'stopLab', { runId: 'run-1234' })).toEqual({
      ok: true,
      result: undefined,
    });
    expect(engine.calls).toEqual(['startLab redis-sentinel', 'stopLab']);
  });

  it('refuses non-methods and bad arguments before the engine', async () => {
    const engine = recordingEngine();
    for (const method of [
      'toString',
      'hasOwnProperty',
      '__proto__',
      'constructor',
      42,
      null,
      undefined,
      'dispose',
      'onEvent',
    ]) {
      expect(await dispatchEngineCall(engine, method, undefined)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^unknown method/),
      });
    }
    expect(await dispatchEngineCall(engine, 'getRun', { runId: 'UPPER' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid arguments for getRun: runId/),
    });
    expect(await dispatchEngineCall(engine, 'listLabs', null)).toMatchObject({ ok: false });
    expect(engine.calls).toEqual([]);
  });

  it('validates the library calls’ arguments before the engine', async () => {
    const engine = recordingEngine();
    for (const [method, args] of [
      ['getScenarioSource', { scenarioId: '../etc/passwd' }],
      ['getScenarioSource', {}],
      ['saveScenario', { text: 42 }],
      ['saveScenario', { text: 'id: x', replace: 'yes' }],
      ['saveScenario', { text: 'x'.repeat(1024 * 1024 + 1) }],
      ['saveScenario', { text: 'id: x', path: '/tmp/x.yaml' }],
      ['deleteScenario', { scenarioId: 'Stale Leader' }],
      ['exportScenario', undefined],
      ['importScenario', { content: {} }],
      ['importScenario', { content: 'x'.repeat(4 * 1024 * 1024 + 1) }],
    ] as const) {
      expect(await dispatchEngineCall(engine, method, args), method).toMatchObject({
        ok: false,
        error: expect.stringMatching(new RegExp(`^invalid arguments for ${method}`)),
      });
    }
    expect(engine.calls).toEqual([]);
    expect(
      await dispatchEngineCall(engine, 'saveScenario', { text: 'id: x', replace: true }),
    ).toEqual({
      ok: true,
      result: { ok: true, scenarioId: 'x', file: 'redis-sentinel/x.yaml' },
    });
    expect(await dispatchEngineCall(engine, 'exportScenario', { scenarioId: 'my-drill' })).toEqual({
      ok: true,
      result: { filename: 'my-drill.dojo-scenario.json', content: '{}' },
    });
    for (const [method, args] of [
      ['getScenarioSource', { scenarioId: 'my-drill' }],
      ['deleteScenario', { scenarioId: 'my-drill' }],
      ['importScenario', { content: '{}' }],
    ] as const)
      expect(await dispatchEngineCall(engine, method, args), method).toMatchObject({ ok: true });
    expect(engine.calls).toEqual([
      'saveScenario replace=true',
      'exportScenario my-drill',
      'getScenarioSource',
      'deleteScenario',
      'importScenario',
    ]);
  });

  it('validates the dry run calls’ arguments before the engine', async () => {
    const engine = recordingEngine();
    for (const [method, args] of [
      ['startDryRun', { scenarioId: '../x' }],
      ['startDryRun', { scenarioId: 'my-drill', pace: 'slow' }],
      ['startDryRun', { scenarioId: 'my-drill', concurrency: 9 }],
      ['getDryRun', { dryRunId: '../../etc' }],
      ['getDryRun', {}],
    ] as const) {
      expect(await dispatchEngineCall(engine, method, args), method).toMatchObject({
        ok: false,
        error: expect.stringMatching(new RegExp(`^invalid arguments for ${method}`)),
      });
    }
    expect(engine.calls).toEqual([]);
    expect(
      await dispatchEngineCall(engine, 'startDryRun', { scenarioId: 'my-drill', pace: 'fast' }),
    ).toEqual({ ok: true, result: { dryRunId: 'dry-0123456789ab' } });
    expect(await dispatchEngineCall(engine, 'getDryRun', { dryRunId: 'dry-0123456789ab' })).toEqual(
      { ok: true, result: null },
    );
    expect(engine.calls).toEqual(['startDryRun my-drill fast', 'getDryRun dry-0123456789ab']);
  });

  it('turns a rejection into its message, never the stack', async () => {
    expect(await dispatchEngineCall(recordingEngine(), 'startLab', { labId: 'fails' })).toEqual({
      ok: false,
      error: 'no docker',
    });
  });
});

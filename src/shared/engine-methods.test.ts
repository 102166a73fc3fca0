import { describe, expect, it } from 'vitest';
import { engineArgSchemas, type EngineApi, type EngineMethod } from './engine-contract';
import { dispatchEngineCall } from './engine-dispatch';
import {
  ENGINE_METHODS,
  NO_ARGUMENT_METHODS,
  engineProxy,
  isEngineMethod,
  takesArgument,
} from './engine-methods';
import { withEveryEngineMethod } from './testing/partial-engine';

/** An engine whose every method answers with its own name and what it was given. */
function echoEngine(): EngineApi {
  const table: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of Object.keys(engineArgSchemas))
    table[method] = async (...args) => ({ method, args });
  return table as unknown as EngineApi;
}

describe('ENGINE_METHODS, the one list of the engine’s methods', () => {
  it('is the keys of engineArgSchemas, in their order, each once', () => {
    expect([...ENGINE_METHODS]).toEqual(Object.keys(engineArgSchemas));
    expect(new Set(ENGINE_METHODS).size).toBe(ENGINE_METHODS.length);
  });

  it('names as taking no argument exactly the methods whose schema accepts none', () => {
    const undefinedOnly = ENGINE_METHODS.filter(
      (m) => engineArgSchemas[m].safeParse(undefined).success,
    );
    expect([...NO_ARGUMENT_METHODS].sort()).toEqual([...undefinedOnly].sort());
    for (const method of ENGINE_METHODS)
      expect(takesArgument(method), method).toBe(!undefinedOnly.includes(method));
  });

  it('is what isEngineMethod accepts, and nothing of Object or of the Engine beyond its API', () => {
    for (const method of ENGINE_METHODS) expect(isEngineMethod(method), method).toBe(true);
    for (const name of [
      'toString',
      'hasOwnProperty',
      'constructor',
      '__proto__',
      'valueOf',
      'dispose',
      'onEvent',
      'asTrainee',
      'whenRunEnded',
      '',
      42,
      null,
      undefined,
    ])
      expect(isEngineMethod(name), String(name)).toBe(false);
  });
});

describe('the dispatcher serves the list', () => {
  it('validates the argument of every method of the list, and no other name', async () => {
    const engine = echoEngine();
    for (const method of ENGINE_METHODS) {
      // 42 is no method's argument: refused by that method's schema, so the name was served.
      expect(await dispatchEngineCall(engine, method, 42), method).toMatchObject({
        ok: false,
        error: expect.stringMatching(new RegExp(`^invalid arguments for ${method}:`)),
      });
    }
    for (const name of ['dispose', 'onEvent', 'toString', 'constructor'])
      expect(await dispatchEngineCall(engine, name, undefined), name).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^unknown method/),
      });
  });

  it('calls the method of the name it is given, a method without an argument with none', async () => {
    const engine = echoEngine();
    for (const method of NO_ARGUMENT_METHODS)
      expect(await dispatchEngineCall(engine, method, undefined), method).toEqual({
        ok: true,
        result: { method, args: [] },
      });
    expect(await dispatchEngineCall(engine, 'getRun', { runId: 'run-1234' })).toEqual({
      ok: true,
      result: { method: 'getRun', args: [{ runId: 'run-1234' }] },
    });
  });
});

describe('engineProxy, the transports’ method table', () => {
  it('has one function per method of the list, and nothing else', () => {
    const proxy = engineProxy(async () => undefined) as unknown as Record<string, unknown>;
    expect(Object.keys(proxy).sort()).toEqual([...ENGINE_METHODS].sort());
    for (const method of ENGINE_METHODS) expect(typeof proxy[method], method).toBe('function');
  });

  it('forwards each call with its own method name; drops what a method without argument is given', async () => {
    const sent: [EngineMethod, unknown][] = [];
    const proxy = engineProxy(async (method, arg) => {
      sent.push([method, arg]);
      return `answer of ${method}`;
    });
    const table = proxy as unknown as Record<EngineMethod, (arg?: unknown) => Promise<unknown>>;
    for (const method of ENGINE_METHODS)
      expect(await table[method]({ given: method }), method).toBe(`answer of ${method}`);
    expect(sent).toEqual(
      ENGINE_METHODS.map((m) => [m, takesArgument(m) ? { given: m } : undefined]),
    );
  });
});

describe('withEveryEngineMethod, for fakes that implement a few methods', () => {
  it('keeps what it is given and makes every other method reject, naming it', async () => {
    const fake = withEveryEngineMethod({ listLabs: async () => [], extra: 7 });
    expect(fake.extra).toBe(7);
    await expect(fake.listLabs()).resolves.toEqual([]);
    await expect(fake.getDryRun({ dryRunId: 'dry-0123456789ab' })).rejects.toThrow(
      'getDryRun is not in this fake',
    );
    for (const method of ENGINE_METHODS.filter((m) => m !== 'listLabs')) {
      const call = (fake as unknown as Record<string, () => Promise<unknown>>)[method]!;
      await expect(call(), method).rejects.toThrow(`${method} is not in this fake`);
    }
  });

  it('names the fake when told its name', async () => {
    const fake = withEveryEngineMethod({}, 'the board’s fake');
    await expect(fake.checkScenario({ text: '' })).rejects.toThrow(
      'checkScenario is not in the board’s fake',
    );
  });
});

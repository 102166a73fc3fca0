/**
 * Test fakes of the engine that implement only the methods a test needs.
 * Test code only (a shared folder so core, server and renderer tests may all
 * import it).
 */
import type { EngineApi, EngineMethod } from '../engine-contract';
import { ENGINE_METHODS } from '../engine-methods';

/** The message a fake rejects with for a method it was not given. */
export function notInFakeMessage(method: EngineMethod, fakeName = 'this fake'): string {
  return `${method} is not in ${fakeName}`;
}

/**
 * `given`, completed into a whole EngineApi: every method of ENGINE_METHODS
 * that `given` lacks rejects with "<method> is not in <fakeName>", so a test
 * that reaches past its fake fails loudly and a new engine method needs no
 * new line in each fake. Everything else of `given` (its own state, extra
 * methods such as `onEvent`) is kept; `given` itself is returned, filled in.
 */
export function withEveryEngineMethod<T extends Partial<EngineApi>>(
  given: T,
  fakeName = 'this fake',
): T & EngineApi {
  const filled = given as Record<string, unknown>;
  for (const method of ENGINE_METHODS) {
    if (typeof filled[method] === 'function') continue;
    filled[method] = () => Promise.reject(new Error(notInFakeMessage(method, fakeName)));
  }
  return given as T & EngineApi;
}

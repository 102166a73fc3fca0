import type { z } from 'zod';
import { engineArgSchemas, type EngineApi, type EngineMethod } from './engine-contract';
import { isEngineMethod, takesArgument } from './engine-methods';

/**
 * The outcome of one dispatched call: the result, or an error message (never
 * a stack); `status: 403` when the caller may not make this call at all.
 */
export type DispatchOutcome =
  { ok: true; result: unknown } | { ok: false; error: string; status?: 403 };

/** A call the caller is not allowed to make (a trainee reaching past their own run). */
export class ForbiddenError extends Error {
  readonly status = 403;
}

/** One line naming each failing path, e.g. `labId: Invalid string`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'args'}: ${issue.message}`)
    .join('; ');
}

/** The message of anything thrown, without its stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : 'unexpected error';
}

/**
 * The host boundary shared by Electron IPC and the WebSocket server: accepts
 * only a method of `EngineApi` (a name of ENGINE_METHODS), parses its
 * argument with that method's schema, then calls the engine with the parsed
 * value. Never throws; a rejected call becomes `{ ok: false, error }`.
 */
export async function dispatchEngineCall(
  engine: EngineApi,
  method: unknown,
  args: unknown,
): Promise<DispatchOutcome> {
  if (!isEngineMethod(method)) {
    return {
      ok: false,
      error: `unknown method: ${typeof method === 'string' ? method.slice(0, 64) : typeof method}`,
    };
  }
  const parsed = engineArgSchemas[method].safeParse(args);
  if (!parsed.success) {
    return { ok: false, error: `invalid arguments for ${method}: ${describeIssues(parsed.error)}` };
  }
  try {
    // Called as a method (so `this` is the engine); one without an argument gets none.
    const methods = engine as unknown as Record<EngineMethod, (args?: unknown) => Promise<unknown>>;
    const result = takesArgument(method)
      ? await methods[method](parsed.data)
      : await methods[method]();
    return { ok: true, result };
  } catch (error) {
    if (error instanceof ForbiddenError) return { ok: false, error: error.message, status: 403 };
    return { ok: false, error: errorMessage(error) };
  }
}

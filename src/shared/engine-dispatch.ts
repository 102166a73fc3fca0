import type { z } from 'zod';
import {
  engineArgSchemas,
  isEngineMethod,
  type EngineApi,
  type EngineMethod,
} from './engine-contract';

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

type ArgsOf<M extends EngineMethod> = z.output<(typeof engineArgSchemas)[M]>;

/**
 * One caller per method, each calling the engine as a method (so `this` is
 * the engine). The mapped type makes a new EngineApi method a compile error
 * here until it gets its caller.
 */
const callers: { [M in EngineMethod]: (engine: EngineApi, args: ArgsOf<M>) => Promise<unknown> } = {
  getEngineStatus: (engine) => engine.getEngineStatus(),
  listLabs: (engine) => engine.listLabs(),
  startLab: (engine, args) => engine.startLab(args),
  stopLab: (engine, args) => engine.stopLab(args),
  getRun: (engine, args) => engine.getRun(args),
  listRuns: (engine) => engine.listRuns(),
  listScenarios: (engine) => engine.listScenarios(),
  getScenario: (engine, args) => engine.getScenario(args),
  startScenario: (engine, args) => engine.startScenario(args),
  act: (engine, args) => engine.act(args),
  requestHint: (engine, args) => engine.requestHint(args),
  getArtifact: (engine, args) => engine.getArtifact(args),
  getDebrief: (engine, args) => engine.getDebrief(args),
  listAttempts: (engine) => engine.listAttempts(),
  exportDebrief: (engine, args) => engine.exportDebrief(args),
  openConsole: (engine, args) => engine.openConsole(args),
  consoleInput: (engine, args) => engine.consoleInput(args),
  resizeConsole: (engine, args) => engine.resizeConsole(args),
  closeConsole: (engine, args) => engine.closeConsole(args),
  getLogs: (engine, args) => engine.getLogs(args),
  addNote: (engine, args) => engine.addNote(args),
  whoAmI: (engine) => engine.whoAmI(),
  getMyDrill: (engine) => engine.getMyDrill(),
  createGameDay: (engine, args) => engine.createGameDay(args),
  listGameDays: (engine) => engine.listGameDays(),
  startGameDay: (engine, args) => engine.startGameDay(args),
  triggerGameDayFault: (engine, args) => engine.triggerGameDayFault(args),
  sendHint: (engine, args) => engine.sendHint(args),
  annotateRun: (engine, args) => engine.annotateRun(args),
  getGameDayBoard: (engine, args) => engine.getGameDayBoard(args),
  getGroupDebrief: (engine, args) => engine.getGroupDebrief(args),
  exportGroupDebrief: (engine, args) => engine.exportGroupDebrief(args),
  openRoom: (engine) => engine.openRoom(),
  checkScenario: (engine, args) => engine.checkScenario(args),
  getScenarioSource: (engine, args) => engine.getScenarioSource(args),
  saveScenario: (engine, args) => engine.saveScenario(args),
  deleteScenario: (engine, args) => engine.deleteScenario(args),
  exportScenario: (engine, args) => engine.exportScenario(args),
  importScenario: (engine, args) => engine.importScenario(args),
  startDryRun: (engine, args) => engine.startDryRun(args),
  getDryRun: (engine, args) => engine.getDryRun(args),
};

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
 * only a method of `EngineApi` (own key of `engineArgSchemas`), parses its
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
  const call = callers[method] as (engine: EngineApi, args: unknown) => Promise<unknown>;
  try {
    return { ok: true, result: await call(engine, parsed.data) };
  } catch (error) {
    if (error instanceof ForbiddenError) return { ok: false, error: error.message, status: 403 };
    return { ok: false, error: errorMessage(error) };
  }
}

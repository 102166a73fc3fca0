/**
 * The one list of the engine's methods. The preload, both renderer clients,
 * the dispatcher, the Electron IPC host and the test fakes build their method
 * tables by looping over it (as VS Code's ProxyChannel builds a proxy from a
 * service), so a new EngineApi method is written here once, not in each of them.
 *
 * Free of zod and of any runtime import: the sandboxed preload bundles this
 * file as is (see ipc-channels.ts).
 */
import type { EngineApi, EngineMethod } from './engine-contract';

/**
 * Every EngineApi method, once, in the order of `engineArgSchemas`. The
 * compiler refuses a name that is not a method (`satisfies` below) and a
 * method that is not listed (`_EveryMethodListed`).
 */
export const ENGINE_METHODS = [
  'getEngineStatus',
  'listLabs',
  'startLab',
  'stopLab',
  'getRun',
  'listRuns',
  'listScenarios',
  'getScenario',
  'checkScenario',
  'getScenarioSource',
  'saveScenario',
  'deleteScenario',
  'exportScenario',
  'importScenario',
  'startDryRun',
  'getDryRun',
  'startScenario',
  'act',
  'requestHint',
  'getArtifact',
  'getDebrief',
  'listAttempts',
  'exportDebrief',
  'openConsole',
  'consoleInput',
  'resizeConsole',
  'closeConsole',
  'getLogs',
  'addNote',
  'whoAmI',
  'getMyDrill',
  'createGameDay',
  'listGameDays',
  'startGameDay',
  'triggerGameDayFault',
  'sendHint',
  'annotateRun',
  'getGameDayBoard',
  'getGroupDebrief',
  'exportGroupDebrief',
  'openRoom',
  'listEngines',
  'addEngine',
  'removeEngine',
  'prepareEngine',
] as const satisfies readonly EngineMethod[];

/** Accepts only `never`: a compile error naming what is left over otherwise. */
type NothingLeft<T extends never> = T;

/**
 * Compile-time check that no method is left out: a method missing from
 * ENGINE_METHODS fails here with `Type '"x"' does not satisfy the constraint 'never'`.
 */
type _EveryMethodListed = NothingLeft<Exclude<EngineMethod, (typeof ENGINE_METHODS)[number]>>;

/** The methods whose signature takes no argument (their schema is `z.undefined()`). */
export type NoArgumentMethod = {
  [M in EngineMethod]: Parameters<EngineApi[M]> extends [] ? M : never;
}[EngineMethod];

/**
 * The methods that take no argument: a transport calls them with none (an
 * argument given by mistake, such as a click event, is dropped, never sent).
 * Checked both ways against the signatures like ENGINE_METHODS.
 */
export const NO_ARGUMENT_METHODS = [
  'getEngineStatus',
  'listLabs',
  'listRuns',
  'listScenarios',
  'listAttempts',
  'whoAmI',
  'getMyDrill',
  'listGameDays',
  'openRoom',
  'listEngines',
] as const satisfies readonly NoArgumentMethod[];

/** Compile-time check that every method without an argument is in NO_ARGUMENT_METHODS. */
type _EveryNoArgumentMethodListed = NothingLeft<
  Exclude<NoArgumentMethod, (typeof NO_ARGUMENT_METHODS)[number]>
>;

const methodSet: ReadonlySet<string> = new Set(ENGINE_METHODS);
const noArgumentSet: ReadonlySet<string> = new Set(NO_ARGUMENT_METHODS);

/** Whether `name` is an EngineApi method (an own name of the list; never `toString`, `dispose`...). */
export function isEngineMethod(name: unknown): name is EngineMethod {
  return typeof name === 'string' && methodSet.has(name);
}

/** Whether `method` takes its one argument object (false: it takes none). */
export function takesArgument(method: EngineMethod): boolean {
  return !noArgumentSet.has(method);
}

/** How a proxy sends one call: the method and its argument (undefined for a method that takes none). */
export type EngineInvoke = (method: EngineMethod, arg: unknown) => Promise<unknown>;

/**
 * An EngineApi whose every method of ENGINE_METHODS forwards to `invoke`
 * (ProxyChannel.toService's idea): the transports' method tables. A method
 * without an argument forwards `undefined` whatever it is given.
 */
export function engineProxy(invoke: EngineInvoke): EngineApi {
  const table: Record<string, (arg?: unknown) => Promise<unknown>> = {};
  for (const method of ENGINE_METHODS) {
    table[method] = takesArgument(method)
      ? (arg?: unknown) => invoke(method, arg)
      : () => invoke(method, undefined);
  }
  return table as unknown as EngineApi;
}

/** Exit codes and error handling of the headless runner (`npm run scenario`, scripts/scenario.ts). */
import { EngineUnreachableError } from '../src/core/runtime/container-runtime';

/** The runner's exit codes, as its usage text states them. */
export const EXIT = {
  /** Graded, whether passed or not (read `passed`); `list` printed the catalog. */
  graded: 0,
  /** Bad input: unknown argument or scenario, a broken response file. */
  badInput: 1,
  /** The run ended without a grade: the lab failed, or no Docker engine answers. */
  noGrade: 2,
  /** selftest: a run was not graded as the self-test expects, or a response file has problems. */
  selfTestFailed: 3,
  /** SIGINT, SIGTERM or SIGHUP: the lab was removed, no grade. */
  interrupted: 130,
} as const;

/**
 * The exit code for an error that ended the runner: {@link EXIT.noGrade}
 * when no Docker engine answers (the engine refuses to start a run without
 * one), {@link EXIT.badInput} for anything else.
 */
export function exitCodeFor(error: unknown): number {
  return error instanceof EngineUnreachableError ? EXIT.noGrade : EXIT.badInput;
}

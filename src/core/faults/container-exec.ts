import type { ExecResult } from '../runtime/container-runtime';
import { errorText, type FaultContext, type LabMember } from './fault-types';

/*
 * Commands in a lab node's container, for faults and moves of every system:
 * run one (as root or another user, with a budget), run a bash script, quote
 * what it printed in one line, and say why it could not run.
 */

/**
 * A short quote of what a command printed, for a detail line: patronictl's
 * `Error: ...` line when there is one, else the last two non-empty lines of
 * stderr (or stdout), at most 240 characters.
 */
export function briefOutput(r: Pick<ExecResult, 'stdout' | 'stderr' | 'exitCode'>): string {
  const all = `${r.stderr}\n${r.stdout}`;
  const error = all
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^(Error|FATAL|ERROR):/.test(l) || /^psql: error:/.test(l));
  const text = error ?? brief(r.stderr.trim() ? r.stderr : r.stdout);
  return text ? `exit ${r.exitCode}: ${cut(text)}` : `exit ${r.exitCode}`;
}

/** The last two non-empty lines of `text`, joined, at most 240 characters. */
export function brief(text: string): string {
  return cut(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(-2)
      .join(' / '),
  );
}

function cut(text: string, max = 240): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Budget of a quick exec (a status read), ms. */
export const QUICK_EXEC_MS = 5000;

/** What one command in a node did, and how long it took (ms). */
export interface CliResult extends ExecResult {
  ms: number;
}

/** Runs argv in the member's container; throws on Docker errors (stopped, paused, gone) and timeouts. */
export async function execIn(
  ctx: FaultContext,
  member: LabMember,
  cmd: string[],
  opts: { user?: string; timeoutMs: number },
): Promise<CliResult> {
  const started = Date.now();
  const r = await ctx.runtime.exec(member.containerId, cmd, {
    timeoutMs: opts.timeoutMs,
    user: opts.user ?? 'root',
    reuse: true,
  });
  return { ...r, ms: Date.now() - started };
}

/** Runs a bash script as root in the member's container. */
export function bashIn(
  ctx: FaultContext,
  member: LabMember,
  script: string,
  timeoutMs = QUICK_EXEC_MS,
): Promise<CliResult> {
  return execIn(ctx, member, ['bash', '-c', script], { timeoutMs });
}

/** A thrown value as a sentence, with Docker's wording for a stopped or paused container kept. */
export function execErrorText(err: unknown): string {
  const text = errorText(err);
  if (/is not running/i.test(text)) return 'the container is not running';
  if (/is paused/i.test(text)) return 'the container is paused';
  if (/no such container|404/i.test(text)) return 'the container is gone';
  return text;
}

import type { RunPhase } from '../../../shared/lab-types';
import type { RunEvent } from '../../../shared/run-events';
import { SYSTEM_EVENT_KINDS, systemEventLogLine } from '../../../shared/system-traits';
import type { SystemEventBody } from '../../../shared/scenario-types';
import { actionLabel } from './action-entries';
import type { ScenarioRunEvent } from './scenario-state';

/** One line of a run's event log (the run view's "Events" panel). */
export interface RunLogEntry {
  seq: number;
  t: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** How many lines a run's log keeps in the UI. */
export const LOG_LIMIT = 200;

/** Appends a line, keeping at most LOG_LIMIT (the oldest are dropped). */
export function appendLog(log: RunLogEntry[], entry: RunLogEntry): RunLogEntry[] {
  const next = log.length >= LOG_LIMIT ? log.slice(log.length - LOG_LIMIT + 1) : log.slice();
  next.push(entry);
  return next;
}

type NodeEvent = Extract<RunEvent, { kind: 'node' }>;

/**
 * The log line of a container event. A container that exits while the run
 * is stopping was stopped on purpose: it reads "stopped with the lab" (info),
 * never "died" (a warning) — also for histories recorded before the engine
 * said `stopped` itself.
 */
export function nodeLogEntry(event: NodeEvent, phase: RunPhase): RunLogEntry {
  const intentional =
    event.state === 'stopped' ||
    (event.state === 'died' && (phase === 'stopping' || phase === 'stopped'));
  const at = { seq: event.seq, t: event.t };
  if (intentional) {
    const why = event.state === 'stopped' ? event.detail : 'stopped with the lab';
    return { ...at, level: 'info', text: `${event.node} stopped${why ? `: ${why}` : ''}` };
  }
  return {
    ...at,
    level: event.state === 'died' ? 'warn' : 'info',
    text: `${event.node} ${event.state}${event.detail ? `: ${event.detail}` : ''}`,
  };
}

const SYSTEM_EVENT_KIND_SET: ReadonlySet<string> = new Set(SYSTEM_EVENT_KINDS);

/** The run log line of a scenario event worth a line (not writes, samples of the tells). */
export function scenarioLogEntry(event: ScenarioRunEvent): RunLogEntry | null {
  const at = { seq: event.seq, t: event.t };
  if (SYSTEM_EVENT_KIND_SET.has(event.kind)) {
    const line = systemEventLogLine(event as unknown as SystemEventBody);
    return line && { ...at, ...line };
  }
  switch (event.kind) {
    case 'scenario':
      return { ...at, level: 'info', text: `scenario ${event.scenarioId} (seed ${event.seed})` };
    case 'fault':
      return {
        ...at,
        level: 'warn',
        text: `fault ${event.faultId} ${event.phase === 'inject' ? 'injected' : 'reverted'}${
          event.detail ? `: ${event.detail}` : ''
        }`,
      };
    case 'action':
      return {
        ...at,
        level: event.ok ? 'info' : 'error',
        text: `${event.source}: ${actionLabel(event.action)}${event.detail ? ` — ${event.detail}` : ''}`,
      };
    case 'hint':
      return {
        ...at,
        level: 'info',
        text:
          event.from === 'facilitator'
            ? `facilitator’s hint: ${event.text}`
            : `hint ${event.index + 1}${event.requested ? ' (asked for)' : ''}: ${event.text}`,
      };
    case 'note':
      return {
        ...at,
        level: 'info',
        text: `${event.author === 'facilitator' ? 'facilitator’s note' : `note${event.name ? ` (${event.name})` : ''}`}: ${event.text}`,
      };
    case 'exported-keys':
      return { ...at, level: 'info', text: `exported ${event.keys} keys from ${event.node}` };
    case 'replayed-keys':
      return {
        ...at,
        level: event.removed > 0 ? 'warn' : 'info',
        text: `replayed ${event.node}'s export onto ${event.target} (${event.rule}): ${event.added} keys put back, ${event.overwritten} overwritten${event.removed > 0 ? `, ${event.removed} of ${event.target}'s keys deleted` : ''}`,
      };
    case 'tell-shown':
      return { ...at, level: 'warn', text: `first tell of the split on screen: ${event.detail}` };
    case 'grade':
      return {
        ...at,
        level: event.result.passed ? 'info' : 'warn',
        text: `graded: ${event.result.score} / 100 (${event.result.passed ? 'passed' : 'not passed'})`,
      };
    default:
      return null;
  }
}

import type { FaultWindow, TimelineEntry } from '../../shared/debrief-types';
import {
  isDataNodeKind,
  isUnreadable,
  type NodeObservation,
  type ProbeSample,
} from '../../shared/lab-types';
import type { RunEvent } from '../../shared/run-events';
import { faultKindOf } from '../../shared/fault-registry';
import { describeAction, describeFault } from '../grading/describe-moves';
import { systemGrading } from '../grading/system-gradings';
import type { SystemDebrief } from './system-debrief';
import { systemDebrief } from './system-debriefs';

export { describeAction, describeFault } from '../grading/describe-moves';

/** The scenario's start (the `scenario` event), else the first `running` phase, else the first event; 0 for none. */
export function scenarioStart(events: readonly RunEvent[]): number {
  const s = events.find((e) => e.kind === 'scenario');
  if (s) return s.t;
  return events.find((e) => e.kind === 'phase' && e.phase === 'running')?.t ?? events[0]?.t ?? 0;
}

/**
 * A sample as last read: every node that could not be read now stands as
 * its last readable observation (`known`), so a node coming back after a
 * gap shows only what really changed across it.
 */
function asLastRead(s: ProbeSample, known: ReadonlyMap<string, NodeObservation>): ProbeSample {
  return { ...s, nodes: s.nodes.map((n) => (isUnreadable(n) ? (known.get(n.node) ?? n) : n)) };
}

/**
 * The tells as they changed between samples. A node that could not be read
 * is an `unknown` entry (once, when it falls silent), never a tell: a drop
 * in masters claimed that silent former masters could explain is not shown,
 * nor a coordinator majority lost while coordinators were silent, and role
 * changes are measured against each node's last readable reading.
 */
function roleChanges(
  samples: readonly ProbeSample[],
  t0: number,
  system: string,
  debrief: SystemDebrief,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const grading = systemGrading(system);
  const own = debrief.sampleChanges?.();
  let prev: ProbeSample | undefined;
  let shownMasters = 0;
  let shownChoice: string | undefined;
  const known = new Map<string, NodeObservation>();
  let unread = new Set<string>();
  for (const s of samples) {
    if (s.t < t0) continue;
    const at = s.t - t0;
    const now = new Set(s.nodes.filter(isUnreadable).map((n) => n.node));
    const silent = [...now].filter((n) => !unread.has(n));
    if (silent.length > 0)
      out.push({
        at,
        kind: 'unknown',
        label: `${silent.join(', ')} could not be read`,
        detail:
          silent
            .map((n) => s.nodes.find((o) => o.node === n)?.error)
            .filter((e): e is string => e !== undefined)
            .join('; ') || 'no answer',
      });
    unread = now;
    const view = asLastRead(s, known);
    for (const n of s.nodes) if (!isUnreadable(n)) known.set(n.node, n);
    if (!prev) {
      prev = view;
      shownMasters = s.mastersClaimed;
      shownChoice = grading.coordinatorChoice(s);
      own?.(undefined, view, s, at);
      continue;
    }
    const couldBe =
      s.mastersClaimed +
      [...now].filter((n) => view.nodes.find((o) => o.node === n)?.role === 'master').length;
    const silentDrop = s.mastersClaimed < shownMasters && couldBe >= shownMasters;
    if (s.mastersClaimed !== shownMasters && !silentDrop) {
      const masters = s.nodes
        .filter((n) => isDataNodeKind(n.kind) && n.role === 'master')
        .map((n) => n.node);
      out.push({
        at,
        kind: 'tell',
        label: debrief.mastersLabel(s.mastersClaimed),
        detail: masters.join(', ') || 'none',
      });
      shownMasters = s.mastersClaimed;
    }
    const choice = grading.coordinatorChoice(s);
    // No majority while coordinators could not be read is unknown, not "no leader key".
    const choiceUnknown =
      choice === undefined &&
      s.nodes.some((n) => grading.coordinatorKinds.includes(n.kind) && isUnreadable(n));
    if (choice !== shownChoice && !choiceUnknown) {
      shownChoice = choice;
      out.push({ at, kind: 'tell', label: debrief.choiceLabel(choice) });
    }
    if (own) out.push(...own(prev, view, s, at));
    for (const n of view.nodes) {
      if (!isDataNodeKind(n.kind) || debrief.ownRoleKinds.includes(n.kind) || isUnreadable(n))
        continue;
      const old = prev.nodes.find((m) => m.node === n.node);
      if (old && !isUnreadable(old) && old.role !== n.role) {
        out.push({
          at,
          kind: 'tell',
          label: `${n.node}: ${old.role} → ${n.role}`,
          node: n.node,
          ...(n.error ? { detail: n.error } : {}),
        });
      }
    }
    prev = { ...s, nodes: view.nodes };
  }
  return out;
}

/**
 * The run's timeline, ms since the scenario's start: faults injected and
 * healed, the trainee's actions and typed console lines, the tells as they
 * changed (masters claimed, the coordinators' choice, each data node's role,
 * and what `system` reads itself: SystemDebrief.sampleChanges), the
 * system's log events (SystemDebrief.logEntries, repeats merged), hints,
 * notes, phases and the grade.
 * Pure; entries come in time order.
 */
export function buildTimeline(events: readonly RunEvent[], system: string): TimelineEntry[] {
  const t0 = scenarioStart(events);
  const out: TimelineEntry[] = [];
  const samples: ProbeSample[] = [];
  const debrief = systemDebrief(system);
  const logs = debrief.logEntries();
  for (const e of events) {
    const at = e.t - t0;
    switch (e.kind) {
      case 'scenario':
        out.push({
          at,
          kind: 'phase',
          label: 'scenario started',
          detail: `seed ${e.seed}${e.responseName ? `, response: ${e.responseName}` : ''}`,
        });
        break;
      case 'phase':
        if (e.t > t0)
          out.push({
            at,
            kind: 'phase',
            label: e.phase,
            ...(e.detail ? { detail: e.detail } : {}),
          });
        break;
      case 'fault':
        out.push({
          at,
          kind: 'fault',
          label: `${e.faultId} ${e.phase === 'inject' ? 'injected' : 'healed'}`,
          detail:
            describeFault(e.spec) +
            (e.detail ? ` — ${e.detail}` : '') +
            injectionTook(e.startedMs, at, faultKindOf(e.spec).actsFromStart === true),
          ...('node' in e.spec ? { node: e.spec.node } : {}),
        });
        break;
      case 'action':
        if (e.action.kind === 'console' && e.ok) {
          out.push({
            at,
            kind: 'console',
            label: `$ ${e.action.command}`,
            node: e.action.node,
            detail: `${e.source}: ${e.detail ?? 'ok'}`,
          });
        } else {
          out.push({
            at,
            kind: 'action',
            label: describeAction(e.action) + (e.ok ? '' : ' (failed)'),
            detail: `${e.source}${e.detail ? `: ${e.detail}` : ''}${engineNote(e)}`,
            ...('node' in e.action ? { node: e.action.node } : {}),
          });
        }
        break;
      case 'console-line':
        // Scripted and palette console commands are already recorded as actions.
        if (e.source === 'console')
          out.push({ at, kind: 'console', label: `$ ${e.line}`, node: e.node });
        break;
      case 'exported-keys':
        out.push({
          at,
          kind: 'action',
          label: `exported ${e.keys} writes from ${e.node}`,
          node: e.node,
          ...(e.file ? { detail: e.file } : {}),
        });
        break;
      case 'replayed-keys':
        out.push({
          at,
          kind: 'action',
          label: `replayed ${e.node}'s export onto ${e.target} (${e.rule}): ${e.added} writes put back${e.removed > 0 ? `, ${e.removed} of ${e.target}'s deleted` : ''}`,
          node: e.target,
          ...(e.name ? { detail: e.name } : {}),
        });
        break;
      case 'hint':
        out.push({
          at,
          kind: 'hint',
          label: e.from === 'facilitator' ? 'facilitator’s hint' : `hint ${e.index + 1}`,
          detail: e.text,
        });
        break;
      case 'note':
        out.push({
          at,
          kind: 'note',
          label:
            e.author === 'facilitator'
              ? 'facilitator’s note'
              : `note${e.name ? ` (${e.name})` : ''}`,
          detail: e.text,
        });
        break;
      case 'sample':
        samples.push(e.sample);
        break;
      case 'grade':
        out.push({
          at,
          kind: 'phase',
          label: `graded ${e.result.score}/100 (${e.result.passed ? 'passed' : 'not passed'})`,
        });
        break;
      default: {
        // The system's own log events (SystemDebrief.logEntries).
        const entry = logs.add(e, at);
        if (entry) out.push(entry);
        break;
      }
    }
  }
  logs.finish();
  return [...out, ...roleChanges(samples, t0, system, debrief)]
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => a.entry.at - b.entry.at || a.i - b.i)
    .map((x) => x.entry);
}

/** Each fault's active window, ms since the scenario's start; `to` absent while still active at the end. Pure. */
export function faultWindows(events: readonly RunEvent[]): FaultWindow[] {
  const t0 = scenarioStart(events);
  const windows: FaultWindow[] = [];
  const open = new Map<string, FaultWindow>();
  for (const e of events) {
    if (e.kind !== 'fault') continue;
    if (e.phase === 'inject') {
      const w: FaultWindow = { faultId: e.faultId, kind: e.spec.kind, from: e.t - t0 };
      windows.push(w);
      open.set(e.faultId, w);
    } else {
      const w = open.get(e.faultId);
      if (w) {
        w.to = e.t - t0;
        open.delete(e.faultId);
      }
    }
  }
  return windows;
}

/**
 * The engine's part of a move, when it matters: `; issued 4.2 s before it
 * finished (the engine's time)`, how long it was queued behind the node's
 * previous move, why a scripted step started late. '' for a quick move.
 */
export function engineNote(e: {
  t: number;
  issuedAt?: number;
  queuedMs?: number;
  late?: string;
}): string {
  const notes: string[] = [];
  const tookMs = e.issuedAt !== undefined ? e.t - e.issuedAt : 0;
  if (tookMs >= 1000)
    notes.push(`issued ${(tookMs / 1000).toFixed(1)} s before it finished (the engine's time)`);
  if (e.queuedMs !== undefined && e.queuedMs >= 100)
    notes.push(`queued ${(e.queuedMs / 1000).toFixed(1)} s behind the node's previous move`);
  if (e.late) notes.push(e.late);
  return notes.map((n) => `; ${n}`).join('');
}

/**
 * How long an injection took when it was long enough to matter (a second or
 * more), and, for a kind that acts while it is injected, that the checks
 * count from its start (see FaultKind.actsFromStart).
 */
function injectionTook(startedMs: number | undefined, at: number, fromStart: boolean): string {
  if (startedMs === undefined || at - startedMs < 1000) return '';
  const took = `; it began at +${(startedMs / 1000).toFixed(1)} s and took ${((at - startedMs) / 1000).toFixed(1)} s (the engine's time)`;
  return fromStart ? `${took}, the checks count from its start` : took;
}

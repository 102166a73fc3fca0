import type { RunEvent } from '../../../shared/run-events';
import type { WriteRecord } from '../../../shared/scenario-types';
import type { LockEventBody } from './lock-service.types';
import { classifyLockEvents, writeVerdict } from './lock-data';
import {
  acquireText,
  freezeText,
  wakeText,
  writeRunText,
  type WriteRun,
} from './lock-explain-words';

/**
 * Seed 004's "see it work", from a run's recorded history: the steps of how
 * the fencing token played out, in time order, each with the state after
 * it. Pure: with lock-data.ts and lock-explain-words.ts it imports shared
 * types only, so the three may move to the system's shared or grading
 * folder unchanged (a debrief computed at grading time).
 */

/** What a step is about. */
export type ExplainStepKind =
  | 'acquire'
  | 'freeze'
  | 'wake'
  | 'lost'
  | 'writes'
  | 'zombie-accepted'
  | 'zombie-refused'
  | 'check-on'
  | 'check-off';

/** What a worker believes, and whether it is frozen. */
export interface WorkerState {
  worker: string;
  holding: boolean;
  /** The token it believes it holds. */
  token?: number;
  frozen: boolean;
}

/** The state after a step. */
export interface ExplainState {
  /** The lock as etcd granted it last (absent: free, its holder's lease gone, or never taken). */
  holder?: string;
  token?: number;
  /** Each worker, in the order the history names them. */
  workers: WorkerState[];
  /** The highest token storage has accepted (0 before any), and its fencing check. */
  storage: { highest: number; checkOn: boolean };
}

/** One step of the explanation. */
export interface ExplainStep {
  kind: ExplainStepKind;
  /** When it happened, ms since the scenario started. */
  at: number;
  text: string;
  /** The node it is about (a worker, storage). */
  node?: string;
  token?: number;
  /** Writes in the step (writes and zombie steps). */
  count?: number;
  state: ExplainState;
}

type TokenRecord = WriteRecord & { token: number };

/** One thing that happened, in time order (`rank` orders things at the same ms). */
type Item = { t: number; seq: number; rank: number } & (
  | { type: 'lock'; event: LockEventBody; change: 'acquired' | 'lost'; token?: number }
  | { type: 'write'; record: TokenRecord }
  | { type: 'freeze' | 'wake'; node: string; via: string }
  | { type: 'check'; on: boolean; via: string }
);

/** Who made a move, in the step's words. */
const SOURCE_WORDS: Record<string, string> = {
  palette: 'your move',
  script: 'the scripted response',
  instructor: "the instructor's move",
  console: 'a console command',
  engine: 'the engine',
};

/** A console line that sets storage's check (`UPDATE dojo_fence SET check_on = true`): on, off, or undefined. */
function consoleCheck(line: string): boolean | undefined {
  const m = /check_on\s*=\s*'?(true|false|on|off|t|f|1|0)'?/i.exec(line);
  if (!m) return undefined;
  return ['true', 'on', 't', '1'].includes(m[1]!.toLowerCase());
}

/** The highest token storage named in its refusal (`... (highest seen 12)`). */
function highestInError(error: string | undefined): number | undefined {
  const m = /highest seen (\d+)/.exec(error ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The history's items, in time order: lock changes, writes with a token, freezes and wakes, the check's moves. */
function itemsOf(events: readonly RunEvent[]): Item[] {
  const items: Item[] = [];
  const t0 = events.find((e) => e.kind === 'scenario')?.t ?? events[0]?.t ?? 0;
  const lockEvents = events.filter(
    (e): e is Extract<RunEvent, { kind: 'lock-event' }> => e.kind === 'lock-event',
  );
  // Writes of each acquisition (worker#token): the first and the last answer.
  const span = new Map<string, { first: number; last: number }>();
  for (const e of events) {
    if (e.kind !== 'writes') continue;
    for (const r of e.records) {
      if (r.token === undefined) continue;
      items.push({ t: r.doneAt, seq: e.seq, rank: 1, type: 'write', record: r as TokenRecord });
      const key = `${r.client}#${r.token}`;
      const s = span.get(key);
      span.set(
        key,
        s
          ? { first: Math.min(s.first, r.doneAt), last: Math.max(s.last, r.doneAt) }
          : { first: r.doneAt, last: r.doneAt },
      );
    }
  }
  for (const c of classifyLockEvents(lockEvents)) {
    if (c.change === 'note') continue;
    const s = c.token !== undefined ? span.get(`${c.event.node}#${c.token}`) : undefined;
    // A worker says it took the lock before its first write with the token, and lost it after its last.
    const t =
      c.change === 'acquired'
        ? Math.min(c.event.t, s?.first ?? Infinity)
        : Math.max(c.event.t, s?.last ?? -Infinity);
    items.push({
      t,
      seq: c.event.seq,
      rank: c.change === 'acquired' ? 0 : 2,
      type: 'lock',
      event: c.event,
      change: c.change,
      ...(c.token !== undefined ? { token: c.token } : {}),
    });
  }
  for (const e of events) {
    if (e.kind === 'fault' && e.spec.kind === 'pause') {
      const via =
        e.phase === 'inject'
          ? `docker pause, fault ${e.faultId}`
          : `docker unpause, fault ${e.faultId} reverted`;
      // The process resumes as soon as the unpause starts, before the engine records it done.
      const t =
        e.phase === 'revert' && e.startedMs !== undefined ? Math.min(e.t, t0 + e.startedMs) : e.t;
      items.push({
        t,
        seq: e.seq,
        rank: 0,
        type: e.phase === 'inject' ? 'freeze' : 'wake',
        node: e.spec.node,
        via,
      });
    } else if (e.kind === 'action' && e.ok) {
      const via = SOURCE_WORDS[e.source] ?? e.source;
      const a = e.action;
      if (a.kind === 'pause' || a.kind === 'resume')
        items.push({
          t: a.kind === 'resume' ? Math.min(e.t, e.issuedAt ?? e.t) : e.t,
          seq: e.seq,
          rank: 0,
          type: a.kind === 'pause' ? 'freeze' : 'wake',
          node: a.node,
          via: `docker ${a.kind === 'pause' ? 'pause' : 'unpause'}, ${via}`,
        });
      else if (a.kind === 'fencing-check')
        items.push({ t: e.t, seq: e.seq, rank: 0, type: 'check', on: a.on, via });
    } else if (e.kind === 'console-line') {
      const on = consoleCheck(e.line);
      if (on !== undefined)
        items.push({
          t: e.t,
          seq: e.seq,
          rank: 0,
          type: 'check',
          on,
          via: `\`${e.line.trim()}\` typed on ${e.node}; the console does not say whether it took`,
        });
    }
  }
  return items.sort((a, b) => a.t - b.t || a.rank - b.rank || a.seq - b.seq);
}

/**
 * The steps of a run's history, in time order: each lock acquisition (its
 * token), each freeze and wake of a node, each worker giving up the lock,
 * each run of writes of one worker with one token and one verdict, each
 * zombie write (a token below the highest storage had accepted) accepted or
 * refused, and each change of storage's fencing check. Empty when the
 * history has none of them.
 */
export function explainSteps(events: readonly RunEvent[]): ExplainStep[] {
  const start = events.find((e) => e.kind === 'scenario');
  const t0 = start?.t ?? events[0]?.t ?? 0;
  const settings = start?.kind === 'scenario' ? start.settings : {};
  const ttl = typeof settings.leaseTtlSeconds === 'number' ? settings.leaseTtlSeconds : 5;
  const workers = new Map<string, WorkerState>();
  for (const e of events) {
    if (e.kind === 'lock-event' && !workers.has(e.node))
      workers.set(e.node, { worker: e.node, holding: false, frozen: false });
    if (e.kind === 'writes')
      for (const r of e.records)
        if (r.token !== undefined && !workers.has(r.client))
          workers.set(r.client, { worker: r.client, holding: false, frozen: false });
  }
  const lock: { holder?: string; token?: number } = {};
  const storage = { highest: 0, checkOn: settings.fencingCheck === true };
  const woke = new Set<string>();
  const steps: ExplainStep[] = [];
  const snapshot = (): ExplainState => ({
    ...(lock.holder !== undefined ? { holder: lock.holder } : {}),
    ...(lock.token !== undefined ? { token: lock.token } : {}),
    workers: [...workers.values()].map((w) => ({ ...w })),
    storage: { ...storage },
  });
  const push = (step: Omit<ExplainStep, 'state' | 'at'>, t: number) =>
    steps.push({ ...step, at: t - t0, state: snapshot() });

  let run: WriteRun | undefined;
  const flush = () => {
    if (!run) return;
    push(
      {
        kind: run.kind,
        text: writeRunText(run, storage),
        node: run.worker,
        token: run.token,
        count: run.count,
      },
      run.t,
    );
    run = undefined;
  };

  for (const item of itemsOf(events)) {
    if (item.type === 'write') {
      const r = item.record;
      // A frozen process writes nothing: a write says its worker is awake.
      const writer = workers.get(r.client);
      if (writer?.frozen) {
        writer.frozen = false;
        woke.add(r.client);
      }
      const verdict = writeVerdict(r);
      const kind =
        verdict === 'refused'
          ? 'zombie-refused'
          : verdict === 'accepted' && r.token < storage.highest
            ? 'zombie-accepted'
            : 'writes';
      const key = `${kind}|${r.client}|${r.token}|${verdict}`;
      if (run?.key === key) run.count += 1;
      else {
        flush();
        run = {
          key,
          kind,
          worker: r.client,
          token: r.token,
          verdict,
          count: 1,
          t: r.doneAt,
          highestBefore: highestInError(r.error) ?? storage.highest,
          woke: woke.has(r.client),
          ...(r.error !== undefined ? { error: r.error } : {}),
        };
      }
      woke.delete(r.client);
      if (verdict === 'accepted') storage.highest = Math.max(storage.highest, r.token);
      continue;
    }
    flush();
    if (item.type === 'lock') {
      const w = item.event.node;
      const state = workers.get(w)!;
      if (item.change === 'acquired') {
        state.holding = true;
        if (item.token !== undefined) state.token = item.token;
        else delete state.token;
        lock.holder = w;
        if (item.token !== undefined) lock.token = item.token;
        else delete lock.token;
        push(
          {
            kind: 'acquire',
            text: acquireText(w, item.token, [...workers.values()]),
            node: w,
            ...(item.token !== undefined ? { token: item.token } : {}),
          },
          item.t,
        );
      } else {
        state.holding = false;
        delete state.token;
        if (lock.holder === w) {
          delete lock.holder;
          delete lock.token;
        }
        const token = item.token !== undefined ? ` (token ${item.token})` : '';
        push(
          {
            kind: 'lost',
            text: `${w} gives up the lock${token}, in its own words: "${item.event.detail}".`,
            node: w,
            ...(item.token !== undefined ? { token: item.token } : {}),
          },
          item.t,
        );
      }
    } else if (item.type === 'check') {
      const was = storage.checkOn;
      storage.checkOn = item.on;
      const already = was === item.on ? ` (it was already ${was ? 'on' : 'off'})` : '';
      const text = item.on
        ? `storage's fencing check turned on (${item.via})${already}: from now on it refuses a write whose token is lower than ${storage.highest > 0 ? `${storage.highest}, ` : ''}the highest it has accepted.`
        : `storage's fencing check turned off (${item.via})${already}: it takes every write again, whatever its token.`;
      push({ kind: item.on ? 'check-on' : 'check-off', text, node: 'storage' }, item.t);
    } else {
      const state = workers.get(item.node);
      if (state) state.frozen = item.type === 'freeze';
      if (item.type === 'wake') woke.add(item.node);
      const text =
        item.type === 'freeze'
          ? freezeText(item.node, item.via, state, ttl)
          : wakeText(item.node, item.via, state, lock);
      push({ kind: item.type, text, node: item.node }, item.t);
    }
  }
  flush();
  return steps;
}

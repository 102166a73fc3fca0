import type { Observation, TimelineEntry } from '../../../shared/debrief-types';
import { isUnreadable, type NodeObservation } from '../../../shared/lab-types';
import type { FenceReading, LockReading } from '../../../shared/scenario-types';
import type { LogEntries, SystemDebrief } from '../../../core/debrief/system-debrief';
import { healthList, secondsText, stillActive } from '../../../core/debrief/debrief-text';
import { since } from '../../../core/grading/grading-context';
import type { RunFacts } from '../../../core/grading/run-facts';
import { lockIn } from './lock-service.grading';
import { staleGroupsText, staleWrites, writesText } from './stale-token-refused.check';
import { explainSteps } from '../shared/lock-explain-steps';

/** The same lock event of the same worker within this long of its previous one merges into one entry, ms. */
export const LOCK_EVENT_MERGE_MS = 3000;

/** `worker-1 (token 7)`, or `nobody`. */
const holderWords = (l: LockReading): string =>
  l.holder ? `${l.holder}${l.token !== undefined ? ` (token ${l.token})` : ''}` : 'nobody';

/** Timeline entries for a change of the lock's holder or token on a lock node (etcd-1). */
function lockChanges(node: string, a: LockReading, b: LockReading, at: number): TimelineEntry[] {
  const entry = (label: string): TimelineEntry[] => [
    {
      at,
      kind: 'tell',
      label,
      node,
      ...(b.leaseTtlSeconds !== undefined && b.holder
        ? { detail: `${b.leaseTtlSeconds} s left on ${b.holder}'s lease` }
        : {}),
    },
  ];
  if (a.holder === b.holder)
    return b.holder && a.token !== b.token && b.token !== undefined
      ? entry(`${b.holder} took the lock again (token ${a.token ?? '?'} → ${b.token})`)
      : [];
  if (a.holder && b.holder) return entry(`lock moved from ${holderWords(a)} to ${holderWords(b)}`);
  if (b.holder) return entry(`${holderWords(b)} took the lock`);
  return entry(`${holderWords(a)} no longer holds the lock`);
}

/** Timeline entries for a change of storage's fencing check or of the stale writes it accepted. */
function fenceChanges(node: string, a: FenceReading, b: FenceReading, at: number): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  if (a.checkOn !== b.checkOn)
    out.push({
      at,
      kind: 'tell',
      label: `${node}'s fencing check turned ${b.checkOn ? 'on' : 'off'}`,
      node,
    });
  const more = b.staleAccepted - a.staleAccepted;
  if (more > 0)
    out.push({
      at,
      kind: 'tell',
      label: `${node} accepted ${writesText(more)} with a stale token`,
      detail: [
        `${b.staleAccepted} in all`,
        ...(b.lastWriter
          ? [`last accepted from ${b.lastWriter}, token ${b.lastToken ?? '?'}`]
          : []),
        `highest token ${b.highest}`,
      ].join('; '),
      node,
    });
  return out;
}

/** The same node as read in `prev`, when both readings carry `field`. */
function pairOf<K extends 'lock' | 'fence'>(
  prev: readonly NodeObservation[],
  n: NodeObservation,
  field: K,
): [NonNullable<NodeObservation[K]>, NonNullable<NodeObservation[K]>] | undefined {
  const old = prev.find((m) => m.node === n.node)?.[field];
  const now = n[field];
  return old && now ? [old, now] : undefined;
}

/** The lock workers' own words (`lock-event`) as timeline entries on the `lock` lane, repeats merged. */
function lockLogEntries(): LogEntries {
  const last = new Map<
    string,
    { entry: TimelineEntry; label: string; at: number; count: number }
  >();
  const all: { entry: TimelineEntry; label: string; count: number }[] = [];
  return {
    add(e, at) {
      if (e.kind !== 'lock-event') return undefined;
      const label = `${e.node}: ${e.detail}`;
      const prev = last.get(e.node);
      if (prev && prev.label === label && at - prev.at <= LOCK_EVENT_MERGE_MS) {
        prev.count += 1;
        prev.at = at;
        return undefined;
      }
      const entry: TimelineEntry = {
        at,
        kind: 'lock',
        label,
        detail: e.holding
          ? `believes it holds the lock${e.token !== undefined ? ` with token ${e.token}` : ''}`
          : 'believes it holds no lock',
        node: e.node,
      };
      const record = { entry, label, at, count: 1 };
      last.set(e.node, record);
      all.push(record);
      return entry;
    },
    finish() {
      for (const r of all) if (r.count > 1) r.entry.label = `${r.label} ×${r.count}`;
    },
  };
}

/** A card's misdiagnosis that blames the lock or the new holder (two holders at once), and the title when it has none. */
const TWO_HOLDERS =
  /two (workers|holders)|both.*hold|took the lock|live holder|lock.*(broken|bug)/i;
const TWO_HOLDERS_TITLE = 'Two workers held the lock at once';
/** A card's misdiagnosis that blames storage, and the title when it has none. */
const STORAGE = /storage|database|postgres|corrupt|lost|overwr/i;
const STORAGE_TITLE = 'Storage mixed up the writes by itself';

/** The card's misdiagnosis whose `looksLike` matches `pattern` (other than `taken`, one already answered), else `fallback`. */
const looksLike = (facts: RunFacts, pattern: RegExp, fallback: string, taken?: string): string =>
  facts.scenario.teaching.misdiagnoses.find(
    (m) => m.looksLike !== taken && pattern.test(m.looksLike),
  )?.looksLike ?? fallback;

/** Whether storage's fencing check was on at `t`: its last reading before then, else the run's setting. */
function checkOnAt(facts: RunFacts, t: number): boolean | undefined {
  const setting = facts.settings.fencingCheck;
  let on = typeof setting === 'boolean' ? setting : undefined;
  for (const s of facts.samples) {
    if (s.t > t) break;
    const fence = s.nodes.find((n) => n.kind === 'storage' && !isUnreadable(n) && n.fence)?.fence;
    if (fence) on = fence.checkOn;
  }
  return on;
}

/**
 * Against "two workers held the lock": when the stale worker last held the
 * lock in etcd and with which token, when it was frozen, when the other
 * took the lock and with which token, and how long the stale worker went on
 * writing with its old token after it had lost the lock.
 */
function lockObservation(facts: RunFacts, stale: string): Observation | undefined {
  let held: { t: number; token?: number } | undefined;
  let taken: { t: number; holder: string; token?: number } | undefined;
  let free: number | undefined;
  for (const s of facts.samples) {
    const lock = lockIn(s);
    if (lock?.holder === stale && !taken) {
      held = { t: s.t, ...(lock.token !== undefined ? { token: lock.token } : {}) };
      free = undefined;
    } else if (held && lock && !lock.holder && !taken) free ??= s.t;
    else if (held && lock?.holder && lock.holder !== stale && !taken)
      taken = {
        t: s.t,
        holder: lock.holder,
        ...(lock.token !== undefined ? { token: lock.token } : {}),
      };
  }
  if (!held) return undefined;
  const token = held.token !== undefined ? ` with token ${held.token}` : '';
  const frozen = facts.faults.filter(
    (f) =>
      f.phase === 'inject' && f.spec.kind === 'pause' && 'node' in f.spec && f.spec.node === stale,
  );
  const pause = frozen[0];
  const woke = pause
    ? facts.faults.find(
        (f) => f.phase === 'revert' && f.faultId === pause.faultId && f.t >= pause.t,
      )
    : undefined;
  const ttl = facts.settings.leaseTtlSeconds;
  const lease = typeof ttl === 'number' ? `its ${ttl} s lease` : 'its lease';
  const frozeFor = pause
    ? ` It was frozen from ${since(facts, pause.startedAt ?? pause.t)}${woke ? ` to ${since(facts, woke.t)}` : ' to the end'} (pause)`
    : '';
  const lastHeld = `etcd last showed ${stale} holding the lock${token} at ${since(facts, held.t)}.`;
  if (!taken)
    return {
      looksLike: looksLike(facts, TWO_HOLDERS, TWO_HOLDERS_TITLE),
      shows: `${lastHeld}${frozeFor ? `${frozeFor}.` : ''} No other worker took the lock afterwards.`,
    };
  const freeze = frozeFor ? `${frozeFor}, renewed nothing, and ${lease} ran out.` : '';
  const gap = free !== undefined ? ` The lock was free from ${since(facts, free)};` : '';
  const next = `${gap} ${taken.holder} took it${taken.token !== undefined ? ` with token ${taken.token}` : ''} at ${since(facts, taken.t)}: etcd never gave it to two workers at once.`;
  const zombie = facts.writes
    .filter((w) => w.client === stale && w.token !== undefined && w.sentAt >= taken.t)
    .sort((a, b) => a.sentAt - b.sentAt);
  const lastZombie = zombie.at(-1);
  const after = lastZombie
    ? ` ${stale} did not know: it sent ${writesText(zombie.length)} with token ${[...new Set(zombie.map((w) => w.token))].join(', ')} after that, the last at ${since(facts, lastZombie.sentAt)}, ${secondsText(lastZombie.sentAt - taken.t)} after it had lost the lock.`
    : ` ${stale} sent nothing with a token after it had lost the lock.`;
  return {
    looksLike: looksLike(facts, TWO_HOLDERS, TWO_HOLDERS_TITLE),
    shows: `${lastHeld}${freeze}${next}${after}`,
  };
}

/**
 * Against "storage lost or mixed up the writes": the writes that reached
 * storage with a token lower than one it had accepted, by worker and token,
 * what storage did with them, and whether its fencing check was on then.
 */
function storageObservation(facts: RunFacts, taken?: string): Observation | undefined {
  const s = staleWrites(facts.writes);
  if (s.tokened.length === 0) return undefined;
  const title = looksLike(facts, STORAGE, STORAGE_TITLE, taken);
  const stale = [...s.accepted, ...s.refused, ...s.timedOut].sort(
    (a, b) => a.write.sentAt - b.write.sentAt,
  );
  const first = stale[0];
  if (!first)
    return {
      looksLike: title,
      shows: `No write reached storage with a token lower than one it had accepted: ${writesText(s.tokened.length)}, each with a token at least as high as any accepted before it was sent.`,
    };
  const parts = [
    ...(s.accepted.length ? [`storage accepted ${staleGroupsText(facts, s.accepted)}`] : []),
    ...(s.refused.length ? [`storage refused ${staleGroupsText(facts, s.refused)}`] : []),
    ...(s.timedOut.length
      ? [`storage gave no answer to ${staleGroupsText(facts, s.timedOut)}`]
      : []),
  ].join('; ');
  const on = checkOnAt(facts, first.write.sentAt);
  const state = on === undefined ? 'not known' : on ? 'on' : 'off';
  const moves = facts.actions.flatMap((a) =>
    a.ok && a.action.kind === 'fencing-check'
      ? [`turned ${a.action.on ? 'on' : 'off'} at ${since(facts, a.issuedAt)}`]
      : [],
  );
  const moved = moves.length ? ` The check was ${moves.join(', then ')} (fencing-check).` : '';
  const lesson =
    s.accepted.length > 0 && on === true
      ? ' Storage took them with its check on: look at how it compares tokens.'
      : s.accepted.length > 0
        ? ' Storage did what it was built to do: a fencing token protects only storage that checks it.'
        : s.refused.length > 0
          ? ' The token did its job: the zombie wrote, storage said no.'
          : '';
  return {
    looksLike: title,
    shows: `${parts.charAt(0).toUpperCase()}${parts.slice(1)}. Storage's fencing check was ${state} when the first of them came (${since(facts, first.write.sentAt)}).${moved}${lesson}`,
  };
}

/**
 * The lock service's part of the debrief: the lock's holder in etcd as the
 * coordinators' choice; the lock moving between workers with its tokens and
 * storage's fencing check turning on or off (sampleChanges); the workers'
 * own lock events on the `lock` lane; observations against the card's
 * misdiagnoses (the lock never had two holders, the zombie's writes and what
 * storage did with them); and the final health rows. Pure.
 */
export const lockServiceDebrief: SystemDebrief = {
  choiceLabel: (choice) =>
    choice ? `etcd: lock held by ${choice}` : 'etcd: nobody holds the lock',
  mastersLabel: (n) =>
    n === 0
      ? 'storage not answering as primary'
      : n === 1
        ? 'storage answering as primary'
        : `${n} storage nodes answering as primary`,
  ownRoleKinds: [],
  explain: explainSteps,
  sampleChanges: () => (prev, view, _s, at) => {
    if (!prev) return [];
    const out: TimelineEntry[] = [];
    for (const n of view.nodes) {
      const lock = n.kind === 'lock' ? pairOf(prev.nodes, n, 'lock') : undefined;
      if (lock) out.push(...lockChanges(n.node, lock[0], lock[1], at));
      const fence = n.kind === 'storage' ? pairOf(prev.nodes, n, 'fence') : undefined;
      if (fence) out.push(...fenceChanges(n.node, fence[0], fence[1], at));
    }
    return out;
  },
  logEntries: lockLogEntries,
  observations(facts) {
    const lock = facts.staleLeader ? lockObservation(facts, facts.staleLeader) : undefined;
    const storage = storageObservation(facts, lock?.looksLike);
    return [...(lock ? [lock] : []), ...(storage ? [storage] : [])];
  },
  healthRows(f) {
    const { lock, fence, unreadable = {} } = f.lock ?? {};
    const notRead = (what: string) =>
      Object.keys(unreadable).length ? 'could not be read' : `${what} not read`;
    return [
      [
        'Lock holder (etcd)',
        lock
          ? `${holderWords(lock)}${lock.leaseTtlSeconds !== undefined && lock.holder ? `, ${lock.leaseTtlSeconds} s left on its lease` : ''}`
          : notRead('lock'),
      ],
      [
        'Holder before it',
        lock?.previousHolder
          ? holderWords({
              holder: lock.previousHolder,
              ...(lock.previousToken !== undefined ? { token: lock.previousToken } : {}),
            })
          : 'none seen',
      ],
      ["Storage's fencing check", fence ? (fence.checkOn ? 'on' : 'off') : notRead('storage')],
      ['Highest token storage accepted', fence ? String(fence.highest) : notRead('storage')],
      [
        'Writes storage accepted, by worker',
        fence ? healthList.of(fence.accepted, ': ') : notRead('storage'),
      ],
      ['Accepted with a stale token', fence ? String(fence.staleAccepted) : notRead('storage')],
      [
        'Last accepted write',
        fence?.lastWriter ? `${fence.lastWriter}, token ${fence.lastToken ?? '?'}` : 'none',
      ],
      ['Not read', healthList.of(unreadable, ': ')],
      ['Still active', stillActive(f)],
    ];
  },
};

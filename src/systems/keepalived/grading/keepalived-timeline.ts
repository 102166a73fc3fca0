import type { TimelineEntry } from '../../../shared/debrief-types';
import { isUnreadable, type NodeObservation, type ProbeSample } from '../../../shared/lab-types';
import { KEEPALIVED_EVENT_WORDS, type KeepalivedLogEvent } from '../../../shared/scenario-types';
import { vipClientOf } from './keepalived-facts';
import { secondsText } from '../../../core/debrief/debrief-text';

/**
 * The keepalived lab's timeline entries: routers' VRRP state changes and
 * the VIP moving on or off them, the client's view of the VIP (how many MACs
 * answer ARP for it, where its neighbour entry points), and keepalived's
 * own log events with repeats merged. Pure.
 */

/** The same log event of the same router repeated within this long of the previous one merges into one entry, ms. */
export const KEEPALIVED_MERGE_MS = 3000;

/** A router's state in VRRP words: its VRRP state, or `silent` when keepalived did not answer. */
function vrrpWord(n: NodeObservation): string {
  return n.vrrpState ?? (n.role === 'unknown' ? 'silent' : n.role);
}

/** Entries for what changed on the routers between two samples (`at`: ms since the start). */
export function routerChanges(prev: ProbeSample, s: ProbeSample, at: number): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const n of s.nodes) {
    if (n.kind !== 'router') continue;
    const old = prev.nodes.find((m) => m.node === n.node);
    // A router that could not be read (then or now) shows no change: it is unknown, not silent.
    if (!old || isUnreadable(old) || isUnreadable(n)) continue;
    if (vrrpWord(old) !== vrrpWord(n))
      out.push({
        at,
        kind: 'tell',
        label: `${n.node}: VRRP ${vrrpWord(old)} → ${vrrpWord(n)}`,
        node: n.node,
        ...(n.error ? { detail: n.error } : {}),
      });
    if (old.vipHeld !== undefined && n.vipHeld !== undefined && old.vipHeld !== n.vipHeld)
      out.push({
        at,
        kind: 'tell',
        label: n.vipHeld ? `${n.node} took the VIP` : `${n.node} gave up the VIP`,
        node: n.node,
      });
  }
  return out;
}

/** Entries for what changed in the client's view of the VIP since its last answered reading. */
export function clientChanges(
  prev: NodeObservation | undefined,
  s: ProbeSample,
  at: number,
): TimelineEntry[] {
  const now = vipClientOf(s);
  if (!now || !prev) return [];
  const out: TimelineEntry[] = [];
  const macs = now.vipArpMacs ?? [];
  if (macs.length !== (prev.vipArpMacs ?? []).length)
    out.push({
      at,
      kind: 'tell',
      label:
        macs.length === 0
          ? 'no MAC answers ARP for the VIP'
          : `${macs.length} MAC${macs.length > 1 ? 's' : ''} answer${macs.length > 1 ? '' : 's'} ARP for the VIP`,
      detail: (now.vipArpNodes ?? macs).join(', ') || 'none',
      node: now.node,
    });
  const before = prev.vipNeighbour?.mac;
  const after = now.vipNeighbour?.mac;
  if (before !== after)
    out.push({
      at,
      kind: 'tell',
      label: after
        ? `client's ARP entry for the VIP → ${now.vipNeighbour?.node ?? after}`
        : "client's ARP entry for the VIP is gone",
      ...(after ? { detail: `${after} (${now.vipNeighbour?.state ?? '?'})` } : {}),
      node: now.node,
    });
  return out;
}

interface LogRun {
  entry: TimelineEntry;
  node: string;
  event: KeepalivedLogEvent;
  line: string;
  firstT: number;
  lastT: number;
  count: number;
}

/**
 * Collects keepalived log events into timeline entries (kind `keepalived`);
 * the same event of the same router repeated within KEEPALIVED_MERGE_MS of
 * its previous line (keepalived logs some every advert interval) becomes one
 * entry with the count and how long it went on.
 */
export class KeepalivedLogMerger {
  private readonly open = new Map<string, LogRun>();
  private readonly runs: LogRun[] = [];

  /** Adds one event; returns the new entry, or undefined when it merged into the previous one. */
  add(
    t: number,
    at: number,
    e: { node: string; event: KeepalivedLogEvent; line: string },
  ): TimelineEntry | undefined {
    const key = `${e.node}\u0000${e.event}`;
    const run = this.open.get(key);
    if (run && t - run.lastT <= KEEPALIVED_MERGE_MS) {
      run.count++;
      run.lastT = t;
      return undefined;
    }
    const entry: TimelineEntry = {
      at,
      kind: 'keepalived',
      label: `${e.node}: ${KEEPALIVED_EVENT_WORDS[e.event]}`,
      detail: e.line,
      node: e.node,
    };
    const next = { entry, ...e, firstT: t, lastT: t, count: 1 };
    this.open.set(key, next);
    this.runs.push(next);
    return entry;
  }

  /** Writes the repeat counts into the entries handed out (call once, after the last add). */
  finish(): void {
    for (const r of this.runs) {
      if (r.count < 2) continue;
      r.entry.label = `${r.node}: ${KEEPALIVED_EVENT_WORDS[r.event]} ×${r.count}`;
      r.entry.detail = `${r.line} (${r.count} times over ${secondsText(r.lastT - r.firstT)})`;
    }
  }
}

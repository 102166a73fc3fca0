import type { WriteRecord } from '../../shared/scenario-types';

/** A shared key whose surviving value is older in truth than acknowledged updates of it. */
export interface RegressedKey {
  key: string;
  /** The write whose value survived, or undefined when the key is gone altogether. */
  kept?: WriteRecord;
  /** Acknowledged updates of the key sent after `kept` was acknowledged (host clock), none of which survived. */
  lost: number;
  /** When the last of them was acknowledged, ms since epoch. */
  lastLostAckedAt: number;
}

/** What became of a shared-key workload's updates (see classifyUpdates). */
export interface UpdateFates {
  /** Shared keys that acknowledged updates named, and how many of them were read back. */
  keys: number;
  readBack: number;
  /** Acknowledged updates. */
  acked: number;
  /** Acknowledged, but the node left the key as it was: it held a value with a newer stamp. */
  superseded: number;
  /** Acknowledged updates an older value outlived (see RegressedKey), over every key. */
  lost: number;
  /** Keys with lost updates, the most lost first. */
  regressed: RegressedKey[];
  /** Keys whose surviving value no acknowledged write of the history explains (left out). */
  unexplained: number;
}

/** `<client>:<seq>:<stamp>`, the value a shared-key write leaves (see LWW_SCRIPT). */
const VALUE = /^([A-Za-z0-9_-]+):(\d+):(\d+)$/;

/**
 * The ledger of updates, Jepsen-style, by real time: an acknowledged update
 * U of a shared key is lost when the value that survived on the final leader
 * was written by a write acknowledged before U was sent (by the host's
 * clock, which every client shares): U came later in truth, the client was
 * told OK, and an older value outlived it. A surviving value written by an
 * unacknowledged write (a timeout) or by no write in the history explains
 * nothing and its key is left out (`unexplained`). Pure.
 * @param finalValues the shared keys read back from the final leader, with their values.
 */
export function classifyUpdates(
  writes: readonly WriteRecord[],
  finalValues: Readonly<Record<string, string>>,
): UpdateFates {
  const byWrite = new Map<string, WriteRecord>();
  const ackedByKey = new Map<string, WriteRecord[]>();
  let acked = 0;
  let superseded = 0;
  for (const w of writes) {
    if (!w.shared) continue;
    byWrite.set(`${w.client}:${w.seq}`, w);
    if (w.outcome !== 'ack') continue;
    acked++;
    if (w.superseded) superseded++;
    const list = ackedByKey.get(w.shared) ?? [];
    list.push(w);
    ackedByKey.set(w.shared, list);
  }
  const regressed: RegressedKey[] = [];
  let unexplained = 0;
  let readBack = 0;
  for (const [key, updates] of ackedByKey) {
    const value = finalValues[key];
    let kept: WriteRecord | undefined;
    if (value !== undefined) {
      readBack++;
      const m = VALUE.exec(value);
      kept = m ? byWrite.get(`${m[1]}:${Number(m[2])}`) : undefined;
      if (!kept || kept.outcome !== 'ack') {
        unexplained++;
        continue;
      }
    }
    const after = kept?.doneAt ?? Number.NEGATIVE_INFINITY;
    const lost = updates.filter((u) => u !== kept && u.sentAt > after);
    if (lost.length === 0) continue;
    regressed.push({
      key,
      ...(kept ? { kept } : {}),
      lost: lost.length,
      lastLostAckedAt: Math.max(...lost.map((u) => u.doneAt)),
    });
  }
  regressed.sort((a, b) => b.lost - a.lost || (a.key < b.key ? -1 : 1));
  return {
    keys: ackedByKey.size,
    readBack,
    acked,
    superseded,
    lost: regressed.reduce((n, r) => n + r.lost, 0),
    regressed,
    unexplained,
  };
}

/**
 * How far the clock of the node that applied `w` was from the host's, ms
 * (its stamp against the middle of the write's round trip), or undefined
 * without a stamp.
 */
export function stampSkewMs(w: WriteRecord): number | undefined {
  return w.stamp === undefined ? undefined : Math.round(w.stamp - (w.sentAt + w.doneAt) / 2);
}

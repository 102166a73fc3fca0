import type { ProbeSample } from '../../../shared/lab-types';
import type { SampleTracker } from '../../../renderer/src/store/sample-trackers';

/**
 * How often the client's neighbour (ARP) entry for the VIP moved from one
 * MAC to another over the run as this window saw it. Each flip is the
 * client's traffic moving to another router (and an established connection
 * being reset).
 */
export interface NeighbourFlips {
  /** The MAC the entry pointed at in the newest sample that had one. */
  mac?: string;
  /** Moves from one MAC to another. */
  flips: number;
  /** Wall-clock ms of the newest flip. */
  lastFlipAt?: number;
  /** Time of the newest sample taken into account (older ones arriving late are ignored). */
  lastT: number;
}

/**
 * Takes one sample into account. Samples without a client, or whose client
 * has no complete entry (no MAC), change nothing: a missing entry is not a
 * move. Returns the same object when nothing changed, undefined until a
 * client with an entry has been seen.
 */
export function trackNeighbour(
  tracker: NeighbourFlips | undefined,
  sample: ProbeSample,
): NeighbourFlips | undefined {
  if (tracker && sample.t <= tracker.lastT) return tracker;
  const client = sample.nodes.find((n) => n.kind === 'vip-client');
  const mac = client?.role === 'client' ? client.vipNeighbour?.mac : undefined;
  if (mac === undefined) return tracker;
  if (!tracker) return { mac, flips: 0, lastT: sample.t };
  if (mac === tracker.mac) return { ...tracker, lastT: sample.t };
  return { mac, flips: tracker.flips + 1, lastFlipAt: sample.t, lastT: sample.t };
}

/** The flips over a list of samples (oldest first). */
export function neighbourFlipsOf(samples: readonly ProbeSample[]): NeighbourFlips | undefined {
  let tracker: NeighbourFlips | undefined;
  for (const s of samples) tracker = trackNeighbour(tracker, s);
  return tracker;
}

/**
 * The run's tracker of the client's neighbour entry (RunState.tracked). After
 * a snapshot, the samples it adds may hold flips this window missed: the
 * larger count is kept.
 */
export const neighbourTracker: SampleTracker<NeighbourFlips> = {
  key: 'vip-neighbour',
  track: trackNeighbour,
  merge: (live, rebuilt) => (rebuilt && (!live || rebuilt.flips > live.flips) ? rebuilt : live),
};

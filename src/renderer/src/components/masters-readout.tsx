import type { ProbeSample } from '../../../shared/lab-types';
import { mastersShown } from '../charts/chart-data';

/**
 * The headline's words per system (SystemViews.headline): Redis/PostgreSQL
 * nodes claiming master, routers in VRRP MASTER, lock workers that say they
 * hold the lock (etcd's status board), or Raft members that lead;
 * `leader` is the word in the chart's split marker.
 */
export const HEADLINE_WORDS = {
  nodes: {
    label: 'Nodes claiming master',
    one: 'one master: healthy',
    split: 'SPLIT BRAIN: more than one master',
    zero: 'no node claims master',
    unreadable: 'data node',
    leader: 'master',
  },
  routers: {
    label: 'Routers in MASTER',
    one: 'one MASTER: healthy',
    split: 'DUAL MASTER: more than one router in MASTER',
    zero: 'no router in MASTER',
    unreadable: 'router',
    leader: 'MASTER',
  },
  holders: {
    label: 'Workers that say they hold the lock',
    one: 'one holder: healthy',
    split: 'TWO HOLDERS: a worker acts on a lock it lost',
    zero: 'no worker holds the lock',
    unreadable: 'worker',
    leader: 'holder',
  },
  members: {
    label: 'Members that lead',
    one: 'one leader: healthy',
    split: 'TWO LEADERS: more than one member says it leads',
    zero: 'no member leads',
    unreadable: 'member',
    leader: 'leader',
  },
} as const;

/** Which words a system's headline uses. */
export type HeadlineWords = keyof typeof HEADLINE_WORDS;

/**
 * The headline tell in big type: how many data nodes claim master right now
 * (healthy = 1) in the system's words (`words`: routers in VRRP state
 * MASTER, Raft members that lead).
 * `?` (grey) when fewer than two were read and some could not be: not known, not 0.
 */
export function MastersReadout({
  sample,
  words: wordsOf = 'nodes',
  ended = false,
}: {
  sample: ProbeSample | undefined;
  words?: HeadlineWords;
  /**
   * The lab is stopped (or stopping): nothing claims anything any more. The
   * readout says so, greyed, with the last reading as history.
   */
  ended?: boolean;
}) {
  const words = HEADLINE_WORDS[wordsOf];
  if (ended) {
    const last = sample?.mastersClaimed;
    return (
      <section className="panel readout level-ended" data-testid="readout-ended">
        <div className="readout-label">{words.label}</div>
        <div
          className="readout-value mono"
          data-testid="masters-claimed"
          data-value=""
          data-ended="true"
        >
          –
        </div>
        <div className="readout-caption">lab stopped</div>
        {last !== undefined && (
          <div className="readout-last small" data-testid="masters-last">
            last reading: {last}
          </div>
        )}
      </section>
    );
  }
  const value = sample?.mastersClaimed;
  // Fewer than two read while some could not be read: the count is not known (never "0").
  const unknown = sample !== undefined && mastersShown(sample) === null;
  const level =
    value === undefined
      ? 'none'
      : unknown
        ? 'unknown'
        : value === 1
          ? 'ok'
          : value > 1
            ? 'split'
            : 'zero';
  const caption =
    value === undefined
      ? 'no samples yet'
      : unknown
        ? 'not known: some could not be read'
        : value === 1
          ? words.one
          : value > 1
            ? words.split
            : words.zero;
  return (
    <section className={`panel readout level-${level}`}>
      <div className="readout-label">{words.label}</div>
      <div
        className="readout-value mono"
        data-testid="masters-claimed"
        data-value={value ?? ''}
        data-unknown={unknown ? 'true' : undefined}
        aria-live="polite"
      >
        {unknown ? '?' : (value ?? '–')}
      </div>
      <div className="readout-caption">{caption}</div>
      {sample && sample.unknownNodes > 0 && (
        <div
          className="readout-unknown"
          data-testid="unknown-nodes"
          data-value={sample.unknownNodes}
        >
          {sample.unknownNodes} {words.unreadable}
          {sample.unknownNodes === 1 ? '' : 's'} unreadable
        </div>
      )}
    </section>
  );
}

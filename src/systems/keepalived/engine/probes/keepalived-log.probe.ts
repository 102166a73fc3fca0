import type { KeepalivedLogEvent } from '../../../../shared/scenario-types';
import type { ContainerRuntime } from '../../../../core/runtime/container-runtime';
import {
  followContainerLines,
  type FollowedNode,
  type LogFollow,
} from '../../../../core/probes/container-log-follow';

/** One keepalived log line that marks a VRRP state change or tell, attributed to its router. */
export interface KeepalivedLogLine {
  node: string;
  event: KeepalivedLogEvent;
  /** The line without keepalived's timestamp, e.g. `(dojo_vip) Entering MASTER STATE`. */
  line: string;
  /** When the engine read it, ms since epoch. */
  t: number;
}

/**
 * Patterns in keepalived 2.2.7's console log (`--log-console`, after the
 * timestamp), as measured in the lab image; checked in order, the first
 * match names the event. The wrapper's own notify lines (`dojo: VRRP
 * INSTANCE dojo_vip -> MASTER ...`) repeat the state changes and match none.
 */
const PATTERNS: readonly [KeepalivedLogEvent, RegExp][] = [
  ['entering-master', /^\(\S+\) Entering MASTER STATE/],
  ['entering-backup', /^\(\S+\) Entering BACKUP STATE/],
  ['entering-fault', /^\(\S+\) Entering FAULT STATE/],
  // `(dojo_vip) Received advert from 10.0.0.12 with lower priority 100, ours 150, forcing new election`
  [
    'lower-priority-advert',
    /Received advert from \S+ with lower priority \d+.*forcing new election/,
  ],
  // `(dojo_vip) Master received advert from 10.0.0.11 with higher priority 150, ours 100`
  ['higher-priority-advert', /received advert from \S+ with higher priority \d+/i],
  // `(dojo_vip): send advert error 1 (Operation not permitted)`
  ['advert-send-error', /send advert error/],
  ['started', /^Starting Keepalived v|^Startup complete$/],
  ['stopped', /^Stopping$|^Stopped( Keepalived v|$)/],
];

/** `Thu Dec  3 09:42:52 2026: (dojo_vip) x` -> `(dojo_vip) x`. */
function stripTimestamp(line: string): string {
  return line.replace(/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [\d:]{8} \d{4}: /, '').trim();
}

/**
 * The event a keepalived log line announces, or undefined for routine lines
 * (command line, config file, notices, the wrapper's notify lines). Pure.
 */
export function classifyKeepalivedLine(
  raw: string,
): { event: KeepalivedLogEvent; line: string } | undefined {
  const line = stripTimestamp(raw);
  for (const [event, re] of PATTERNS) if (re.test(line)) return { event, line };
  return undefined;
}

/** How long the same line from the same router counts as a repeat, ms (keepalived repeats some every advert). */
export const KEEPALIVED_REPEAT_WINDOW_MS = 5000;

/**
 * Drops repeats, per router: the same line again within `windowMs` of its
 * last showing (a MASTER logs `lower priority ..., forcing new election` and
 * a firewalled one `send advert error` every advert interval), and a
 * `started` or `stopped` right after another of the same kind (keepalived
 * says `Starting Keepalived` then `Startup complete`, `Stopping` then
 * `Stopped` then `Stopped Keepalived`: one event each). `t` in ms. Pure but
 * for its memory.
 */
export function keepalivedRepeatFilter(
  windowMs = KEEPALIVED_REPEAT_WINDOW_MS,
): (node: string, hit: { event: KeepalivedLogEvent; line: string }, t: number) => boolean {
  const lastSeen = new Map<string, number>();
  const lastEvent = new Map<string, KeepalivedLogEvent>();
  return (node, { event, line }, t) => {
    const key = `${node}\n${line}`;
    const seen = lastSeen.get(key);
    lastSeen.set(key, t);
    if (seen !== undefined && t - seen < windowMs) return false;
    const previous = lastEvent.get(node);
    lastEvent.set(node, event);
    return !((event === 'started' || event === 'stopped') && previous === event);
  };
}

/**
 * Follows keepalived's log (the router container's output, where the image's
 * wrapper sends it, also after `dojo-vrrp-router --start-keepalived`) of each
 * router from now on and reports the lines that mark a VRRP event, without
 * repeats (see keepalivedRepeatFilter). A restarted router is followed again
 * (see followContainerLines).
 */
export function followKeepalivedLogs(
  runtime: ContainerRuntime,
  routers: readonly FollowedNode[],
  onEvent: (l: KeepalivedLogLine) => void,
  retryMs = 1000,
): LogFollow {
  const fresh = keepalivedRepeatFilter();
  return followContainerLines(
    runtime,
    routers,
    (node, raw, t) => {
      const hit = classifyKeepalivedLine(raw);
      if (hit && fresh(node, hit, t)) onEvent({ node, ...hit, t });
    },
    retryMs,
  );
}

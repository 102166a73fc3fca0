import type { RaftLogEvent } from '../../../../shared/scenario-types';
import type { ContainerRuntime } from '../../../../core/runtime/container-runtime';
import {
  followContainerLines,
  type FollowedNode,
  type LogFollow,
} from '../../../../core/probes/container-log-follow';

/** One etcd log line that marks a Raft role or term change, attributed to its member. */
export interface RaftLogLine {
  node: string;
  event: RaftLogEvent;
  /** The term the line names, when it names one. */
  term?: number;
  /** The line without its timestamp, e.g. `raft: 4b2c... became leader at term 3`. */
  line: string;
  /** When the engine read it, ms since epoch. */
  t: number;
}

/** Patterns in etcd 3.4's raft log (capnslog or zap's message), checked in order. */
const PATTERNS: readonly [RaftLogEvent, RegExp][] = [
  ['stepped-down', /stepped down to follower since quorum is not active/i],
  ['pre-candidate', /became pre-candidate at term/i],
  ['candidate', /became candidate at term/i],
  ['leader', /became leader at term/i],
  ['follower', /became follower at term/i],
  ['lost-leader', /lost leader/i],
  ['elected', /elected leader/i],
];

/**
 * `raft2026/12/06 19:00:00 INFO: x` (the raft library's own logger) -> `raft: INFO: x`;
 * `2026-12-06 19:00:00.123456 I | raft: x` (capnslog) -> `raft: x`; a zap JSON line -> its `msg`.
 */
function lineText(raw: string): string {
  const t = raw.trim();
  if (t.startsWith('{')) {
    try {
      const doc = JSON.parse(t) as { msg?: unknown };
      if (typeof doc.msg === 'string') return doc.msg;
    } catch {
      // not zap's JSON: read it as text
    }
  }
  return t
    .replace(/^raft\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\s+/, 'raft: ')
    .replace(/^\d{4}-\d\d-\d\d[ T][\d:.]+\s+[A-Z]\s+\|\s+/, '');
}

/** The Raft event an etcd log line announces, with its term, or undefined for any other line. Pure. */
export function classifyRaftLine(
  raw: string,
): { event: RaftLogEvent; term?: number; line: string } | undefined {
  const line = lineText(raw);
  for (const [event, re] of PATTERNS) {
    if (!re.test(line)) continue;
    const m = /\bterm (\d+)/.exec(line);
    return { event, line, ...(m ? { term: Number(m[1]) } : {}) };
  }
  return undefined;
}

/**
 * Follows each member's etcd log (the container's output) from now on and
 * reports the lines that mark a Raft role or term change (see
 * followContainerLines: a restarted member is followed again).
 */
export function followRaftLogs(
  runtime: ContainerRuntime,
  nodes: readonly FollowedNode[],
  onLine: (l: RaftLogLine) => void,
  retryMs = 1000,
): LogFollow {
  return followContainerLines(
    runtime,
    nodes,
    (node, raw, t) => {
      const hit = classifyRaftLine(raw);
      if (hit) onLine({ node, ...hit, t });
    },
    retryMs,
  );
}

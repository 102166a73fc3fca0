import type { Action, CheckId, FaultSpec, Pace, ReplayRule } from './scenario-schema';
import {
  SYSTEM_EVENT_KINDS,
  type SystemEventBody,
  type SystemFinalHealthParts,
} from './system-traits';

export type * from './system-traits';
export { KEEPALIVED_EVENT_WORDS, RAFT_EVENT_LABELS } from './system-traits';

/** Outcome of one write attempt as the client saw it. */
export type WriteOutcome = 'ack' | 'fail' | 'timeout';

/** One write attempt of the workload (Jepsen-style history entry). */
export interface WriteRecord {
  /** Client name, e.g. `app-pinned`. */
  client: string;
  /** Per-client sequence number, from 1. */
  seq: number;
  /** The key written (unique per attempt), e.g. `dojo:w:app-pinned:000042`. */
  key: string;
  /** Node the client sent it to (name), or `none` when it had no connection. */
  node: string;
  /** ms since epoch, client clock (same host as the engine). */
  sentAt: number;
  /** ms since epoch of the reply or of the timeout. */
  doneAt: number;
  outcome: WriteOutcome;
  /** Error reply or reason (e.g. `READONLY ...`, `NOREPLICAS ...`, `ECONNREFUSED`). */
  error?: string;
  /**
   * Warning text the server attached to its reply (PostgreSQL: a commit whose
   * wait for synchronous replication was canceled reports success with a
   * WARNING: acknowledged, maybe not replicated). What the client was told.
   */
  warning?: string;
  /**
   * Requests through a VIP: the MAC the client's neighbour (ARP) entry for the VIP
   * pointed at when the request was sent (read from /proc/net/arp), i.e. the
   * router's interface the request went to. Absent when the client had no
   * complete entry. The router that answered is `node`; the two differ when
   * a router without the VIP forwards the request to the one with it.
   */
  via?: string;
  /**
   * Lock service: the fencing token the write carried (the revision of the
   * worker's lock in etcd); storage may refuse a token lower than the
   * highest it has accepted.
   */
  token?: number;
  /**
   * Shared-key workloads (`workload.sharedKeys`): the shared key this write
   * also updated, e.g. `dojo:s:007`.
   */
  shared?: string;
  /**
   * Shared-key workloads: the wall clock of the node that applied the write,
   * ms since epoch, as that node stamped the value (its own clock, skewed or
   * not; `sentAt` and `doneAt` are the host's).
   */
  stamp?: number;
  /**
   * Shared-key workloads: the node acknowledged the write but left the shared
   * key as it was, because the value there carried a newer stamp
   * (last-write-wins). The write's own key was written.
   */
  superseded?: boolean;
}

/** What became of a write once the final data was read back. */
export type WriteFate =
  'acked-present' | 'acked-lost' | 'failed' | 'indeterminate-present' | 'indeterminate-absent';

/** Ledger counts (live: no fates yet, so only outcomes; final: fates). */
export interface LedgerCounts {
  attempts: number;
  acked: number;
  failed: number;
  indeterminate: number;
  /** Present only after the read-back. */
  fates?: Record<WriteFate, number>;
  /**
   * Acknowledged writes present at the end only because a replay-export put
   * them back (their keys were added by a `replayed-keys` event); part of
   * the `acked-present` fate. Present only after the read-back.
   */
  recovered?: number;
  /** Node the read-back read from (the final master), when known. */
  readFrom?: string;
  /**
   * A ledger of answers (requests through a VIP: no data to read back, so no `fates`): answered requests
   * per router that answered them, e.g. `{ "router-1": 812, "router-2": 390 }`.
   */
  answeredBy?: Record<string, number>;
}

/** Directed reachability between lab members: `reach[from][to]` = packets from `from` arrive at `to`. */
export interface ReachabilityMatrix {
  members: string[];
  reach: Record<string, Record<string, boolean>>;
}

/** A verdict, Jepsen-style: true / false / unknown. */
export type Verdict = 'pass' | 'fail' | 'unknown';

export interface CheckResult {
  check: CheckId;
  verdict: Verdict;
  weight: number;
  /** Share of the weight earned, 0..1 (1 for a pass, 0 for fail/unknown, between for a band). */
  credit: number;
  /** One or two sentences: why this verdict, with the figures. */
  why: string;
  /** Figures behind it (seconds, counts), for the debrief and tests. */
  figures?: Record<string, number | string | boolean>;
  /** The scenario marks this check as carrying its lesson: a fail fails the attempt. */
  required?: boolean;
}

export interface GradeResult {
  /** 0..100: sum of weight x credit over the total weight. */
  score: number;
  passMark: number;
  /** Score at or above the pass mark and no required check failed. */
  passed: boolean;
  checks: CheckResult[];
  /** Required checks that failed (each alone makes the attempt not passed); absent when none. */
  requiredFailed?: CheckId[];
}

/**
 * Final health of the lab when the scenario ended (read from the nodes
 * themselves): the common fields, and the system's own part
 * (SystemFinalHealthParts).
 */
export interface FinalHealth extends SystemFinalHealthParts {
  /** Data nodes that claim the leader's role (Redis `role:master`, PostgreSQL out of recovery, VRRP MASTER, a Raft leader). */
  masters: string[];
  /** Followers of the agreed leader that are caught up with it (link up, nothing left to replay). */
  replicasCaughtUp: string[];
  replicasExpected: number;
  /** The leader each coordinator names (a sentinel's master, an etcd member's leader-key holder...), by coordinator: a node name or `?`. */
  coordinatorViews: Record<string, string>;
  /** Whether the coordinators are whole and agree, in the system's own test (its final-health part says which). */
  coordinationOk: boolean;
  /** Faults and fences still in place. */
  activeFaults: string[];
  activeFences: string[];
  /**
   * Lab settings read back from the nodes themselves, by setting name (a
   * lab setting's name, e.g. `quorum`), then node: the value the node
   * reports, or null for a node that should hold it and gave no reading.
   * Only the settings the system's lab reads back (config-fixed takes the
   * others from the run's start settings); empty when it reads none.
   */
  settingsReadBack: Record<string, Record<string, number | boolean | null>>;
}

/** Scenario-level history events (extend the run history; see run-events.ts). */
export type ScenarioEventBody =
  | {
      kind: 'scenario';
      scenarioId: string;
      seed: number;
      /** Lab settings in force (numbers, and booleans such as synchronousMode). */
      settings: Record<string, number | boolean>;
      responseName?: string;
      /** The pace played (absent in older histories: `fast`, the only pace then). */
      pace?: Pace;
      /** The scenario ends by itself this long after this event, ms (the paced time limit). */
      timeLimitMs?: number;
      /** Who played (the name the trainee gave), if any. */
      player?: string;
    }
  | {
      kind: 'fault';
      faultId: string;
      phase: 'inject' | 'revert';
      spec: FaultSpec;
      detail?: string;
      /** Scheduled faults: when the schedule meant the injection to begin, ms after the scenario start. */
      dueMs?: number;
      /**
       * When the injection (or the revert) began, ms after the scenario start. The
       * event itself is when it finished: the change can take effect anywhere between.
       */
      startedMs?: number;
    }
  | {
      kind: 'action';
      action: Action;
      /** Who did it: the palette, a console, a scripted response, an instructor, or the engine itself. */
      source: 'palette' | 'console' | 'script' | 'instructor' | 'engine';
      ok: boolean;
      detail?: string;
      /**
       * When the move was issued, ms since epoch: the click reached the engine,
       * or the scripted step started. The event's own `t` is when the engine
       * finished it (it took effect, or failed): `t - issuedAt` is the engine's
       * latency, not the trainee's time. Absent in older histories (then `t`).
       */
      issuedAt?: number;
      /** ms the move waited for an earlier move of the same node to finish before the engine began it. */
      queuedMs?: number;
      /** A scripted step that started late: why (it waited for the step before it, or the engine was busy). */
      late?: string;
    }
  | { kind: 'console-line'; node: string; line: string; source: 'console' | 'script' }
  | { kind: 'writes'; records: WriteRecord[] }
  /** An event of the system's own stream (each system defines its kinds: see SystemEventBody). */
  | SystemEventBody
  | { kind: 'reachability'; matrix: ReachabilityMatrix; reason: string }
  /**
   * A hint shown: the scenario's, on time or because the trainee asked for
   * one (`requested`); or one the facilitator of a game day sent
   * (`from: 'facilitator'`, index -1).
   */
  | { kind: 'hint'; index: number; text: string; requested?: boolean; from?: 'facilitator' }
  /**
   * A note on the run's timeline: what the trainee thinks or does ("redis-1
   * looks stale, fencing it"), or the facilitator's annotation. Not graded;
   * shown on the timeline and in the debrief beside the moves.
   */
  | { kind: 'note'; author: 'trainee' | 'facilitator'; name?: string; text: string }
  /**
   * Keys (or rows) of a node saved by export-keys: `file` is the path on the
   * engine's machine, `name` the file's name for `getArtifact` (download).
   */
  | { kind: 'exported-keys'; node: string; keys: number; file?: string; name?: string }
  /**
   * A saved export of `node` replayed onto `target` (replay-export) under
   * `rule`: `added` keys the target lacked (their names in `addedKeys`,
   * the writes the ledger counts as recovered), `overwritten` keys whose
   * value the export replaced, `kept` keys where the target's value stayed,
   * `removed` workload keys the target held and the export lacked, deleted
   * (replace-all). `name` is the export file's name.
   */
  | {
      kind: 'replayed-keys';
      node: string;
      target: string;
      rule: ReplayRule;
      added: number;
      overwritten: number;
      kept: number;
      removed: number;
      addedKeys: string[];
      name?: string;
    }
  | { kind: 'final-health'; health: FinalHealth }
  | {
      kind: 'ledger';
      counts: LedgerCounts;
      /** Keys of acknowledged writes that were lost (the first 200). */
      lostKeys: string[];
      /**
       * When each lost acknowledged write was acknowledged, ms since epoch,
       * in order (all of them): grading tells the trainee's share of the loss
       * from the machine's. Absent in older histories.
       */
      lostAckedAt?: number[];
      /**
       * Lost acknowledged writes by the node that acknowledged them (all of
       * them): a stale leader's share tells whether its writes were put
       * back. Absent in older histories.
       */
      lostByNode?: Record<string, number>;
      /**
       * Shared-key workloads: every shared key the final leader holds, with
       * its value (`<client>:<seq>:<stamp>`), read back with the rest: what
       * newest-update-kept judges. Absent without shared keys.
       */
      shared?: Record<string, string>;
    }
  /**
   * The first tell of the split reached the trainee's screen: the moment the
   * time-based checks and the debrief count from (the same one), recorded as
   * it happened so the run view names it too. `tell` is its kind
   * (`masters-claimed`, `sentinels-moved`...), `detail` one sentence,
   * `at` the sample's time and `shownAt` when it reached the screen (ms since
   * the epoch).
   */
  | { kind: 'tell-shown'; tell: string; detail: string; at: number; shownAt: number }
  | { kind: 'grade'; result: GradeResult };

/** The kinds of scenario events (the run history beyond a plain lab run). */
export const SCENARIO_EVENT_KINDS: ReadonlySet<string> = new Set<ScenarioEventBody['kind']>([
  'scenario',
  'fault',
  'action',
  'console-line',
  'writes',
  ...SYSTEM_EVENT_KINDS,
  'reachability',
  'hint',
  'note',
  'exported-keys',
  'replayed-keys',
  'final-health',
  'ledger',
  'tell-shown',
  'grade',
]);

import type { Action, CheckId, FaultSpec, Pace, ReplayRule } from './scenario-schema';

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
   * keepalived lab: the MAC the client's neighbour (ARP) entry for the VIP
   * pointed at when the request was sent (read from /proc/net/arp), i.e. the
   * router's interface the request went to. Absent when the client had no
   * complete entry. The router that answered is `node`; the two differ when
   * a router without the VIP forwards the request to the one with it.
   */
  via?: string;
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
   * keepalived lab (no data to read back, so no `fates`): answered requests
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

/** Final health of the lab when the scenario ended (read from the nodes themselves). */
export interface FinalHealth {
  /** Data nodes answering role:master. */
  masters: string[];
  /** Replicas following the agreed master with link up and offset caught up. */
  replicasCaughtUp: string[];
  replicasExpected: number;
  /** The master each sentinel names (node name or `?`). */
  sentinelViews: Record<string, string>;
  ckquorumOk: boolean;
  /** Faults and fences still in place. */
  activeFaults: string[];
  activeFences: string[];
  /** Sentinel settings read back from each sentinel, e.g. quorum. */
  sentinelQuorum: Record<string, number>;
  /** min-replicas-to-write read back from each data node. */
  minReplicasToWrite: Record<string, number>;
  /**
   * Patroni lab only (absent for Redis). The Redis-shaped fields above then
   * mean: `masters` = nodes where `pg_is_in_recovery()` is false (postgres's
   * own view); `replicasCaughtUp` = replicas streaming from that master, on
   * its timeline, with replay lag 0; `sentinelViews` = the leader key holder
   * each etcd member reports (`?` = no key or no answer), so "every
   * coordinator names the master" reads the same; `ckquorumOk` = every etcd
   * member answered and the leader key is held; `sentinelQuorum` and
   * `minReplicasToWrite` are empty.
   */
  patroni?: PatroniFinalHealth;
  /**
   * keepalived lab only. The Redis-shaped fields above then mean: `masters` =
   * routers in VRRP state MASTER; `replicasCaughtUp` = routers in BACKUP,
   * without the VIP, whose adverts-received counter rose while the final
   * health was read (they hear the master); `replicasExpected` = 1;
   * `sentinelViews` = the client node's neighbour entry (`client` -> the
   * router its MAC belongs to, `?` when none); `ckquorumOk` = one MASTER
   * holds the VIP and its MAC is the only one answering ARP for it.
   */
  keepalived?: KeepalivedFinalHealth;
  /**
   * etcd (Raft) lab only. The Redis-shaped fields above then mean: `masters`
   * = members that say they lead; `replicasCaughtUp` = members following the
   * single leader in its term with their applied index within a few entries
   * of its; `sentinelViews` = the leader each member names (`?` = none or no
   * answer); `ckquorumOk` = every member answered and all name the same
   * leader in the same term; `sentinelQuorum` and `minReplicasToWrite` are empty.
   */
  raft?: RaftFinalHealth;
}

/** What the etcd (Raft) lab looked like at the end of a scenario (see FinalHealth.raft). */
export interface RaftFinalHealth {
  /** The Raft term per member that answered. */
  terms: Record<string, number>;
  /** The applied index per member that answered. */
  appliedIndexes: Record<string, number>;
  /** Members that did not answer (member -> why): unknown, never counted as a problem of theirs. */
  unreadable?: Record<string, string>;
}

/** What the keepalived lab looked like at the end of a scenario (see FinalHealth.keepalived). */
export interface KeepalivedFinalHealth {
  /** Routers with the VIP on their interface (`ip addr`). */
  vipHolders: string[];
  /** The MACs the client saw answer ARP for the VIP, named by router (the MAC itself when no router's). */
  arpAnswerers: string[];
  /** The router the client's neighbour entry for the VIP points at (absent: no entry or an unknown MAC). */
  neighbourRouter?: string;
  /** The router that answered the client node's last HTTP GET of the VIP. */
  httpResponder?: string;
  /** Whether keepalived runs, per router. */
  keepalivedRunning: Record<string, boolean>;
  /** VRRP state per router as keepalived reports it (`unknown` = silent). */
  vrrpStates: Record<string, string>;
  /** virtual_router_id per router, from keepalived's own dump (a mismatch = two separate VRRP groups). */
  virtualRouterIds: Record<string, number>;
  /**
   * Routers whose state agent could not be read when the final health was
   * taken (router -> why, e.g. `timeout`). Such a router is unknown, not
   * negative: it is in no list above, has no `keepalivedRunning` or
   * `virtualRouterIds` entry, and its `vrrpStates` entry is `unreadable`.
   * Absent when every router was read.
   */
  unreadable?: Record<string, string>;
  /**
   * Why the client node could not be read (absent when it was): then
   * `arpAnswerers`, `neighbourRouter` and `httpResponder` are not known,
   * rather than empty.
   */
  clientUnreadable?: string;
}

/**
 * What a keepalived log line says happened on a router: it entered a VRRP
 * state (`entering-master`, `entering-backup`, `entering-fault`); as MASTER it
 * heard a lower-priority advert and forced a new election (the peer also
 * claims MASTER but cannot hear us); it heard a higher-priority advert and
 * steps down; sending its advert failed (a local firewall drops it);
 * keepalived started or stopped.
 */
export type KeepalivedLogEvent =
  | 'entering-master'
  | 'entering-backup'
  | 'entering-fault'
  | 'lower-priority-advert'
  | 'higher-priority-advert'
  | 'advert-send-error'
  | 'started'
  | 'stopped';

/** How each keepalived log event reads, in the run view's event list and the debrief's timeline. */
export const KEEPALIVED_EVENT_WORDS: Readonly<Record<KeepalivedLogEvent, string>> = {
  'entering-master': 'entering MASTER',
  'entering-backup': 'entering BACKUP',
  'entering-fault': 'entering FAULT',
  'lower-priority-advert': 'lower-priority advert: forcing election',
  'higher-priority-advert': 'higher-priority advert',
  'advert-send-error': 'advert send error',
  started: 'keepalived started',
  stopped: 'keepalived stopped',
};

/** What the Patroni lab looked like at the end of a scenario (see FinalHealth.patroni). */
export interface PatroniFinalHealth {
  /** Holder of the leader key in etcd, when any member answered with one. */
  leaderKeyHolder?: string;
  /** The master's timeline (postgres's view). */
  leaderTimeline?: number;
  /** Timeline per PostgreSQL node that answered. */
  timelines: Record<string, number>;
  /** Role per node as Patroni's REST API reports it (`unknown` = silent). */
  patroniRoles: Record<string, string>;
  /** Whether any node reports maintenance mode (`patronictl pause`) still on. */
  maintenanceMode: boolean;
  /** synchronous_mode as configured for the run. */
  synchronousMode: boolean;
  /** The synchronous standby the master reports, if any. */
  syncStandby?: string;
}

/**
 * What a Patroni log line says happened: `promoted` (this node took the
 * leader key), `demoting` (it gives up the primary role), `dcs-unreachable`
 * (it cannot reach etcd), `rewind` (pg_rewind of its data), `following` (it
 * runs as a replica of a leader), `no-action-paused` (maintenance mode:
 * Patroni does nothing), `lock-lost` (another node holds the lock while this
 * one ran as primary).
 */
export type PatroniLogEvent =
  | 'promoted'
  | 'demoting'
  | 'dcs-unreachable'
  | 'rewind'
  | 'following'
  | 'no-action-paused'
  | 'lock-lost';

/**
 * What an etcd member's log line says happened in Raft: `leader` (it became
 * leader), `candidate` / `pre-candidate` (its election timer fired and it
 * campaigns; a pre-candidate asks first whether it could win), `follower`
 * (it follows, or stepped down to follower), `stepped-down` (a leader that
 * heard from no majority for an election timeout gave up), `lost-leader` (it
 * no longer knows a leader), `elected` (it learnt of a new leader).
 */
export type RaftLogEvent =
  | 'leader'
  | 'candidate'
  | 'pre-candidate'
  | 'follower'
  | 'stepped-down'
  | 'lost-leader'
  | 'elected';

/** How each Raft log event reads, in the run view's event list and the debrief's timeline. */
export const RAFT_EVENT_LABELS: Readonly<Record<RaftLogEvent, string>> = {
  leader: 'became leader',
  candidate: 'started an election',
  'pre-candidate': 'asked whether it could win an election',
  follower: 'became follower',
  'stepped-down': 'stepped down: no majority heard',
  'lost-leader': 'lost its leader',
  elected: 'learnt of a new leader',
};

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
  | { kind: 'sentinel-event'; sentinel: string; channel: string; message: string }
  /** A line of a Patroni node's log that marks a role change (see PatroniLogEvent). */
  | { kind: 'patroni-event'; node: string; event: PatroniLogEvent; line: string }
  /** A line of an etcd member's log that marks a Raft role or term change (see RaftLogEvent). */
  | { kind: 'raft-event'; node: string; event: RaftLogEvent; term?: number; line: string }
  /** A line of a router's keepalived log that marks a state change or a VRRP tell (see KeepalivedLogEvent). */
  | { kind: 'keepalived-event'; node: string; event: KeepalivedLogEvent; line: string }
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
    }
  | { kind: 'grade'; result: GradeResult };

/** The kinds of scenario events (the run history beyond a plain lab run). */
export const SCENARIO_EVENT_KINDS: ReadonlySet<string> = new Set<ScenarioEventBody['kind']>([
  'scenario',
  'fault',
  'action',
  'console-line',
  'writes',
  'sentinel-event',
  'patroni-event',
  'keepalived-event',
  'raft-event',
  'reachability',
  'hint',
  'note',
  'exported-keys',
  'replayed-keys',
  'final-health',
  'ledger',
  'grade',
]);

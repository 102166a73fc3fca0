import { z } from 'zod';
import { nodeName, type TraineeSettingForm } from '../../../shared/schema-parts';

/**
 * etcd (Raft)'s own parts of the scenario file format: its lab settings, its
 * tells and its move (move-leader). The lab is a plain etcd 3.4 cluster of 3
 * or 5 members whose data is the workload's keys: the consensus itself is
 * what a trainee watches, not a database managed by it.
 */

/** Settings of the etcd (Raft) lab a scenario may set (see engine/lab/etcd-raft-config.ts). */
export const etcdRaftSettingsSchema = z
  .object({
    /** Cluster size: 3 or 5 members. */
    members: z
      .union([
        z
          .literal(3)
          .describe('raft-1 to raft-3: one member may be lost and the cluster still commits.'),
        z
          .literal(5)
          .describe('raft-1 to raft-5: two members may be lost and the cluster still commits.'),
      ])
      .optional()
      .describe(
        'etcd (Raft) lab: the number of members, 3 or 5; default 3. A majority (2 of 3, 3 of 5) must agree on every write and every election.',
      ),
    /** etcd's --pre-vote (off by default in etcd 3.4). */
    preVote: z
      .boolean()
      .optional()
      .describe(
        "etcd (Raft) lab: etcd's --pre-vote (default false, as etcd 3.4 ships). Off, a member cut off from the others raises its term at every election timeout and, when it comes back, forces the healthy leader to step down for a new election; on, it asks first whether it could win and keeps its term.",
      ),
    /** etcd's --election-timeout, ms. */
    electionMs: z
      .number()
      .int()
      .min(500)
      .max(10_000)
      .optional()
      .describe(
        "etcd (Raft) lab: etcd's --election-timeout in ms, 500-10000; default 1000. A follower that hears no heartbeat for this long starts an election; a leader that hears from no majority for this long steps down.",
      ),
  })
  .strict()
  .describe('Settings of the etcd (Raft) lab; the lab always starts with raft-1 leading.');
export type EtcdRaftSettingsInput = z.infer<typeof etcdRaftSettingsSchema>;

/**
 * etcd (Raft): hand the leadership to another member (`etcdctl
 * move-leader`), run through the current leader. Refused when no member
 * leads or the target is not a voting member that is caught up.
 */
export const moveLeaderActionSchema = z
  .object({
    kind: z
      .literal('move-leader')
      .describe(
        'etcd (Raft): hands the leadership to the member named (etcdctl move-leader through the current leader): a planned transfer, no election timeout. Refused when no member leads, or when the target is cut off or behind.',
      ),
    node: nodeName.describe('The member that should lead next (raft-1 ... raft-5).'),
  })
  .strict();

/** etcd (Raft)'s own tells (scenario `tells`), each with its description. */
export const ETCD_RAFT_TELL_DOCS = {
  'raft-terms':
    "etcd (Raft) lab: each member's Raft term over time; an election raises it, and a member cut off without pre-vote raises its own again and again.",
  'raft-members':
    'etcd (Raft) lab: per member, its Raft state (leader, follower, candidate), the leader it follows, its term, and how many log entries its key space is behind the highest commit index any member reports (what a serializable read there would miss).',
  'raft-events':
    "etcd (Raft) lab: the members' own log lines for elections: became leader, lost leader, elected leader, stepped down.",
} as const;

/** etcd (Raft)'s own grading checks (none yet: its scenarios use the generic ones). */
export const ETCD_RAFT_CHECK_DOCS = {} as const;

/** etcd (Raft)'s part of the scenario format, as the shared registry (system-traits.ts) composes it. */
export const etcdRaftSchemaParts = {
  summary:
    'etcd (Raft): an etcd 3.4 cluster of raft-1 to raft-3 (or raft-5) holding the workload keys itself, raft-1 leading at the start.',
  settings: etcdRaftSettingsSchema,
  settingOrder: {},
  traineeSettings: {
    electionMs: {
      type: 'number',
      label: 'election timeout',
      min: 500,
      max: 10_000,
      unit: 'ms',
    },
    preVote: {
      type: 'boolean',
      label: 'pre-vote',
      title:
        'A member asks whether it could win before it starts an election, so one cut off keeps its term and rejoins without deposing the leader',
    },
  } satisfies Record<string, TraineeSettingForm>,
  clientModes: {
    pinned: 'writes to the first of its hosts (default the leader at the start) whatever happens.',
    'multi-host':
      "writes through one of its hosts and moves to the next after an error or timeout, as etcd's own client does.",
  },
  faults: [] as const,
  actions: [moveLeaderActionSchema] as const,
  checkDocs: ETCD_RAFT_CHECK_DOCS,
  tellDocs: ETCD_RAFT_TELL_DOCS,
};

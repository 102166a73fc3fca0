import { z } from 'zod';
import { enumWithDocs, nodeName } from './schema-parts';

/**
 * Reconciliation (FP-016's short-term fix): putting a stale leader's saved
 * writes back onto the node that kept the truth. The scenario file's part of
 * it: the replay-export move and its conflict rules.
 */

/** How a replay settles a key both the export and the authoritative node hold. */
export const REPLAY_RULE_DOCS = {
  'keep-authoritative':
    "Only keys the authoritative node lacks are written; where both hold a key, the authoritative node's value stays. The safe default.",
  'keep-newer':
    'Last write wins: where both hold a key, the value written later (by the timestamp the workload stores in it) is kept. Only as good as the clocks that stamped the values.',
  'replace-all':
    "The export becomes the dataset: every exported key is written over the authoritative node's value, and workload keys the export lacks are deleted. Restores the stale side's history and throws away the other side's.",
} as const;

export const replayRuleSchema = enumWithDocs(
  REPLAY_RULE_DOCS,
  'How the replay settles a key both sides hold (default keep-authoritative).',
);
export type ReplayRule = z.infer<typeof replayRuleSchema>;

/** Replays the latest export of a node onto the node the coordinators agree is the master. */
export const replayExportActionSchema = z
  .object({
    kind: z
      .literal('replay-export')
      .describe(
        "Writes the workload writes the node's latest export (export-keys) saved onto the node the cluster agrees leads (the master a majority of the sentinels names, or the leader whose postgres is not in recovery), in one step under a conflict rule; the writes it puts back count as recovered in the ledger. Refused without an export, on the leader itself, or when no leader is agreed.",
      ),
    node: nodeName.describe('The node whose saved writes are replayed, usually the stale leader.'),
    rule: replayRuleSchema.optional(),
  })
  .strict();
export type ReplayExportAction = z.infer<typeof replayExportActionSchema>;

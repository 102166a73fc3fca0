import { z } from 'zod';
import {
  durationSchema,
  faultDuration,
  faultId,
  faultTimingSchema,
  nodeName,
} from './schema-parts';

/**
 * The grey failure's fault: a node that is not down but slow. Loses a share
 * of the packets that reach it (iptables' statistic match, inside its network
 * namespace) and/or has its CPU starved (docker update --cpus), reaching full
 * strength over a ramp, as a failing disk or a noisy neighbour does.
 */
export const degradeFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('degrade')
      .describe(
        "Makes a node slow, not dead (grey failure): drops a share of the packets reaching it and/or starves its CPU, reaching full strength over the ramp. Its heartbeats and answers come late or not at all; the revert lifts both. Any system's node; at least one of loss and cpus.",
      ),
    node: nodeName.describe('The node to degrade, e.g. pg-1.'),
    loss: z
      .number()
      .min(0.01)
      .max(0.95)
      .optional()
      .describe(
        'Share of the packets arriving at the node that are dropped at random, 0.01-0.95 (iptables -m statistic --mode random; loopback untouched). TCP retransmits, so answers come late rather than never.',
      ),
    cpus: z
      .number()
      .min(0.01)
      .max(4)
      .optional()
      .describe(
        "CPU the node's processes may use, in CPUs, 0.01-4 (docker update --cpus): 0.05 is 5 % of one CPU, enough to answer, too little to answer on time.",
      ),
    ramp: durationSchema
      .optional()
      .describe(
        'How long the degradation takes to reach full strength, in steps about every 2 s, a duration like 20s; absent: at once.',
      ),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict()
  .refine((s) => s.loss !== undefined || s.cpus !== undefined, {
    message: 'a degrade fault needs loss, cpus or both',
    path: ['loss'],
  });

import type { FaultContext, LabMember } from '../faults/fault-types';
import { applyRules, deleteTaggedRules, listFilterRules } from '../faults/iptables';
import {
  CLIENT_FENCE_TAG,
  FENCE_CHAIN,
  clientFenceExceptionRule,
  clientFenceRule,
  fenceRules,
  type IptablesRule,
} from '../faults/iptables-rules';
import { SYSTEM_TRAITS, systemOfLab } from '../../shared/system-traits';
import type { NodeActionResult } from './node-action-types';

/**
 * The TCP port the workload's clients use on a node of this kind (its
 * system's SystemTraits.clientPorts: PostgreSQL 5432, Redis 6379...).
 * Throws, naming the kind, for a kind that takes no client fence.
 */
export function clientPortOf(node: Pick<LabMember, 'kind'>): number {
  const kind = node.kind === 'client' ? undefined : node.kind;
  const system = kind ? systemOfLab('', [kind]) : undefined;
  const port = kind && system ? SYSTEM_TRAITS[system].clientPorts[kind] : undefined;
  if (port === undefined) throw new Error(`a ${node.kind} node has no client port to fence`);
  return port;
}

/** The workload client members of the run. */
export function clientMembers(ctx: FaultContext): LabMember[] {
  return [...ctx.members.values()].filter((m) => m.kind === 'client');
}

/**
 * The rules of a node's client fence: the cluster's own members (replicas,
 * sentinels, etcd), the gateway the engine's probes arrive from and the
 * node's loopback go on; every other TCP connection to the client port is
 * reset. In that order (iptables appends them so).
 */
export function clientFenceRules(ctx: FaultContext, node: LabMember): IptablesRule[] {
  const port = clientPortOf(node);
  const cluster = [...ctx.members.values()].filter((m) => m.kind !== 'client' && m !== node);
  return [
    clientFenceExceptionRule('loopback', port),
    ...cluster.map((m) => clientFenceExceptionRule(m.ipv4, port)),
    ...(ctx.gateway ? [clientFenceExceptionRule(ctx.gateway, port)] : []),
    clientFenceRule(port),
  ];
}

/**
 * Fences a node from its clients: every TCP connection to the node's client
 * port is reset (DOJO-FENCE), from the workload's clients and from any
 * client the lab did not start, which also breaks established connections
 * at their next packet. The cluster itself still passes: its other members
 * (sentinels, replicas — a PostgreSQL standby streams from its own address —,
 * etcd), the node's other ports (a postgres node manager's REST API, 8008)
 * and the engine's probes (via the gateway).
 * Works on a paused node (fencing a zombie before it wakes up).
 */
export async function isolateClients(
  ctx: FaultContext,
  node: LabMember,
): Promise<NodeActionResult> {
  const port = clientPortOf(node);
  const outcome = await applyRules(ctx, node, clientFenceRules(ctx, node));
  const names = clientMembers(ctx).map((c) => c.name);
  if (outcome.status === 'applied') {
    return {
      ok: true,
      detail: `${node.name} rejects every client on port ${port}, the cluster's own members excepted${outcome.via === 'helper' ? ' (applied while paused)' : ''}`,
      clients: names,
    };
  }
  const why = outcome.status === 'failed' ? outcome.error : `the node is ${outcome.status}`;
  return { ok: false, detail: `could not fence ${node.name}: ${why}`, clients: names };
}

/** Removes the client fence of a node (nothing in place = success). */
export async function unisolateClients(
  ctx: FaultContext,
  node: LabMember,
): Promise<NodeActionResult> {
  const outcome = await deleteTaggedRules(ctx, node, FENCE_CHAIN, CLIENT_FENCE_TAG);
  const names = clientMembers(ctx).map((c) => c.name);
  if (outcome.status === 'failed') {
    return {
      ok: false,
      detail: `could not remove the fence of ${node.name}: ${outcome.error}`,
      clients: names,
    };
  }
  const note =
    outcome.status === 'applied' ? '' : ` (the node is ${outcome.status}: no rules to remove)`;
  return { ok: true, detail: `${node.name} accepts clients again${note}`, clients: names };
}

/** A rule that filters traffic in a member, outside the engine's partitions and probes. */
export interface ActiveFence {
  node: string;
  /** The rule as `iptables -S` prints it, e.g. `-A DOJO-FENCE -s 10.1.2.31/32 -p tcp ... -j REJECT ...`. */
  rule: string;
  /** True for the palette's isolate-clients fence; false for rules typed by hand in a console. */
  palette: boolean;
}

/** Fences read back from every member, and the members that could not be read. */
export interface FenceReadout {
  fences: ActiveFence[];
  /** Member -> why its rules could not be read (stopped members have none and are not listed). */
  unreadable: Record<string, string>;
}

/**
 * Reads every member's filter table and returns what fences traffic: the
 * palette's DOJO-FENCE rules and anything the trainee added by hand (rules
 * in INPUT/OUTPUT, a DROP policy). Partition and probe rules are not fences.
 * Paused members are read through a helper container.
 */
export async function readFences(ctx: FaultContext): Promise<FenceReadout> {
  const members = [...ctx.members.values()];
  const reads = await Promise.all(members.map((m) => listFilterRules(ctx, m)));
  const fences: ActiveFence[] = [];
  const unreadable: Record<string, string> = {};
  reads.forEach(({ outcome, lines }, i) => {
    const node = members[i]?.name ?? '?';
    if (outcome.status === 'failed') unreadable[node] = outcome.error ?? 'failed';
    for (const rule of fenceRules(lines.join('\n'))) {
      fences.push({ node, rule, palette: rule.includes(`"${CLIENT_FENCE_TAG}"`) });
    }
  });
  return { fences, unreadable };
}

/**
 * The fences in place (see readFences), one line each, `node: rule`, as
 * FinalHealth.activeFences holds them. Members that could not be read are
 * listed as `node: (unreadable: why)` so a check never mistakes them for clean.
 */
export async function activeFences(ctx: FaultContext): Promise<string[]> {
  const { fences, unreadable } = await readFences(ctx);
  return [
    ...fences.map(describeFence),
    ...Object.entries(unreadable).map(([node, why]) => `${node}: (unreadable: ${why})`),
  ];
}

/** `redis-1: -A DOJO-FENCE ...` for FinalHealth.activeFences. */
export function describeFence(f: ActiveFence): string {
  return `${f.node}: ${f.rule}`;
}

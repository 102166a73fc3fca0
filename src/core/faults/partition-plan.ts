import type { LabMember } from './fault-types';
import { faultTag, partitionRule, type IptablesRule } from './iptables-rules';

/** Direction of a partition, seen from the first group (see partitionFaultSchema). */
export type PartitionDirection = 'both' | 'inbound' | 'outbound';

/** The rules one member gets for a partition. */
export interface MemberRules {
  member: string;
  rules: IptablesRule[];
}

/** A directed pair: packets from `from` should not reach `to`. */
export interface CutPair {
  from: string;
  to: string;
}

/** Which rules go where, and which directed pairs they cut. */
export interface PartitionPlan {
  perMember: MemberRules[];
  /** Every directed pair the partition must cut. */
  cuts: CutPair[];
}

/**
 * Plans a partition between two groups of members.
 *
 * - `both`: every member of both groups drops what comes from, and what goes
 *   to, the other group. Either side alone would cut the pair; both sides
 *   make it hold even when one side cannot take rules (a client image without
 *   iptables) and keep it silent on both ends.
 * - `inbound`: the first group's members drop what arrives from the others;
 *   nothing changes on the others, so their packets leave and are lost, while
 *   the first group's packets still arrive (truly one-way at the packet level).
 * - `outbound`: the first group's members drop what they send to the others.
 *
 * For TCP a one-way cut behaves like a full one (handshakes and ACKs need
 * both directions); it shows as one-way only to datagrams.
 */
export function planPartition(
  faultId: string,
  groupA: LabMember[],
  groupB: LabMember[],
  direction: PartitionDirection,
): PartitionPlan {
  const names = new Set<string>();
  for (const m of [...groupA, ...groupB]) {
    if (names.has(m.name)) throw new Error(`member "${m.name}" is in both groups (or twice)`);
    names.add(m.name);
  }
  if (groupA.length === 0 || groupB.length === 0) throw new Error('both groups need a member');
  const tag = faultTag(faultId);
  const cutFrom = (self: LabMember[], others: LabMember[], inbound: boolean, outbound: boolean) =>
    self.map((m) => ({
      member: m.name,
      rules: [
        ...(inbound ? others.map((o) => partitionRule('in', o.ipv4, tag)) : []),
        ...(outbound ? others.map((o) => partitionRule('out', o.ipv4, tag)) : []),
      ],
    }));
  const pairs = (from: LabMember[], to: LabMember[]): CutPair[] =>
    from.flatMap((f) => to.map((t) => ({ from: f.name, to: t.name })));

  switch (direction) {
    case 'both':
      return {
        perMember: [...cutFrom(groupA, groupB, true, true), ...cutFrom(groupB, groupA, true, true)],
        cuts: [...pairs(groupA, groupB), ...pairs(groupB, groupA)],
      };
    case 'inbound':
      return { perMember: cutFrom(groupA, groupB, true, false), cuts: pairs(groupB, groupA) };
    case 'outbound':
      return { perMember: cutFrom(groupA, groupB, false, true), cuts: pairs(groupA, groupB) };
  }
}

/**
 * The planned cuts that no member holding rules covers: a rule `in` from P on
 * member M cuts P -> M, a rule `out` to P on M cuts M -> P. `holding` are the
 * members whose rules are in place (or will be: stopped members get them on
 * start). An empty result means the partition is what it claims to be.
 */
export function uncoveredCuts(
  plan: PartitionPlan,
  members: ReadonlyMap<string, LabMember>,
  holding: ReadonlySet<string>,
): CutPair[] {
  const nameByIp = new Map([...members.values()].map((m) => [m.ipv4, m.name]));
  const covered = new Set<string>();
  for (const { member, rules } of plan.perMember) {
    if (!holding.has(member)) continue;
    for (const r of rules) {
      const peer = nameByIp.get(r.args[1] ?? '');
      if (!peer) continue;
      covered.add(r.args[0] === '-s' ? `${peer}>${member}` : `${member}>${peer}`);
    }
  }
  return plan.cuts.filter((c) => !covered.has(`${c.from}>${c.to}`));
}

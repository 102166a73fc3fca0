import type { ReachabilityMatrix } from '../../shared/scenario-types';
import { COUNT_CHAIN, IPT, assertIpv4, parseCounters } from '../faults/iptables-rules';

/**
 * The pure half of the reachability probe: the script each member runs, and
 * how its output becomes a directed matrix.
 *
 * A TCP connect cannot show a one-way cut (the handshake needs both
 * directions), so the probe uses one-way datagrams: each member sends one UDP
 * datagram to every peer, and each member counts, per sender, the datagrams
 * that got through its INPUT chain (counting rules in DOJO-COUNT, appended
 * after the partition and fence chains). `reach[from][to]` is true when `to`
 * counted a datagram from `from`.
 *
 * Rounds alternate between two ports. A member ends its round as soon as it
 * heard from every peer (or its wait ran out), so a slow peer's datagram can
 * land after the member read and zeroed its counters; counted in the next
 * round, it would show a pair as reachable that a partition put in place
 * since had cut (seen in CI: a fresh member skips the wait on its setup
 * round). Each round reads only the counters of its own port and zeroes
 * both, so a late datagram is dropped with the next zeroing, never counted.
 */

/** UDP ports the probe's datagrams go to, by round parity (nothing listens; only the counters matter). */
export const REACH_PORTS = [39_999, 39_998] as const;

/** The port of round `round` (any integer; rounds in a row alternate). */
export function reachPort(round: number): number {
  return round % 2 === 0 ? REACH_PORTS[0] : REACH_PORTS[1];
}
/** Marks output of a round in which the member had to (re)create its counting rules. */
export const SETUP_MARK = 'DOJO-COUNT-SETUP';

/** A member as the probe sees it. */
export interface ReachMember {
  name: string;
  ipv4: string;
}

/** Tag of a member's counting rules: changes with the set of peers, so a new set rebuilds them. */
export function countTag(peerIps: string[]): string {
  let h = 0x811c9dc5;
  for (const ch of [...peerIps].sort().join(',')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `dojo-count:${h.toString(16).padStart(8, '0')}`;
}

/**
 * The one script a member runs in round `round`: make sure the counting
 * rules for exactly these peers exist, one per peer and port (else rebuild
 * them and print {@link SETUP_MARK}), send one datagram to each peer on the
 * round's port, wait until a datagram from every peer was counted on that
 * port or `waitMs` passed (no wait after a rebuild: that round's counts are
 * incomplete anyway and the caller runs another), then print the round's
 * counters and zero all of them (`-L -Z` reads and zeroes in one go, so no
 * datagram of the next round, which uses the other port, can be lost to a
 * zeroing that comes after it).
 */
export function reachScript(peerIps: string[], waitMs: number, round: number): string {
  const peers = peerIps.map(assertIpv4).join(' ');
  const n = peerIps.length;
  const tag = countTag(peerIps);
  const chain = COUNT_CHAIN;
  // Rows of the round's port (`udp dpt:39999 /* tag */`), with a count when `nonzero`.
  const rows = (nonzero: boolean): string =>
    `awk -v p="$P" '${nonzero ? 'NR > 2 && $1 > 0 && ' : ''}$0 ~ ("dpt:" p "( |$)")'`;
  return [
    'set -o pipefail',
    `P=${reachPort(round)}; N=${n}; TAG='${tag}'; PEERS='${peers}'`,
    `now_ms() { local t=$EPOCHREALTIME; t=\${t//[.,]/}; echo $(( 10#$t / 1000 )); }`,
    `have=$(${IPT} -S ${chain} 2>/dev/null | grep -cF -- "\\"$TAG\\"" || true)`,
    `if [ "$have" != "$(( 2 * N ))" ]; then`,
    `  ${IPT} -N ${chain} 2>/dev/null || true`,
    `  ${IPT} -F ${chain}`,
    `  ${IPT} -C INPUT -j ${chain} 2>/dev/null || ${IPT} -A INPUT -j ${chain}`,
    `  for ip in $PEERS; do for port in ${REACH_PORTS.join(' ')}; do ${IPT} -A ${chain} -s $ip -p udp --dport $port -m comment --comment "$TAG" -j RETURN || exit 3; done; done`,
    `  echo ${SETUP_MARK}; end=0`,
    `fi`,
    `for ip in $PEERS; do echo -n x > /dev/udp/$ip/$P; done 2>/dev/null`,
    `[ "\${end:-}" = 0 ] || end=$(( $(now_ms) + ${Math.max(0, Math.round(waitMs))} ))`,
    `while [ "$(${IPT} -L ${chain} -v -x -n | ${rows(true)} | wc -l)" -lt "$N" ] && [ "$(now_ms)" -lt "$end" ]; do sleep 0.02; done`,
    `${IPT} -L ${chain} -v -x -n -Z | ${rows(false)}`,
  ].join('\n');
}

/** Whether a member's output says it (re)built its rules this round (its counts may be short). */
export function hadSetup(output: string): boolean {
  return output.includes(SETUP_MARK);
}

/**
 * Builds the directed matrix. `counts` holds, per receiving member that was
 * measured, its packet counters by sender address. A member that could not
 * be measured (absent from `counts`) neither reaches nor is reached.
 */
export function assembleMatrix(
  members: ReachMember[],
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
): ReachabilityMatrix {
  const reach: Record<string, Record<string, boolean>> = {};
  for (const from of members) {
    const row: Record<string, boolean> = {};
    for (const to of members) {
      if (from.name === to.name) {
        row[to.name] = counts.has(from.name);
        continue;
      }
      const received = counts.get(to.name);
      row[to.name] = counts.has(from.name) && (received?.get(from.ipv4) ?? 0) > 0;
    }
    reach[from.name] = row;
  }
  return { members: members.map((m) => m.name), reach };
}

/** Counters by sender address from one member's output. */
export function countsFromOutput(output: string): Map<string, number> {
  return parseCounters(output);
}

/** The directed pairs that do not reach, `a -> b`, for messages and tests. */
export function cutPairs(matrix: ReachabilityMatrix): string[] {
  const cut: string[] = [];
  for (const from of matrix.members) {
    for (const to of matrix.members) {
      if (from !== to && !matrix.reach[from]?.[to]) cut.push(`${from} -> ${to}`);
    }
  }
  return cut;
}

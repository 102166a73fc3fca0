/**
 * Pure builders for the iptables commands the engine runs inside lab members
 * (as root, in the member's own network namespace), and parsers for what
 * iptables prints back. Each concern has its own chain so that healing one
 * never touches another:
 *
 * - `DOJO-PART`: partitions (faults), hooked first in INPUT and OUTPUT;
 * - `DOJO-FENCE`: fences the trainee puts up through the palette, in INPUT;
 * - `DOJO-COUNT`: counting rules of the reachability probe, appended last in
 *   INPUT so they only see what every other rule let through;
 * - `DOJO-VRRP-IN` / `DOJO-VRRP-OUT`: VRRP blocks (the `block-vrrp` fault:
 *   a router's adverts dropped on the way in or out), hooked first in INPUT
 *   and OUTPUT respectively, so that a rule's chain says its direction.
 *
 * Rules name peer addresses only, never the bridge gateway: the engine's
 * probes reach the nodes through Docker's published loopback ports, and that
 * traffic arrives from the gateway address; it must keep flowing during a
 * partition. Every rule carries a comment tag (`dojo-fault:<id>`, ...) so the
 * rules of one fault can be removed without touching another's.
 */

/**
 * The iptables command. `-w` waits for the xtables lock where iptables is the
 * legacy variant (concurrent calls would fail otherwise); the nf_tables
 * variant of the lab images accepts it and serializes by itself.
 */
export const IPT = 'iptables -w';

export const PART_CHAIN = 'DOJO-PART';
export const FENCE_CHAIN = 'DOJO-FENCE';
export const COUNT_CHAIN = 'DOJO-COUNT';
export const VRRP_IN_CHAIN = 'DOJO-VRRP-IN';
export const VRRP_OUT_CHAIN = 'DOJO-VRRP-OUT';
export const DEGRADE_CHAIN = 'DOJO-DEGRADE';
export type DojoChain =
  | typeof PART_CHAIN
  | typeof FENCE_CHAIN
  | typeof COUNT_CHAIN
  | typeof VRRP_IN_CHAIN
  | typeof VRRP_OUT_CHAIN
  | typeof DEGRADE_CHAIN;
export const DOJO_CHAINS: readonly DojoChain[] = [
  PART_CHAIN,
  FENCE_CHAIN,
  COUNT_CHAIN,
  VRRP_IN_CHAIN,
  VRRP_OUT_CHAIN,
  DEGRADE_CHAIN,
];

/** IP protocol number of VRRP: every advert, multicast to 224.0.0.18 or unicast to a peer. */
export const VRRP_PROTOCOL = 112;

/** A rule of one of the dojo chains: the iptables arguments that follow `-A <chain>`. */
export interface IptablesRule {
  chain: DojoChain;
  args: string[];
}

/** Where a chain is hooked: which built-in chain jumps to it, and at which end. */
export interface ChainHook {
  from: 'INPUT' | 'OUTPUT';
  /** `first`: inserted at position 1; `last`: appended. */
  at: 'first' | 'last';
}

/** The hooks of each dojo chain. */
export const CHAIN_HOOKS: Record<DojoChain, ChainHook[]> = {
  [PART_CHAIN]: [
    { from: 'INPUT', at: 'first' },
    { from: 'OUTPUT', at: 'first' },
  ],
  [FENCE_CHAIN]: [{ from: 'INPUT', at: 'first' }],
  [COUNT_CHAIN]: [{ from: 'INPUT', at: 'last' }],
  [VRRP_IN_CHAIN]: [{ from: 'INPUT', at: 'first' }],
  [VRRP_OUT_CHAIN]: [{ from: 'OUTPUT', at: 'first' }],
  [DEGRADE_CHAIN]: [{ from: 'INPUT', at: 'first' }],
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const TAG = /^dojo-[a-z]+:[a-z0-9:-]{1,80}$/;

/** Throws unless `ip` is a dotted IPv4 address (no mask). */
export function assertIpv4(ip: string): string {
  if (!IPV4.test(ip)) throw new Error(`not an IPv4 address: ${ip}`);
  return ip;
}

function assertTag(tag: string): string {
  if (!TAG.test(tag)) throw new Error(`not a rule tag: ${tag}`);
  return tag;
}

/** Tag of a fault's rules. */
export const faultTag = (faultId: string): string => assertTag(`dojo-fault:${faultId}`);
/** Tag of the client fence of the palette's isolate-clients. */
export const CLIENT_FENCE_TAG = 'dojo-fence:isolate-clients';

/** Quotes a word for bash (only when it needs quoting). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const words = (args: string[]): string => args.map(shellQuote).join(' ');

/**
 * A partition rule: `in` drops what arrives from `peerIp` (INPUT),
 * `out` drops what is sent to `peerIp` (OUTPUT). DROP, not REJECT: a real
 * partition is silence, and TCP peers must time out, not get refused.
 */
export function partitionRule(way: 'in' | 'out', peerIp: string, tag: string): IptablesRule {
  return {
    chain: PART_CHAIN,
    args: [
      way === 'in' ? '-s' : '-d',
      assertIpv4(peerIp),
      '-m',
      'comment',
      '--comment',
      assertTag(tag),
      '-j',
      'DROP',
    ],
  };
}

function assertPort(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad port ${port}`);
  return String(port);
}

/** What every rule of the client fence matches: TCP to the node's client port, tagged as the fence. */
function clientPortMatch(port: number): string[] {
  return ['-p', 'tcp', '--dport', assertPort(port), '-m', 'comment', '--comment', CLIENT_FENCE_TAG];
}

/**
 * An exception of the client fence: TCP from `peerIp` (a member of the
 * cluster itself, or the gateway the engine's probes arrive from) to `port`
 * goes on (RETURN) to the other chains, so a partition still cuts it and the
 * probe still counts it. `peerIp` `loopback`: what arrives on the loopback
 * interface (the node's own tools, the engine's execs inside it).
 */
export function clientFenceExceptionRule(peerIp: string, port: number): IptablesRule {
  const from = peerIp === 'loopback' ? ['-i', 'lo'] : ['-s', assertIpv4(peerIp)];
  return {
    chain: FENCE_CHAIN,
    args: [...from, ...clientPortMatch(port), '-j', 'RETURN'],
  };
}

/**
 * The client fence: TCP to the node's `port` from anyone not excepted before
 * it (see {@link clientFenceExceptionRule}) is answered with a reset, which
 * also kills established connections at their next packet (a dropped
 * connection would leave the client hanging until its timeout). It names no
 * client: a client nobody told the lab about is fenced too.
 */
export function clientFenceRule(port: number): IptablesRule {
  return {
    chain: FENCE_CHAIN,
    args: [...clientPortMatch(port), '-j', 'REJECT', '--reject-with', 'tcp-reset'],
  };
}

/**
 * A VRRP block: `in` drops every VRRP packet the member receives (it no
 * longer hears its peer's adverts: deaf), `out` every one it sends (its
 * adverts no longer leave: mute; the VRRP daemon's send then fails with EPERM).
 * Nothing else is touched: ARP, HTTP and the probes keep flowing.
 */
export function vrrpBlockRule(way: 'in' | 'out', tag: string): IptablesRule {
  return {
    chain: way === 'in' ? VRRP_IN_CHAIN : VRRP_OUT_CHAIN,
    args: ['-p', String(VRRP_PROTOCOL), '-m', 'comment', '--comment', assertTag(tag), '-j', 'DROP'],
  };
}

/**
 * A grey-failure rule: drops at random the share `loss` (0-1) of the packets
 * arriving at the member from outside (loopback untouched).
 */
export function lossRule(loss: number, tag: string): IptablesRule {
  if (!(loss > 0 && loss < 1)) throw new Error(`loss must be between 0 and 1, got ${loss}`);
  return {
    chain: DEGRADE_CHAIN,
    args: [
      '!',
      '-i',
      'lo',
      '-m',
      'statistic',
      '--mode',
      'random',
      '--probability',
      loss.toFixed(4),
      '-m',
      'comment',
      '--comment',
      assertTag(tag),
      '-j',
      'DROP',
    ],
  };
}

/** A counting rule of the reachability probe: UDP datagrams from `peerIp` to `port`. */
export function countRule(peerIp: string, port: number, tag: string): IptablesRule {
  return {
    chain: COUNT_CHAIN,
    args: [
      '-s',
      assertIpv4(peerIp),
      '-p',
      'udp',
      '--dport',
      String(port),
      '-m',
      'comment',
      '--comment',
      assertTag(tag),
      '-j',
      'RETURN',
    ],
  };
}

/** Bash lines creating `chain` and hooking it, each only when missing (idempotent). */
export function ensureChainScript(chain: DojoChain): string[] {
  const lines = [`${IPT} -N ${chain} 2>/dev/null || true`];
  for (const hook of CHAIN_HOOKS[chain]) {
    const add =
      hook.at === 'first'
        ? `${IPT} -I ${hook.from} 1 -j ${chain}`
        : `${IPT} -A ${hook.from} -j ${chain}`;
    lines.push(`${IPT} -C ${hook.from} -j ${chain} 2>/dev/null || ${add}`);
  }
  return lines;
}

/** Bash lines appending each rule unless an identical one is already there (idempotent). */
export function addRulesScript(rules: IptablesRule[]): string[] {
  return rules.map((r) => {
    const spec = `${r.chain} ${words(r.args)}`;
    return `${IPT} -C ${spec} 2>/dev/null || ${IPT} -A ${spec}`;
  });
}

/** Bash lines deleting every rule of `chain` carrying `tag` (none = nothing to do). */
export function deleteTaggedScript(chain: DojoChain, tag: string): string[] {
  assertTag(tag);
  // `iptables -S` prints the comment in double quotes: match the whole quoted tag.
  return [
    `${IPT} -S ${chain} 2>/dev/null | grep -F -- '"${tag}"' | sed 's/^-A /-D /' |` +
      ` while read -r rule; do eval "${IPT} $rule"; done`,
  ];
}

/**
 * Bash lines deleting every rule of `chain` carrying `tag` by its rule
 * number, highest first: for rules that `-D <spec>` cannot name again, such
 * as a statistic match, whose probability `iptables -S` prints rounded.
 */
export function deleteTaggedByNumberScript(chain: DojoChain, tag: string): string[] {
  assertTag(tag);
  return [
    `${IPT} -L ${chain} -n --line-numbers 2>/dev/null | grep -F -- '/* ${tag} */' |` +
      ` awk '{print $1}' | sort -rn | while read -r n; do ${IPT} -D ${chain} "$n"; done`,
  ];
}

/** Bash lines emptying `chain` (missing chain = nothing to do). */
export function flushChainScript(chain: DojoChain): string[] {
  return [`${IPT} -F ${chain} 2>/dev/null || true`];
}

/** A whole script: stop at the first failing command. */
export function script(lines: string[]): string {
  return ['set -e', ...lines].join('\n');
}

/**
 * Packet counters of `iptables -L <chain> -v -x -n [-Z]`, by source address.
 * Header lines, the `Zeroing chain` notice and rules without a source address
 * are skipped; several rules for one source add up.
 */
export function parseCounters(listing: string): Map<string, number> {
  const counts = new Map<string, number>();
  const row =
    /^\s*(\d+)\s+\d+\s+\S+.*?\s((?:\d{1,3}\.){3}\d{1,3})(?:\/\d+)?\s+(?:\d{1,3}\.){3}\d{1,3}/;
  for (const line of listing.split('\n')) {
    const m = row.exec(line);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    counts.set(m[2], (counts.get(m[2]) ?? 0) + Number(m[1]));
  }
  return counts;
}

/** One rule line of `iptables -S`, sorted by what it means to the engine. */
export type RuleClass =
  | 'hook'
  | 'partition'
  | 'vrrp-block'
  | 'degrade'
  | 'count'
  | 'fence'
  | 'fence-exception'
  | 'chain'
  | 'accept-policy';

/**
 * Classifies a line of `iptables -S` (filter table): the engine's own hooks,
 * chain declarations, open policies and the partition/VRRP-block/degrade/count
 * chains (faults and probes) are not fences; everything else that filters is (the palette's DOJO-FENCE rules,
 * and whatever the trainee typed into INPUT/OUTPUT or a policy of DROP).
 */
export function classifyRule(line: string): RuleClass {
  const l = line.trim();
  if (/^-N /.test(l)) return 'chain';
  if (/^-P \S+ ACCEPT$/.test(l)) return 'accept-policy';
  if (/^-A (INPUT|OUTPUT|FORWARD) -j DOJO-(PART|FENCE|COUNT|VRRP-IN|VRRP-OUT|DEGRADE)$/.test(l))
    return 'hook';
  if (l.startsWith(`-A ${PART_CHAIN} `)) return 'partition';
  if (l.startsWith(`-A ${VRRP_IN_CHAIN} `) || l.startsWith(`-A ${VRRP_OUT_CHAIN} `))
    return 'vrrp-block';
  if (l.startsWith(`-A ${COUNT_CHAIN} `)) return 'count';
  if (l.startsWith(`-A ${DEGRADE_CHAIN} `)) return 'degrade';
  // What a fence lets through (RETURN to the other chains) does not filter anything.
  if (l.startsWith(`-A ${FENCE_CHAIN} `) && / -j RETURN$/.test(l)) return 'fence-exception';
  return 'fence';
}

/** The fence rules (see {@link classifyRule}) among the lines of `iptables -S`. */
export function fenceRules(listing: string): string[] {
  return listing
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && classifyRule(l) === 'fence');
}

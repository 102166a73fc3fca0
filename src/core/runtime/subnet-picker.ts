import type os from 'node:os';

/**
 * Pure IPv4 subnet arithmetic for picking a lab network's /24: it must not
 * overlap any existing Docker network (ours or anyone's) nor the host's own
 * interface addresses, or routing on the host breaks.
 */

/** An IPv4 range: first address as an unsigned 32-bit number, prefix length in bits. */
export interface Ipv4Cidr {
  base: number;
  prefix: number;
}

/** Parses `a.b.c.d` to an unsigned 32-bit number; undefined when not IPv4. */
export function parseIpv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

/** Formats an unsigned 32-bit number as `a.b.c.d`. */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `a.b.c.d/p` (the base is masked to the prefix); undefined for IPv6 or garbage. */
export function parseCidr(cidr: string): Ipv4Cidr | undefined {
  const [ip, prefixText, ...rest] = cidr.trim().split('/');
  if (ip === undefined || rest.length > 0) return undefined;
  const addr = parseIpv4(ip);
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  if (addr === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32)
    return undefined;
  return { base: (addr & maskOf(prefix)) >>> 0, prefix };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The last address of a range (inclusive). */
function lastOf(c: Ipv4Cidr): number {
  return (c.base + 2 ** (32 - c.prefix) - 1) >>> 0;
}

/** True when two IPv4 ranges share any address. Non-IPv4 input never overlaps. */
export function cidrsOverlap(a: string | Ipv4Cidr, b: string | Ipv4Cidr): boolean {
  const x = typeof a === 'string' ? parseCidr(a) : a;
  const y = typeof b === 'string' ? parseCidr(b) : b;
  if (!x || !y) return false;
  return x.base <= lastOf(y) && y.base <= lastOf(x);
}

/** The CIDR of an interface address with its netmask, e.g. `192.168.1.23` + `255.255.255.0` -> `192.168.1.0/24`. */
export function interfaceCidr(address: string, netmask: string): string | undefined {
  const addr = parseIpv4(address);
  const mask = parseIpv4(netmask);
  if (addr === undefined || mask === undefined) return undefined;
  let prefix = 0;
  for (let bit = 31; bit >= 0 && (mask >>> bit) & 1; bit--) prefix++;
  return `${formatIpv4((addr & maskOf(prefix)) >>> 0)}/${prefix}`;
}

/** IPv4 ranges of the host's own interfaces (from `os.networkInterfaces()`). */
export function hostInterfaceCidrs(interfaces: ReturnType<typeof os.networkInterfaces>): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.family !== 'IPv4' && (a.family as unknown) !== 4) continue;
      const c = interfaceCidr(a.address, a.netmask);
      if (c) out.push(c);
    }
  }
  return out;
}

/** The default candidate range: /24s from 10.213.0.0 upward to 10.255.255.0. */
export function* defaultCandidates(): Generator<string> {
  const start = parseIpv4('10.213.0.0') as number;
  const end = parseIpv4('10.255.255.0') as number;
  for (let base = start; base <= end; base += 256) yield `${formatIpv4(base)}/24`;
}

/**
 * Picks the first candidate /24 that overlaps none of `taken` (Docker IPAM
 * subnets, host interface ranges, subnets being created right now).
 * `preferred` subnets are tried before the default candidates.
 * Returns undefined when every candidate is taken.
 */
export function pickFreeSubnet(
  taken: Iterable<string>,
  preferred: string[] = [],
  candidates: Iterable<string> = defaultCandidates(),
): string | undefined {
  const takenRanges = [...taken]
    .map((t) => parseCidr(t))
    .filter((c): c is Ipv4Cidr => c !== undefined);
  const isFree = (c: Ipv4Cidr): boolean => !takenRanges.some((t) => cidrsOverlap(c, t));
  for (const p of preferred) {
    const c = parseCidr(p);
    if (c && isFree(c)) return `${formatIpv4(c.base)}/${c.prefix}`;
  }
  for (const cand of candidates) {
    const c = parseCidr(cand);
    if (c && isFree(c)) return `${formatIpv4(c.base)}/${c.prefix}`;
  }
  return undefined;
}

/** The conventional gateway of a subnet: its first host address (`.1` for a /24). */
export function gatewayOf(cidr: string): string {
  const c = parseCidr(cidr);
  if (!c) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  return formatIpv4((c.base + 1) >>> 0);
}

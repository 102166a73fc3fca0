import fs from 'node:fs';

/** The kernel's IPv4 neighbour table as text (one line per entry after a header). */
export const PROC_NET_ARP = '/proc/net/arp';
/** ATF_COM: the entry is complete (the MAC is known). */
const ATF_COM = 0x2;
/** A reading is reused for at most this long, ms (one file read per request at 20/s). */
export const ARP_CACHE_MS = 50;

/** One row of /proc/net/arp. */
export interface ArpEntry {
  ip: string;
  /** ATF_* flags (0x2 complete, 0x4 permanent...). */
  flags: number;
  /** Lowercase, `00:00:00:00:00:00` while incomplete. */
  mac: string;
  device: string;
}

/** Parses /proc/net/arp (header line, then `IP HWtype Flags HWaddress Mask Device`). Pure. */
export function parseProcNetArp(text: string): ArpEntry[] {
  const out: ArpEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [ip, , flags, mac, , device] = line.trim().split(/\s+/);
    if (!ip || !flags || !mac || device === undefined) continue;
    const f = Number.parseInt(flags, 16);
    if (Number.isNaN(f)) continue;
    out.push({ ip, flags: f, mac: mac.toLowerCase(), device });
  }
  return out;
}

/** The MAC of `ip`'s complete entry in a /proc/net/arp text, lowercase; undefined without one. Pure. */
export function completeMacOf(text: string, ip: string): string | undefined {
  const e = parseProcNetArp(text).find((x) => x.ip === ip);
  if (!e || (e.flags & ATF_COM) === 0 || /^(00:){5}00$/.test(e.mac)) return undefined;
  return e.mac;
}

/**
 * Reads where the client's neighbour entry for one IP points now, from
 * /proc/net/arp, re-reading at most every ARP_CACHE_MS. Never throws: an
 * unreadable table reads as no entry.
 */
export class NeighbourReader {
  private readAt = -Infinity;
  private mac: string | undefined;

  constructor(
    private readonly ip: string,
    private readonly file = PROC_NET_ARP,
    private readonly cacheMs = ARP_CACHE_MS,
  ) {}

  /** The MAC of the complete entry (lowercase), or undefined. */
  current(now = Date.now()): string | undefined {
    if (now - this.readAt >= this.cacheMs) {
      this.readAt = now;
      try {
        this.mac = completeMacOf(fs.readFileSync(this.file, 'utf8'), this.ip);
      } catch {
        this.mac = undefined;
      }
    }
    return this.mac;
  }
}

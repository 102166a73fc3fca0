import type { NodeObservation } from '../../../../shared/lab-types';
import type { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';

/** Where the client node's agent serves its latest reading (busybox httpd in the keepalived image). */
export const CLIENT_READING_PATH = '/vip.json';

/**
 * A reading older than this (ms) means the client's loop is stuck: it is not
 * reported as a current view of the VIP.
 */
export const CLIENT_READING_STALE_MS = 2000;

/** One reading of the VIP by the client node (dojo-vip-client), from inside the lab network. */
export interface VipClientReading {
  /** When the reading started and finished, ms since epoch (container clock). */
  t: number;
  doneAt: number;
  vip: string;
  /** Distinct MACs that answered one ARP request for the VIP, sorted. */
  arpMacs: string[];
  /** The client's neighbour entry for the VIP (absent: none). */
  neighbour?: { mac?: string; state: string };
  /** Body of the HTTP answer from the VIP (the responder's name); absent when no answer. */
  httpResponder?: string;
}

interface NeighEntry {
  dst?: string;
  lladdr?: string;
  state?: string[];
}

/** Parses the client's /vip.json. Pure. */
export function parseVipClientReading(body: string): VipClientReading {
  const raw = JSON.parse(body) as {
    t?: number;
    doneAt?: number;
    vip?: string;
    arpMacs?: string[];
    neigh?: NeighEntry[] | null;
    http?: string;
    httpExit?: number;
  };
  if (typeof raw.t !== 'number' || typeof raw.doneAt !== 'number' || typeof raw.vip !== 'string')
    throw new Error('client reading without t, doneAt or vip');
  const reading: VipClientReading = {
    t: raw.t,
    doneAt: raw.doneAt,
    vip: raw.vip,
    arpMacs: [...new Set((raw.arpMacs ?? []).map((m) => m.toLowerCase()))].sort(),
  };
  const n = raw.neigh?.find((e) => e.dst === raw.vip);
  if (n) {
    reading.neighbour = {
      ...(n.lladdr ? { mac: n.lladdr.toLowerCase() } : {}),
      state: (n.state ?? []).join(',') || 'NONE',
    };
  }
  if (raw.httpExit === 0 && raw.http) reading.httpResponder = raw.http;
  return reading;
}

/**
 * The client node as an observation: role `client` with its view of the VIP,
 * or `unknown` when the agent is silent or its reading is stale. MACs are
 * named with `nodeOfMac` (the routers' interface MACs). Pure.
 *
 * @param now the probe's clock, ms since epoch, for the reading's age.
 */
export function vipClientObservation(
  node: string,
  reading: VipClientReading | undefined,
  now: number,
  nodeOfMac: (mac: string) => string | undefined,
  extra: { error?: string; rttMs?: number } = {},
): NodeObservation {
  if (!reading) {
    return {
      node,
      kind: 'vip-client',
      role: 'unknown',
      state: 'unreachable',
      ...(extra.error ? { error: extra.error } : {}),
    };
  }
  const age = Math.max(0, now - reading.doneAt);
  if (age > CLIENT_READING_STALE_MS) {
    return {
      node,
      kind: 'vip-client',
      role: 'unknown',
      state: 'running',
      readingAgeMs: age,
      error: `client reading is ${age} ms old`,
    };
  }
  const obs: NodeObservation = {
    node,
    kind: 'vip-client',
    role: 'client',
    state: 'running',
    vipArpMacs: reading.arpMacs,
    vipArpNodes: reading.arpMacs.map((m) => nodeOfMac(m) ?? m),
    readingAgeMs: age,
  };
  if (reading.neighbour) {
    const owner = reading.neighbour.mac ? nodeOfMac(reading.neighbour.mac) : undefined;
    obs.vipNeighbour = { ...reading.neighbour, ...(owner ? { node: owner } : {}) };
  }
  if (reading.httpResponder !== undefined) obs.vipHttpResponder = reading.httpResponder;
  if (extra.rttMs !== undefined) obs.rttMs = extra.rttMs;
  return obs;
}

/**
 * Reads the client node's latest reading of the VIP through its agent's
 * published port (one HTTP GET of a file the client rewrites every ~250 ms;
 * ARP, neighbour and HTTP are done inside the lab network, never from the
 * host). Never throws.
 */
export async function readVipClient(
  node: string,
  conn: HttpProbeConnection | undefined,
  timeoutMs: number,
  nodeOfMac: (mac: string) => string | undefined,
): Promise<NodeObservation> {
  if (!conn)
    return vipClientObservation(node, undefined, Date.now(), nodeOfMac, {
      error: 'no published agent port',
    });
  const started = Date.now();
  try {
    const reply = await conn.get(timeoutMs, CLIENT_READING_PATH);
    if (reply.status !== 200) throw new Error(`client agent answered HTTP ${reply.status}`);
    const now = Date.now();
    return vipClientObservation(node, parseVipClientReading(reply.body), now, nodeOfMac, {
      rttMs: now - started,
    });
  } catch (e) {
    return vipClientObservation(node, undefined, Date.now(), nodeOfMac, {
      error: (e as Error).message,
    });
  }
}

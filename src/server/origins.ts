import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { RoomAddress } from '../shared/game-day-types';

/** Whether a host name or address only ever means this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** `host:port` as it appears in a URL (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The origins a browser page of this server can have: the loopback names, plus
 * for a non-loopback bind (only with --allow-remote) that address, or every
 * interface address for a wildcard bind.
 */
export function allowedOrigins(host: string, port: number): Set<string> {
  const hosts = new Set(['127.0.0.1', 'localhost', '::1']);
  if (!isLoopbackHost(host)) {
    if (host === '0.0.0.0' || host === '::') {
      for (const entries of Object.values(networkInterfaces())) {
        for (const entry of entries ?? []) hosts.add(entry.address);
      }
    } else {
      hosts.add(host);
    }
  } else {
    hosts.add(host);
  }
  return new Set([...hosts].map((h) => `http://${hostPort(h, port)}`));
}

/**
 * Where trainees reach a server bound to `host`: loopback for a loopback
 * bind; the address itself for a specific one; for a wildcard bind, this
 * machine's first external IPv4 address (loopback when it has none).
 */
export function roomAddress(host: string, port: number): RoomAddress {
  if (isLoopbackHost(host))
    return {
      origin: `http://${hostPort(host === 'localhost' ? '127.0.0.1' : host, port)}`,
      onNetwork: false,
    };
  if (host !== '0.0.0.0' && host !== '::')
    return { origin: `http://${hostPort(host, port)}`, onNetwork: true };
  const external = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && !entry.internal && entry.family === 'IPv4');
  return external
    ? { origin: `http://${hostPort(external.address, port)}`, onNetwork: true }
    : { origin: `http://${hostPort('127.0.0.1', port)}`, onNetwork: true };
}

/**
 * The Host headers a request to this server may carry (`host:port` of each
 * allowed origin): anything else is a name that resolves here without being
 * ours (DNS rebinding) and is refused.
 */
export function allowedHosts(host: string, port: number): Set<string> {
  return new Set([...allowedOrigins(host, port)].map((o) => o.slice('http://'.length)));
}

import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

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
 * The Host headers a request to this server may carry (`host:port` of each
 * allowed origin): anything else is a name that resolves here without being
 * ours (DNS rebinding) and is refused.
 */
export function allowedHosts(host: string, port: number): Set<string> {
  return new Set([...allowedOrigins(host, port)].map((o) => o.slice('http://'.length)));
}

/**
 * Generated per-run configuration for the keepalived (VRRP) lab: one
 * keepalived.conf per router, each router's HTTP responder (an nginx.conf
 * and the page it serves: the router's name), and the client node's
 * settings. Pure functions.
 *
 * Every VRRP knob a later scenario may want to break is a per-router setting
 * (priority, virtual_router_id, authentication), so a scenario can mismatch
 * them between the two routers; the transport (multicast or unicast adverts),
 * advert_int and nopreempt are lab-wide.
 */

/** One router's VRRP settings. */
export interface RouterVrrpSettings {
  /** VRRP priority, 1-254 (255 is reserved for the address owner). Higher wins the election. */
  priority: number;
  /** `virtual_router_id`, 1-255. Routers with different ids ignore each other's adverts. */
  virtualRouterId: number;
  /**
   * VRRPv2 simple-password authentication (`auth_type PASS`), 1-8 characters;
   * `null` = no authentication. Routers with different passwords drop each
   * other's adverts.
   */
  authPass: string | null;
}

/** Settings of a keepalived lab. Scenarios override them. */
export interface KeepalivedSettings {
  /**
   * How adverts travel: `multicast` to 224.0.0.18 (VRRP's default) or
   * `unicast` from each router's address straight to its peer's.
   */
  transport: 'multicast' | 'unicast';
  /** Seconds between two adverts of the MASTER (`advert_int`, VRRPv2: whole seconds 1-255). */
  advertIntSeconds: number;
  /** A BACKUP with higher priority does not take over from a running MASTER (`nopreempt`). */
  nopreempt: boolean;
  /** Per router, in node order (`router-1`, `router-2`). */
  routers: [RouterVrrpSettings, RouterVrrpSettings];
}

export const DEFAULT_KEEPALIVED_SETTINGS: KeepalivedSettings = {
  transport: 'multicast',
  advertIntSeconds: 1,
  nopreempt: false,
  routers: [
    { priority: 150, virtualRouterId: 51, authPass: 'dojo' },
    { priority: 100, virtualRouterId: 51, authPass: 'dojo' },
  ],
};

/** Port of each router's HTTP responder (the service on the VIP; it answers with the router's name). */
export const RESPONDER_PORT = 80;
/**
 * Port of the probe agents (busybox httpd): on a router GET /state.json
 * (its VRRP state as JSON, rewritten every 200 ms), on the client GET /vip.json (its latest reading of the VIP).
 */
export const AGENT_PORT = 8080;

export const CONFIG_DIR = '/etc/dojo';
export const KEEPALIVED_CONFIG_PATH = `${CONFIG_DIR}/keepalived.conf`;
export const RESPONDER_ROOT = `${CONFIG_DIR}/www`;
export const RESPONDER_PAGE_PATH = `${RESPONDER_ROOT}/index.html`;
/** The responder's nginx.conf (the image's wrapper runs `nginx -c` with it). */
export const RESPONDER_CONFIG_PATH = `${CONFIG_DIR}/nginx.conf`;
export const CLIENT_ENV_PATH = `${CONFIG_DIR}/vip-client.env`;
/** Entrypoints of the keepalived image (see lab-images/keepalived). */
export const ROUTER_ENTRYPOINT = '/usr/local/bin/dojo-vrrp-router';
export const CLIENT_ENTRYPOINT = '/usr/local/bin/dojo-vip-client';
export const NOTIFY_SCRIPT = '/usr/local/bin/dojo-vrrp-notify';
/** The VRRP instance's name in keepalived.conf and its logs. */
export const VRRP_INSTANCE = 'dojo_vip';
/** The lab interface inside each container. */
export const LAB_INTERFACE = 'eth0';

/**
 * Host number of the VIP on the lab /24: above the range Docker assigns
 * addresses from (DYNAMIC_HOSTS in the runtime port: hosts 1-127), so Docker
 * never hands it to a container.
 */
export const VIP_HOST = 250;

/** Rejects settings keepalived would refuse or silently misread. */
export function validateKeepalivedSettings(s: KeepalivedSettings): void {
  if (s.transport !== 'multicast' && s.transport !== 'unicast')
    throw new Error(`transport: expected multicast or unicast, got "${String(s.transport)}"`);
  if (!Number.isInteger(s.advertIntSeconds) || s.advertIntSeconds < 1 || s.advertIntSeconds > 255)
    throw new Error(`advertIntSeconds: expected a whole number 1-255, got ${s.advertIntSeconds}`);
  if (s.routers.length !== 2) throw new Error(`routers: expected 2, got ${s.routers.length}`);
  s.routers.forEach((r, i) => {
    const at = `routers[${i}]`;
    if (!Number.isInteger(r.priority) || r.priority < 1 || r.priority > 254)
      throw new Error(`${at}.priority: expected 1-254, got ${r.priority}`);
    if (!Number.isInteger(r.virtualRouterId) || r.virtualRouterId < 1 || r.virtualRouterId > 255)
      throw new Error(`${at}.virtualRouterId: expected 1-255, got ${r.virtualRouterId}`);
    if (r.authPass !== null && !/^[A-Za-z0-9_.-]{1,8}$/.test(r.authPass))
      throw new Error(`${at}.authPass: expected 1-8 characters [A-Za-z0-9_.-] or null`);
  });
}

/** One router as its config sees it. */
export interface RouterAddress {
  /** Node name, e.g. `router-1` (keepalived's router_id). */
  name: string;
  /** Its address on the lab network. */
  ip: string;
}

/**
 * keepalived.conf for one router. Every router starts in BACKUP (the
 * election decides; with `nopreempt` keepalived requires it). The VIP is
 * added to the lab interface with the subnet's prefix; the notify script
 * records each state change.
 *
 * @param index 0-based router index into `settings.routers`.
 * @param peers the other routers (their addresses are the unicast peers).
 * @param vip the virtual IP, e.g. `10.213.7.250`; `prefix` its subnet's prefix length.
 */
export function keepalivedConf(
  settings: KeepalivedSettings,
  index: number,
  self: RouterAddress,
  peers: RouterAddress[],
  vip: string,
  prefix: number,
): string {
  const r = settings.routers[index];
  if (!r) throw new Error(`no router settings at index ${index}`);
  const lines = [
    `# Generated by Failover Dojo for ${self.name}.`,
    'global_defs {',
    `  router_id ${self.name}`,
    // Scripts run as root; keepalived checks they are not writable by others.
    '  enable_script_security',
    '  script_user root',
    '}',
    '',
    `vrrp_instance ${VRRP_INSTANCE} {`,
    '  state BACKUP',
    `  interface ${LAB_INTERFACE}`,
    `  virtual_router_id ${r.virtualRouterId}`,
    `  priority ${r.priority}`,
    `  advert_int ${settings.advertIntSeconds}`,
    ...(settings.nopreempt ? ['  nopreempt'] : []),
    ...(settings.transport === 'unicast'
      ? [
          `  unicast_src_ip ${self.ip}`,
          '  unicast_peer {',
          ...peers.map((p) => `    ${p.ip}`),
          '  }',
        ]
      : []),
    ...(r.authPass !== null
      ? ['  authentication {', '    auth_type PASS', `    auth_pass ${r.authPass}`, '  }']
      : []),
    '  virtual_ipaddress {',
    `    ${vip}/${prefix} dev ${LAB_INTERFACE}`,
    '  }',
    `  notify ${NOTIFY_SCRIPT}`,
    '}',
    '',
  ];
  return lines.join('\n');
}

/** The page a router's HTTP responder serves: its name and a newline. */
export function responderPage(router: string): string {
  return `${router}\n`;
}

/**
 * How long the responder keeps an idle keep-alive connection open, seconds
 * (nginx's `keepalive_timeout`): far longer than the workload's gaps
 * between requests, so an app's pooled connection lives until something
 * breaks it (an ARP flip resets it).
 */
export const RESPONDER_KEEPALIVE_SECONDS = 75;
/** Requests one keep-alive connection may carry before nginx closes it (`keepalive_requests`). */
export const RESPONDER_KEEPALIVE_REQUESTS = 1_000_000;

/**
 * nginx.conf of a router's HTTP responder, the service on the VIP: port
 * RESPONDER_PORT, every path answered 200 with the router's page
 * (responderPage) as text/plain, HTTP keep-alive held open for
 * RESPONDER_KEEPALIVE_SECONDS and RESPONDER_KEEPALIVE_REQUESTS requests, no
 * access log (20 requests/s per client), errors to stderr (the container's
 * output). Runs in the foreground under the image's wrapper, with workers as
 * root: the container has only NET_ADMIN, NET_RAW and SETGID, so nginx
 * could not switch to another user.
 */
export function responderNginxConf(router: string): string {
  return [
    `# Generated by Failover Dojo for ${router}: the service on the VIP.`,
    'daemon off;',
    'user root;',
    'worker_processes 1;',
    'pid /run/dojo/nginx.pid;',
    'error_log stderr warn;',
    'events {',
    '  worker_connections 512;',
    '}',
    'http {',
    '  access_log off;',
    '  server_tokens off;',
    // No extension-based types: the page is plain text, whatever its file name.
    '  types {',
    '  }',
    '  default_type text/plain;',
    `  keepalive_timeout ${RESPONDER_KEEPALIVE_SECONDS}s;`,
    `  keepalive_requests ${RESPONDER_KEEPALIVE_REQUESTS};`,
    '  server {',
    `    listen ${RESPONDER_PORT} default_server;`,
    `    root ${RESPONDER_ROOT};`,
    '    location / {',
    '      try_files /index.html =404;',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Settings of the client node's reading loop. */
export interface ClientReadingSettings {
  /** ms between two readings (ARP, neighbour entry, HTTP) of the VIP. */
  intervalMs: number;
  /** ms the client waits for ARP replies to one request (every reply in that window counts). */
  arpWaitMs: number;
}

export const DEFAULT_CLIENT_READING: ClientReadingSettings = { intervalMs: 250, arpWaitMs: 150 };

/** The client node's env file (sourced by dojo-vip-client). */
export function clientEnv(vip: string, reading: ClientReadingSettings): string {
  if (reading.arpWaitMs < 1 || reading.arpWaitMs > 999 || reading.arpWaitMs >= reading.intervalMs)
    throw new Error('arpWaitMs must be 1-999 ms and shorter than intervalMs');
  return [
    `VIP=${vip}`,
    `HTTP_PORT=${RESPONDER_PORT}`,
    `INTERVAL_MS=${reading.intervalMs}`,
    `ARP_WAIT_MS=${reading.arpWaitMs}`,
    '',
  ].join('\n');
}

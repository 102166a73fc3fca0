import { describe, expect, it } from 'vitest';
import { DYNAMIC_HOSTS } from '../../../../core/runtime/container-runtime';
import {
  DEFAULT_KEEPALIVED_SETTINGS,
  VIP_HOST,
  clientEnv,
  keepalivedConf,
  validateKeepalivedSettings,
  type KeepalivedSettings,
  responderNginxConf,
  RESPONDER_PORT,
  RESPONDER_KEEPALIVE_SECONDS,
  RESPONDER_KEEPALIVE_REQUESTS,
  RESPONDER_ROOT,
} from './keepalived-config';
import { CLIENT_NODE, KEEPALIVED_CAPS, expectedMaster, keepalivedLab } from './keepalived.lab';

const r1 = { name: 'router-1', ip: '10.9.8.11' };
const r2 = { name: 'router-2', ip: '10.9.8.12' };
const network = {
  subnet: '10.9.8.0/24',
  gateway: '10.9.8.1',
  hostIp: (n: number) => `10.9.8.${n}`,
};

/** The `key value` lines of a keepalived.conf block, trimmed. */
function lines(conf: string): string[] {
  return conf.split('\n').map((l) => l.trim());
}

function settings(over: Partial<KeepalivedSettings>): KeepalivedSettings {
  return { ...DEFAULT_KEEPALIVED_SETTINGS, ...over };
}

describe('keepalived.conf', () => {
  it('gives router-1 priority 150 and router-2 priority 100, both starting BACKUP, advert_int 1', () => {
    const c1 = lines(keepalivedConf(DEFAULT_KEEPALIVED_SETTINGS, 0, r1, [r2], '10.9.8.250', 24));
    const c2 = lines(keepalivedConf(DEFAULT_KEEPALIVED_SETTINGS, 1, r2, [r1], '10.9.8.250', 24));
    expect(c1).toContain('router_id router-1');
    expect(c1).toContain('priority 150');
    expect(c2).toContain('priority 100');
    for (const c of [c1, c2]) {
      expect(c).toContain('state BACKUP');
      expect(c).toContain('advert_int 1');
      expect(c).toContain('virtual_router_id 51');
      expect(c).toContain('interface eth0');
      expect(c).toContain('10.9.8.250/24 dev eth0');
      expect(c).toContain('notify /usr/local/bin/dojo-vrrp-notify');
      expect(c).toContain('auth_pass dojo');
      expect(c).not.toContain('nopreempt');
    }
  });

  it('multicast by default: no unicast peers', () => {
    const c = keepalivedConf(DEFAULT_KEEPALIVED_SETTINGS, 0, r1, [r2], '10.9.8.250', 24);
    expect(c).not.toMatch(/unicast/);
  });

  it('unicast: sends from its own address to the peer', () => {
    const c = lines(
      keepalivedConf(settings({ transport: 'unicast' }), 1, r2, [r1], '10.9.8.250', 24),
    );
    expect(c).toContain('unicast_src_ip 10.9.8.12');
    const peers = c.slice(c.indexOf('unicast_peer {') + 1, c.indexOf('unicast_peer {') + 3);
    expect(peers).toEqual(['10.9.8.11', '}']);
  });

  it('takes virtual_router_id and authentication per router, so a scenario can mismatch them', () => {
    const s = settings({
      nopreempt: true,
      routers: [
        { priority: 150, virtualRouterId: 51, authPass: 'alpha' },
        { priority: 100, virtualRouterId: 52, authPass: null },
      ],
    });
    const c1 = lines(keepalivedConf(s, 0, r1, [r2], '10.9.8.250', 24));
    const c2 = lines(keepalivedConf(s, 1, r2, [r1], '10.9.8.250', 24));
    expect(c1).toContain('virtual_router_id 51');
    expect(c1).toContain('auth_pass alpha');
    expect(c2).toContain('virtual_router_id 52');
    expect(c2).not.toContain('auth_type PASS');
    expect(c1).toContain('nopreempt');
  });

  it('rejects what keepalived would refuse or misread', () => {
    expect(() => validateKeepalivedSettings(DEFAULT_KEEPALIVED_SETTINGS)).not.toThrow();
    const bad = (over: Partial<KeepalivedSettings>) => () =>
      validateKeepalivedSettings(settings(over));
    expect(bad({ advertIntSeconds: 0 })).toThrow(/advertIntSeconds/);
    expect(bad({ advertIntSeconds: 0.5 })).toThrow(/advertIntSeconds/);
    const r = DEFAULT_KEEPALIVED_SETTINGS.routers[0];
    expect(bad({ routers: [{ ...r, priority: 255 }, r] })).toThrow(/routers\[0\]\.priority/);
    expect(bad({ routers: [r, { ...r, virtualRouterId: 256 }] })).toThrow(/virtualRouterId/);
    expect(bad({ routers: [r, { ...r, authPass: 'longer-than-8' }] })).toThrow(/authPass/);
    expect(bad({ transport: 'broadcast' as 'unicast' })).toThrow(/transport/);
  });
});

describe('keepalived lab plan', () => {
  const plan = keepalivedLab().plan(network);
  const byName = new Map(plan.nodes.map((n) => [n.name, n]));

  it('places the VIP outside the range Docker assigns addresses from', () => {
    expect(VIP_HOST).toBeGreaterThan(DYNAMIC_HOSTS.last);
    expect(VIP_HOST).toBeLessThanOrEqual(254);
    for (const n of plan.nodes) {
      expect(n.ipv4).not.toBe('10.9.8.250');
      expect(keepalivedLab().summary.nodes).toContain(n.name);
    }
    const conf = byName.get('router-1')?.files.find((f) => f.path.endsWith('keepalived.conf'));
    expect(conf?.content).toContain('10.9.8.250/24 dev eth0');
    const env = byName.get(CLIENT_NODE)?.files[0]?.content;
    expect(env).toContain('VIP=10.9.8.250');
  });

  it('runs two routers and a client, each with NET_ADMIN, NET_RAW and SETGID only', () => {
    expect(plan.stages).toBe(1);
    expect(plan.nodes.map((n) => [n.name, n.kind])).toEqual([
      ['router-1', 'router'],
      ['router-2', 'router'],
      ['client', 'vip-client'],
    ]);
    for (const n of plan.nodes) {
      expect(n.capDrop).toEqual(['ALL']);
      expect([...(n.capAdd ?? [])].sort()).toEqual(['NET_ADMIN', 'NET_RAW', 'SETGID']);
      expect(n.probePorts).toEqual([8080]);
    }
    expect(KEEPALIVED_CAPS).toHaveLength(3);
  });

  it("each router's responder answers with its own name", () => {
    for (const name of ['router-1', 'router-2']) {
      const page = byName.get(name)?.files.find((f) => f.path === '/etc/dojo/www/index.html');
      expect(page?.content).toBe(`${name}\n`);
    }
  });

  it('expects the single highest priority to win, and nobody on a tie', () => {
    const names = ['router-1', 'router-2'];
    expect(expectedMaster(DEFAULT_KEEPALIVED_SETTINGS, names)).toBe('router-1');
    const r = DEFAULT_KEEPALIVED_SETTINGS.routers[0];
    expect(
      expectedMaster(
        settings({
          routers: [
            { ...r, priority: 90 },
            { ...r, priority: 120 },
          ],
        }),
        names,
      ),
    ).toBe('router-2');
    expect(expectedMaster(settings({ routers: [r, r] }), names)).toBeUndefined();
  });

  it('refuses a client reading loop that cannot keep its interval', () => {
    expect(() => clientEnv('10.9.8.250', { intervalMs: 250, arpWaitMs: 250 })).toThrow();
    expect(clientEnv('10.9.8.250', { intervalMs: 250, arpWaitMs: 150 })).toContain(
      'ARP_WAIT_MS=150',
    );
  });
});

describe('responderNginxConf', () => {
  it('serves the router page on :80 in the foreground, as root, with long keep-alive and no access log', () => {
    const conf = responderNginxConf('router-2');
    expect(conf).toContain('daemon off;');
    expect(conf).toContain('user root;');
    expect(conf).toContain(`listen ${RESPONDER_PORT} default_server;`);
    expect(conf).toContain(`keepalive_timeout ${RESPONDER_KEEPALIVE_SECONDS}s;`);
    expect(conf).toContain(`keepalive_requests ${RESPONDER_KEEPALIVE_REQUESTS};`);
    expect(conf).toContain('access_log off;');
    expect(conf).toContain(`root ${RESPONDER_ROOT};`);
    expect(conf).toContain('try_files /index.html =404;');
    // Balanced braces: nginx would refuse the file otherwise.
    expect(conf.split('{').length).toBe(conf.split('}').length);
  });
});

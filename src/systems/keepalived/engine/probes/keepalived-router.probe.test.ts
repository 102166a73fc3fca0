import { describe, expect, it } from 'vitest';
import type { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';
import {
  fetchRouterState,
  parseRouterState,
  ROUTER_READING_STALE_MS,
  routerObservation,
} from './keepalived-router.probe';

const VIP = '10.9.8.250';

/** What the state agent of a MASTER answers (keepalived 2.2.7's dump, trimmed to the fields read). */
function agentBody(
  over: {
    state?: number;
    vip?: boolean;
    pid?: number | null;
    dump?: boolean;
    configVrid?: number | null;
    t?: number;
  } = {},
) {
  const addr = [
    {
      ifname: 'eth0',
      link_type: 'ether',
      address: '02:42:0A:09:08:0B',
      addr_info: [
        { family: 'inet', local: '10.9.8.11', prefixlen: 24 },
        ...(over.vip === false
          ? []
          : [{ family: 'inet', local: VIP, prefixlen: 24, secondary: true }]),
        { family: 'inet6', local: 'fe80::42:aff:fe09:80b', prefixlen: 64 },
      ],
    },
  ];
  const dump = [
    {
      data: {
        iname: 'dojo_vip',
        vrid: 51,
        base_priority: 150,
        effective_priority: 150,
        state: over.state ?? 2,
      },
      stats: { advert_rcvd: 3, advert_sent: 42, become_master: 1, release_master: 0 },
    },
  ];
  return JSON.stringify({
    t: over.t ?? 1795436031756,
    notify: 'MASTER 1795436026439',
    keepalivedPid: over.pid === undefined ? 13 : over.pid,
    addr,
    keepalived: over.dump === false ? null : dump,
    configVrid: over.configVrid === undefined ? 51 : over.configVrid,
  });
}

describe('keepalived router probe', () => {
  it('reads a MASTER holding the VIP, its MAC, priority and advert counters', () => {
    const obs = routerObservation('router-1', parseRouterState(agentBody()), VIP, { rttMs: 4 });
    expect(obs).toEqual({
      node: 'router-1',
      kind: 'router',
      role: 'master',
      state: 'running',
      vrrpState: 'MASTER',
      notifyState: 'MASTER',
      vipHeld: true,
      mac: '02:42:0a:09:08:0b',
      vrrpPriority: 150,
      advertsReceived: 3,
      advertsSent: 42,
      rttMs: 4,
    });
  });

  it('reads BACKUP and FAULT as replica, and says whether the VIP is on the interface', () => {
    const b = routerObservation(
      'router-2',
      parseRouterState(agentBody({ state: 1, vip: false })),
      VIP,
    );
    expect(b).toMatchObject({ role: 'replica', vrrpState: 'BACKUP', vipHeld: false });
    const f = routerObservation(
      'router-2',
      parseRouterState(agentBody({ state: 3, vip: false })),
      VIP,
    );
    expect(f).toMatchObject({ role: 'replica', vrrpState: 'FAULT' });
  });

  it("falls back to the notify script's state when no dump came, without counters", () => {
    const obs = routerObservation('router-1', parseRouterState(agentBody({ dump: false })), VIP);
    expect(obs).toMatchObject({ role: 'master', vrrpState: 'MASTER', vipHeld: true });
    expect(obs.advertsSent).toBeUndefined();
  });

  it('never claims a role when keepalived is not running, but still tells who holds the VIP', () => {
    const obs = routerObservation(
      'router-1',
      parseRouterState(agentBody({ pid: null, dump: false })),
      VIP,
    );
    expect(obs).toMatchObject({
      role: 'unknown',
      state: 'running',
      vipHeld: true,
      error: 'keepalived is not running',
    });
    expect(obs.vrrpState).toBeUndefined();
  });

  it('reads a silent agent as unknown and unreachable', () => {
    expect(
      routerObservation('router-2', undefined, VIP, { error: 'no answer for 400 ms' }),
    ).toEqual({
      node: 'router-2',
      kind: 'router',
      role: 'unknown',
      state: 'unreachable',
      error: 'no answer for 400 ms',
    });
  });

  it('rejects a torn reply instead of guessing', () => {
    expect(() => parseRouterState(agentBody().slice(0, 120))).toThrow();
  });

  it("reads the config file's virtual_router_id beside the running one, absent when the agent has none", () => {
    const pushed = parseRouterState(agentBody({ configVrid: 52 }));
    expect(pushed.configVrid).toBe(52);
    expect(pushed.instance?.virtualRouterId).toBe(51);
    expect(parseRouterState(agentBody({ configVrid: null })).configVrid).toBeUndefined();
  });

  it('takes a fresh reading of the agent and refuses one its loop stopped rewriting', async () => {
    const agent = (t: number) =>
      ({
        get: () => Promise.resolve({ status: 200, body: agentBody({ t }) }),
      }) as unknown as HttpProbeConnection;
    const fresh = await fetchRouterState(agent(Date.now() - 150), 500);
    expect(fresh.state?.instance?.state).toBe('MASTER');
    const stale = await fetchRouterState(agent(Date.now() - ROUTER_READING_STALE_MS - 1000), 500);
    expect(stale.state).toBeUndefined();
    expect(stale.error).toMatch(/^router reading is \d+ ms old$/);
    expect(routerObservation('router-1', stale.state, VIP, { error: stale.error }).role).toBe(
      'unknown',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { FinalHealth, KeepalivedFinalHealth } from '../../../shared/scenario-types';
import { finalHealth } from '../../../core/grading/final-health.check';
import {
  KEEPALIVED_SETTINGS,
  keepalivedHealth,
  testKeepalivedScenario,
} from './testing/keepalived-test-history';
import { HistoryBuilder, contextFor } from '../../../core/testing/test-history';

const scenario = testKeepalivedScenario();
function grade(o: Partial<FinalHealth> = {}, k: Partial<KeepalivedFinalHealth> = {}) {
  const h = new HistoryBuilder().start(KEEPALIVED_SETTINGS);
  h.add(1000, { kind: 'final-health', health: keepalivedHealth(o, k) });
  return finalHealth(contextFor(scenario, h.events(), 'final-health'));
}

describe('final-health on a keepalived lab', () => {
  it('passes in VRRP words when router-1 alone is MASTER with the VIP and router-2 hears it', () => {
    const r = grade();
    expect(r.verdict).toBe('pass');
    expect(r.why).toBe(
      "Healthy at the end: router-1 the only VRRP MASTER and the only router holding the VIP, router-2 BACKUP and hearing its adverts, keepalived running on both routers in one VRRP group (virtual_router_id 51), the client's ARP entry on router-1's MAC and only router-1 answering ARP for the VIP, no block or fence left.",
    );
  });

  it('fails on two MASTERs with the VIP on both and two MACs answering ARP', () => {
    const r = grade(
      { masters: ['router-1', 'router-2'], replicasCaughtUp: [], activeFaults: ['drop-vrrp'] },
      { vipHolders: ['router-1', 'router-2'], arpAnswerers: ['router-1', 'router-2'] },
    );
    expect(r.verdict).toBe('fail');
    expect(r.figures).toMatchObject({
      masters: 2,
      vipHolders: 2,
      arpAnswerers: 2,
      activeFaults: 1,
    });
    expect(r.why).toBe(
      'Not healthy at the end: router-1 and router-2 are both in VRRP MASTER; the VIP sits on router-1 and router-2; ARP for the VIP is answered by router-1 and router-2; fault still active: drop-vrrp.',
    );
  });

  it('fails on a client neighbour entry left on router-2 (no gratuitous ARP from the master)', () => {
    const r = grade({}, { neighbourRouter: 'router-2' });
    expect(r.why).toMatch(
      /the client's neighbour entry for the VIP points at router-2, not router-1/,
    );
  });

  it('fails on keepalived stopped on the backup, and on two VRRP groups', () => {
    const stopped = grade(
      { replicasCaughtUp: [] },
      {
        keepalivedRunning: { 'router-1': true, 'router-2': false },
        vrrpStates: { 'router-1': 'MASTER', 'router-2': 'unknown' },
      },
    );
    expect(stopped.why).toMatch(
      /router-2 \(silent\) is not a BACKUP hearing router-1's adverts; keepalived is not running on router-2/,
    );
    const groups = grade({}, { virtualRouterIds: { 'router-1': 51, 'router-2': 52 } });
    expect(groups.why).toMatch(
      /two VRRP groups: router-1 has virtual_router_id 51, router-2 has virtual_router_id 52/,
    );
  });

  it('fails on no MASTER, the VIP nowhere and a fence left', () => {
    const r = grade(
      { masters: [], replicasCaughtUp: [], activeFences: ['router-2'] },
      { vipHolders: [], arpAnswerers: [] },
    );
    expect(r.why).toMatch(
      /no router is in VRRP MASTER; no router holds the VIP;.*nobody answers ARP for the VIP; fence still in place: router-2/,
    );
  });

  it('is unknown, not "not running" or "no VIP", when both routers could not be read, and says router-2 served', () => {
    const h = new HistoryBuilder().start(KEEPALIVED_SETTINGS);
    h.requests('app-session', 0, 1000, () => ({ node: 'router-2', outcome: 'ack' }));
    h.add(1000, {
      kind: 'final-health',
      health: keepalivedHealth(
        { masters: [], replicasCaughtUp: [], coordinationOk: false },
        {
          vipHolders: [],
          httpResponder: 'router-2',
          arpAnswerers: ['router-2'],
          neighbourRouter: 'router-2',
          keepalivedRunning: {},
          virtualRouterIds: {},
          vrrpStates: { 'router-1': 'unreadable', 'router-2': 'unreadable' },
          unreadable: { 'router-1': 'timeout', 'router-2': 'timeout' },
        },
      ),
    });
    const r = finalHealth(contextFor(scenario, h.events(), 'final-health'));
    expect(r.verdict).toBe('unknown');
    expect(r.why).toBe(
      "Final health unknown: router-1 could not be read (timeout) and router-2 could not be read (timeout) when it was taken, so whether one router alone is VRRP MASTER and holds the VIP is not known. Yet router-2 answered 20 of the client's calls through the VIP, the last one too: it was serving, only its probe was not read.",
    );
    expect(r.why).not.toMatch(/not running|no router holds the VIP|no router is in VRRP MASTER/);
  });

  it('is unknown when the backup could not be read and the master looks healthy', () => {
    const r = grade(
      { replicasCaughtUp: [], coordinationOk: false },
      {
        keepalivedRunning: { 'router-1': true },
        virtualRouterIds: { 'router-1': 51 },
        vrrpStates: { 'router-1': 'MASTER', 'router-2': 'unreadable' },
        unreadable: { 'router-2': 'timeout' },
      },
    );
    expect(r.verdict).toBe('unknown');
    expect(r.why).toMatch(/^Final health unknown: router-2 could not be read \(timeout\)/);
    expect(r.why).not.toMatch(/router-2 \(silent\)|not a BACKUP|not running/);
  });

  it('still fails on what was read (two MACs for the VIP, a fault left) and names what could not be read', () => {
    const r = grade(
      { masters: [], replicasCaughtUp: [], coordinationOk: false, activeFaults: ['drop-vrrp'] },
      {
        vipHolders: [],
        arpAnswerers: ['router-1', 'router-2'],
        keepalivedRunning: {},
        virtualRouterIds: {},
        vrrpStates: { 'router-1': 'unreadable', 'router-2': 'unreadable' },
        unreadable: { 'router-1': 'timeout', 'router-2': 'timeout' },
      },
    );
    expect(r.verdict).toBe('fail');
    expect(r.why).toBe(
      'Not healthy at the end: ARP for the VIP is answered by router-1 and router-2; fault still active: drop-vrrp; router-1 could not be read (timeout); router-2 could not be read (timeout).',
    );
  });

  it('does not call ARP or the neighbour entry missing when the client could not be read', () => {
    const r = grade(
      { coordinationOk: false },
      { arpAnswerers: [], httpResponder: undefined, clientUnreadable: 'timeout' },
    );
    expect(r.verdict).toBe('unknown');
    expect(r.why).toMatch(/the client could not be read \(timeout\)/);
    expect(r.why).not.toMatch(/nobody answers ARP|no neighbour entry/);
  });
});

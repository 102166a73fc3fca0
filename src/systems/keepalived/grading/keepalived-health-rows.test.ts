import { describe, expect, it } from 'vitest';
import { keepalivedHealth } from './testing/keepalived-test-history';
import { finalHealthRows } from '../../../core/debrief/health-rows';

describe("the debrief's keepalived final health rows", () => {
  it('say a router or the client could not be read, never that keepalived is not running there', () => {
    const rows = Object.fromEntries(
      finalHealthRows(
        keepalivedHealth(
          { masters: ['router-1'], replicasCaughtUp: [] },
          {
            keepalivedRunning: { 'router-1': true },
            vrrpStates: { 'router-1': 'MASTER', 'router-2': 'unreadable' },
            virtualRouterIds: { 'router-1': 51 },
            unreadable: { 'router-2': 'timeout' },
            clientUnreadable: 'timeout',
          },
        ),
        'keepalived',
      ),
    );
    expect(rows['keepalived running']).toBe('router-1: yes, router-2: could not be read');
    expect(rows['VIP on']).toBe('router-1 (router-2 could not be read)');
    expect(rows['ARP for the VIP answered by']).toBe('could not be read');
    expect(rows["Client's neighbour entry for the VIP"]).toBe('could not be read');
    expect(rows['VRRP states']).toBe('router-1: MASTER, router-2: unreadable');
  });
});

describe('final health rows of a system this build does not have', () => {
  it('keep the common rows and name the unknown system instead of failing the export', () => {
    const rows = Object.fromEntries(
      finalHealthRows(
        keepalivedHealth({ masters: ['router-1'], replicasCaughtUp: [] }, {}),
        'zookeeper',
      ),
    );
    expect(rows['Masters']).toBe('router-1');
    expect(rows['Note']).toMatch(/unknown system "zookeeper"/);
  });
});

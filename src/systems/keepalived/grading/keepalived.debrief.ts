import type { NodeObservation } from '../../../shared/lab-types';
import type { SystemDebrief } from '../../../core/debrief/system-debrief';
import { healthList, stillActive } from '../../../core/debrief/debrief-text';
import { vipClientOf } from './keepalived-facts';
import { buildObservations } from './keepalived-observations';
import { KeepalivedLogMerger, clientChanges, routerChanges } from './keepalived-timeline';

/**
 * keepalived's part of the debrief: routers in VRRP MASTER, each router's
 * VRRP state and the VIP on it, the client's view of the VIP (MACs answering
 * ARP, its neighbour entry) and keepalived's log events (repeats merged) in
 * the timeline; observations against the card's misdiagnoses; the final
 * health rows (routers in MASTER, VRRP states, VIP holders, ARP answers, the
 * client's neighbour entry, virtual_router_id). The routers elect among
 * themselves: no coordinators' choice. Pure.
 */
export const keepalivedDebrief: SystemDebrief = {
  choiceLabel: () => 'no coordinators',
  mastersLabel: (n) => `${n} router${n === 1 ? '' : 's'} in VRRP MASTER`,
  ownRoleKinds: ['router'],
  sampleChanges() {
    let client: NodeObservation | undefined;
    return (prev, view, s, at) => {
      const out = prev ? [...routerChanges(prev, view, at), ...clientChanges(client, s, at)] : [];
      client = vipClientOf(s) ?? client;
      return out;
    };
  },
  logEntries() {
    const merger = new KeepalivedLogMerger();
    return {
      add: (e, at) => (e.kind === 'keepalived-event' ? merger.add(e.t, at, e) : undefined),
      finish: () => merger.finish(),
    };
  },
  observations: buildObservations,
  healthRows(f) {
    const k = f.keepalived;
    const unread = Object.keys(k?.unreadable ?? {});
    const notRead = unread.length ? ` (${unread.join(', ')} could not be read)` : '';
    const client = (value: string) =>
      k?.clientUnreadable === undefined ? value : 'could not be read';
    return [
      ['Routers in VRRP MASTER', (f.masters.join(', ') || 'none') + notRead],
      ['VRRP states', healthList.of(k?.vrrpStates ?? {}, ': ')],
      ['VIP on', (k?.vipHolders.join(', ') || 'no router') + notRead],
      ['ARP for the VIP answered by', client(k?.arpAnswerers.join(', ') || 'nobody')],
      ["Client's neighbour entry for the VIP", client(k?.neighbourRouter ?? 'none on a router')],
      ['Last HTTP answer through the VIP', client(k?.httpResponder ?? 'none')],
      ['Backups hearing adverts', healthList.caught(f) + notRead],
      [
        'keepalived running',
        healthList.of(
          Object.fromEntries([
            ...Object.entries(k?.keepalivedRunning ?? {}).map(([r, on]) => [r, on ? 'yes' : 'no']),
            ...unread.map((r) => [r, 'could not be read']),
          ]),
          ': ',
        ),
      ],
      ['virtual_router_id', healthList.of(k?.virtualRouterIds ?? {}, ': ')],
      ['Still active', stillActive(f)],
    ];
  },
};

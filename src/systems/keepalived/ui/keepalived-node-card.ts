import type { NodeObservation } from '../../../shared/lab-types';
import type { NodeCardPart, NodeFact } from '../../../renderer/src/components/node-card-kit';

/** A router's VRRP facts, and the client's view of the VIP. */
function vrrpFacts(obs: NodeObservation): NodeFact[] {
  const facts: NodeFact[] = [];
  const add = (label: string, value: string, alarm?: boolean) =>
    facts.push(alarm ? { label, value, alarm } : { label, value });
  if (obs.vrrpState !== undefined) add('vrrp', obs.vrrpState);
  if (obs.kind === 'router' && obs.vipHeld !== undefined)
    add('vip', obs.vipHeld ? 'held' : 'not held');
  if (obs.vrrpPriority !== undefined) add('priority', String(obs.vrrpPriority));
  if (obs.advertsReceived !== undefined || obs.advertsSent !== undefined)
    add('adverts', `${obs.advertsReceived ?? '?'} rx · ${obs.advertsSent ?? '?'} tx`);
  if (obs.mac !== undefined) add('mac', obs.mac);
  if (obs.vipArpMacs !== undefined)
    add(
      'arp for vip',
      obs.vipArpMacs.length === 0
        ? 'no answer'
        : obs.vipArpMacs.map((m, i) => obs.vipArpNodes?.[i] ?? m).join(', '),
      // More than one MAC answering ARP for the VIP: two routers hold it.
      obs.vipArpMacs.length > 1,
    );
  if (obs.kind === 'vip-client' && obs.role === 'client') {
    const nb = obs.vipNeighbour;
    add('neighbour', nb ? `${nb.node ?? nb.mac ?? '—'} ${nb.state}` : 'none');
    add('http via vip', obs.vipHttpResponder ?? 'no answer');
  }
  return facts;
}

/** What a keepalived lab's node cards add. */
export const keepalivedNodeCard: NodeCardPart = { facts: vrrpFacts };

import { afterEach, describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../shared/lab-types';
import { render, type Rendered } from '../../../renderer/src/test/render';
import { NodeCard } from '../../../renderer/src/components/node-card';

// A keepalived lab's node cards, through the registry (SYSTEM_VIEWS.keepalived.nodeCard).
let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

describe('NodeCard for the keepalived lab', () => {
  const router: NodeObservation = {
    node: 'router-1',
    kind: 'router',
    role: 'master',
    state: 'running',
    vrrpState: 'MASTER',
    vipHeld: true,
    vrrpPriority: 150,
    advertsReceived: 0,
    advertsSent: 42,
    mac: '02:42:0a:09:08:0b',
  };

  it("shows a router's VRRP state, whether it holds the VIP, its priority, adverts and MAC", async () => {
    view = await render(<NodeCard obs={router} splitBrain={false} />);
    const card = view.get('node-card-router-1');
    expect(card.dataset.kind).toBe('router');
    expect(card.querySelector('[data-testid="node-role"]')?.textContent).toBe('MASTER');
    expect(card.textContent).toContain('vrrpMASTER');
    expect(card.textContent).toContain('vipheld');
    expect(card.textContent).toContain('priority150');
    expect(card.textContent).toContain('adverts0 rx · 42 tx');
    expect(card.textContent).toContain('mac02:42:0a:09:08:0b');
    await view.unmount();
    const backup = {
      ...router,
      node: 'router-2',
      role: 'replica' as const,
      vrrpState: 'BACKUP',
      vipHeld: false,
    };
    view = await render(<NodeCard obs={backup} splitBrain={false} />);
    expect(view.get('node-card-router-2').textContent).toContain('vipnot held');
  });

  it("shows the client's view of the VIP and flags two routers answering ARP for it", async () => {
    const client: NodeObservation = {
      node: 'client',
      kind: 'vip-client',
      role: 'client',
      state: 'running',
      vipArpMacs: ['02:42:0a:09:08:0b', '02:42:0a:09:08:0c'],
      vipArpNodes: ['router-1', 'router-2'],
      vipNeighbour: { mac: '02:42:0a:09:08:0c', node: 'router-2', state: 'REACHABLE' },
      vipHttpResponder: 'router-2',
    };
    view = await render(<NodeCard obs={client} splitBrain={true} />);
    const card = view.get('node-card-client');
    expect(card.querySelector('[data-testid="node-role"]')?.textContent).toBe('CLIENT');
    expect(card.className).not.toContain('split');
    expect(card.textContent).toContain('arp for viprouter-1, router-2');
    expect(card.textContent).toContain('neighbourrouter-2 REACHABLE');
    expect(card.textContent).toContain('http via viprouter-2');
    const arp = [...card.querySelectorAll('.node-facts > div')].find((d) =>
      d.textContent?.startsWith('arp for vip'),
    );
    expect(arp?.className).toBe('flag-down');
    await view.unmount();
    const healthy = { ...client, vipArpMacs: ['02:42:0a:09:08:0b'], vipArpNodes: ['router-1'] };
    view = await render(<NodeCard obs={healthy} splitBrain={false} />);
    const one = [...view.get('node-card-client').querySelectorAll('.node-facts > div')].find((d) =>
      d.textContent?.startsWith('arp for vip'),
    );
    expect(one?.className).toBe('');
  });
});

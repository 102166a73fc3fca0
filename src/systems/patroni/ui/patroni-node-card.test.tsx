import { afterEach, describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../shared/lab-types';
import { render, type Rendered } from '../../../renderer/src/test/render';
import { formatLsn } from '../../../renderer/src/format';
import { NodeCard } from '../../../renderer/src/components/node-card';

// A Patroni lab's node cards, through the registry (SYSTEM_VIEWS.patroni.nodeCard).
let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

const primary: NodeObservation = {
  node: 'pg-1',
  kind: 'postgres',
  role: 'master',
  patroniRole: 'master',
  patroniState: 'running',
  state: 'running',
  timeline: 2,
  lsn: 67108960,
  onlineReplicas: 2,
};

describe('NodeCard for the Patroni lab', () => {
  it("shows Patroni's role next to postgres's, the timeline and the LSN", async () => {
    view = await render(<NodeCard obs={primary} splitBrain={false} />);
    const card = view.get('node-card-pg-1');
    expect(card.dataset.kind).toBe('postgres');
    expect(card.dataset.role).toBe('master');
    expect(card.querySelector('[data-testid="node-role"]')?.textContent).toBe('MASTER');
    const patroni = card.querySelector('[data-testid="node-patroni-role"]');
    expect(patroni?.textContent).toBe('patroni: master');
    expect(patroni?.className).not.toContain('disagrees');
    expect(card.textContent).toContain('timeline2');
    expect(card.textContent).toContain('lsn0/4000060');
  });

  it('flags Patroni disagreeing with postgres (a rogue primary Patroni calls a replica)', async () => {
    const rogue: NodeObservation = { ...primary, node: 'pg-3', patroniRole: 'replica' };
    view = await render(<NodeCard obs={rogue} splitBrain={true} />);
    const card = view.get('node-card-pg-3');
    expect(card.className).toContain('split');
    expect(card.querySelector('[data-testid="node-patroni-role"]')?.className).toContain(
      'disagrees',
    );
  });

  it('shows the leader key holder and its lease on an etcd card', async () => {
    const etcd: NodeObservation = {
      node: 'etcd-1',
      kind: 'etcd',
      role: 'dcs',
      state: 'running',
      leaderKey: { holder: 'pg-1', ttlSeconds: 7 },
    };
    view = await render(<NodeCard obs={etcd} splitBrain={false} />);
    const card = view.get('node-card-etcd-1');
    expect(card.querySelector('[data-testid="node-role"]')?.textContent).toBe('DCS');
    expect(card.textContent).toContain('leader keypg-1');
    expect(card.textContent).toContain('lease ttl7 s');
    await view.unmount();
    view = await render(<NodeCard obs={{ ...etcd, leaderKey: undefined }} splitBrain={false} />);
    expect(view.get('node-card-etcd-1').textContent).toContain('leader keynone');
  });
});

describe('formatLsn', () => {
  it('prints the usual X/Y notation', () => {
    expect(formatLsn(0)).toBe('0/0');
    expect(formatLsn(67108960)).toBe('0/4000060');
    expect(formatLsn(2 ** 32 + 255)).toBe('1/FF');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../shared/lab-types';
import { render, type Rendered } from '../test/render';
import appCss from '../styles.css?raw';
import { formatLsn, NodeCard } from './node-card';

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

describe('NodeCard: clocks and TILT', () => {
  const sentinel = (over: Partial<NodeObservation>): NodeObservation => ({
    node: 'sentinel-1',
    kind: 'sentinel',
    role: 'sentinel',
    state: 'running',
    following: 'redis-1',
    sentinel: { masterFlags: ['master'], knownReplicas: 2, knownSentinels: 2, quorum: 2 },
    ...over,
  });

  it('says when a sentinel is in TILT and how far its clock is off', async () => {
    view = await render(
      <NodeCard
        obs={sentinel({
          clockOffsetMs: 20_040,
          sentinel: {
            masterFlags: ['master'],
            knownReplicas: 2,
            knownSentinels: 2,
            quorum: 2,
            tilt: true,
          },
        })}
        splitBrain={false}
      />,
    );
    const text = view.get('node-card-sentinel-1').textContent;
    expect(text).toContain('modeTILT (acts on nothing)');
    expect(text).toContain('clock+20.0 s');
  });

  it('says nothing of a clock within half a second, or of a sentinel out of TILT', async () => {
    view = await render(<NodeCard obs={sentinel({ clockOffsetMs: -120 })} splitBrain={false} />);
    const text = view.get('node-card-sentinel-1').textContent;
    expect(text).not.toContain('TILT');
    expect(text).not.toContain('clock');
  });
});

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

describe('NodeCard: etcd (Raft) members', () => {
  const raft = (over: Partial<NodeObservation> = {}): NodeObservation => ({
    node: 'raft-2',
    kind: 'raft',
    role: 'replica',
    state: 'running',
    following: 'raft-1',
    raft: {
      memberId: '91bc3c398fb3c146',
      term: 3,
      leader: 'raft-1',
      state: 'follower',
      commitIndex: 1252,
      appliedIndex: 1250,
    },
    ...over,
  });
  const facts = (card: HTMLElement) =>
    [...card.querySelectorAll('.node-facts > div')].map((d) => [d.textContent, d.className]);

  it('shows the leader it follows, its term, applied index, state and commit index (the leader once)', async () => {
    view = await render(<NodeCard obs={raft()} splitBrain={false} />);
    expect(facts(view.get('node-card-raft-2'))).toEqual([
      ['leaderraft-1', ''],
      ['term3', ''],
      ['applied1,250', ''],
      ['statefollower', ''],
      ['commit1,252', ''],
    ]);
  });

  it('flags a member that knows no leader; a leader follows itself; a silent member shows no reading', async () => {
    const cutOff = raft({ node: 'raft-1', following: undefined });
    delete cutOff.raft!.leader;
    view = await render(<NodeCard obs={cutOff} splitBrain={false} />);
    expect(facts(view.get('node-card-raft-1'))[0]).toEqual(['leadernone known', 'flag-down']);
    await view.unmount();
    const leader = raft({ role: 'master', following: undefined });
    leader.raft = { ...leader.raft!, leader: 'raft-2' };
    view = await render(<NodeCard obs={leader} splitBrain={false} />);
    expect(facts(view.get('node-card-raft-2'))[0]).toEqual(['leaderitself', '']);
    await view.unmount();
    view = await render(
      <NodeCard
        obs={raft({ role: 'unknown', state: 'unreachable', error: 'timeout' })}
        splitBrain={false}
      />,
    );
    expect(view.get('node-card-raft-2').textContent).not.toContain('term');
  });
});

describe('formatLsn', () => {
  it('prints the usual X/Y notation', () => {
    expect(formatLsn(0)).toBe('0/0');
    expect(formatLsn(67108960)).toBe('0/4000060');
    expect(formatLsn(2 ** 32 + 255)).toBe('1/FF');
  });
});

describe('NodeCard badges', () => {
  const unreachable: NodeObservation = {
    node: 'pg-2',
    kind: 'postgres',
    role: 'unknown',
    patroniRole: 'unknown',
    state: 'unreachable',
    error: 'timeout after 400 ms',
  };

  it('wrap inside the card and cut a badge longer than the card (full text as a tooltip)', async () => {
    // The app's own stylesheet, as the window loads it.
    const style = document.createElement('style');
    style.textContent = appCss;
    document.head.appendChild(style);
    try {
      view = await render(<NodeCard obs={unreachable} splitBrain={false} />);
      const card = view.get('node-card-pg-2');
      const badges = card.querySelector('.node-badges') as HTMLElement;
      expect(getComputedStyle(badges).flexWrap).toBe('wrap');
      const state = card.querySelector('[data-testid="node-state"]') as HTMLElement;
      expect(state.textContent).toBe('unreachable');
      expect(state.title).toBe('unreachable');
      const cut = getComputedStyle(state);
      expect(cut.maxWidth).toBe('100%');
      expect(cut.overflow).toBe('hidden');
      expect(cut.textOverflow).toBe('ellipsis');
      expect(
        card.querySelector('[data-testid="node-patroni-role"]')?.getAttribute('title'),
      ).toContain('unknown');
    } finally {
      style.remove();
    }
  });

  it('cut a long value (a sentinel flagging the master down) inside the card, full text as a tooltip', async () => {
    const style = document.createElement('style');
    style.textContent = appCss;
    document.head.appendChild(style);
    try {
      const flags = 's_down,o_down,master,failover_in_progress';
      view = await render(
        <NodeCard
          obs={{
            node: 'sentinel-1',
            kind: 'sentinel',
            role: 'sentinel',
            state: 'running',
            following: 'redis-1',
            sentinel: {
              masterFlags: flags.split(','),
              knownReplicas: 2,
              knownSentinels: 2,
              quorum: 2,
            },
          }}
          splitBrain={false}
        />,
      );
      const dd = [...view.get('node-card-sentinel-1').querySelectorAll('.node-facts dd')].find(
        (d) => d.textContent === flags,
      ) as HTMLElement;
      expect(dd.title).toBe(flags);
      const cut = getComputedStyle(dd);
      expect(['0', '0px']).toContain(cut.minWidth);
      expect(cut.overflow).toBe('hidden');
      expect(cut.textOverflow).toBe('ellipsis');
    } finally {
      style.remove();
    }
  });

  it('once the lab is stopped: greyed, "stopped", the last role as history', async () => {
    view = await render(<NodeCard obs={primary} splitBrain={true} ended />);
    const card = view.get('node-card-pg-1');
    expect(card.className).toContain('card-ended');
    expect(card.className).not.toContain('split');
    expect(card.dataset.state).toBe('stopped');
    expect(card.dataset.role).toBe('master');
    expect(card.querySelector('[data-testid="node-role"]')?.textContent).toBe('was master');
    expect(card.querySelector('[data-testid="node-state"]')?.textContent).toBe('stopped');
    expect(card.querySelector('[data-testid="node-patroni-role"]')).toBeNull();
    expect(card.textContent).not.toContain('running');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../shared/lab-types';
import { render, type Rendered } from '../test/render';
import appCss from '../styles.css?raw';
import { NodeCard } from './node-card';

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

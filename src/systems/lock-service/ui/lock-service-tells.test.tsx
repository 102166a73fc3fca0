import { afterEach, describe, expect, it } from 'vitest';
import type { TellId } from '../../../shared/scenario-schema';
import { emptyScenarioLive } from '../../../renderer/src/store/scenario-state';
import type { RunState } from '../../../renderer/src/store/run-state';
import type { TellsProps } from '../../../renderer/src/components/system-tells';
import { SYSTEM_VIEWS } from '../../../renderer/src/components/system-views';
import { sample } from '../../../renderer/src/test/fake-client';
import { render, type Rendered } from '../../../renderer/src/test/render';
import {
  lockEvent,
  lockNode,
  lockSample,
  silentNode,
  storageNode,
} from '../shared/testing/lock-fixtures';

// The lock service's tells and chip, through the registry (SYSTEM_VIEWS['lock-service']).
const { Tells, StatusChip, LabCharts } = SYSTEM_VIEWS['lock-service'];
const T0 = 1_000_000;

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

/** worker-1 took 7 and froze; worker-2 took 12; storage (check off) took one stale write. */
function zombieTells(tells: readonly TellId[]): TellsProps {
  const samples = [
    lockSample(T0 + 1000, { holder: 'worker-1', token: 7 }, { highest: 7 }),
    lockSample(T0 + 9000, { holder: 'worker-2', token: 12 }, { highest: 12 }),
    lockSample(
      T0 + 12_000,
      {
        holder: 'worker-2',
        token: 12,
        leaseTtlSeconds: 4,
        previousHolder: 'worker-1',
        previousToken: 7,
      },
      {
        highest: 12,
        staleAccepted: 1,
        accepted: { 'worker-1': 30, 'worker-2': 20 },
        lastWriter: 'worker-2',
        lastToken: 12,
      },
    ),
  ];
  const live = {
    ...emptyScenarioLive('zombie-lock-holder'),
    systemEvents: [
      lockEvent(T0 + 500, 'worker-1', true, 'acquired, token 7', 7),
      lockEvent(T0 + 8800, 'worker-2', true, 'acquired, token 12', 12),
    ],
  };
  return {
    shows: (t) => tells.includes(t),
    live,
    latest: samples[samples.length - 1],
    chartSamples: samples,
    t0: T0,
    labOrder: ['etcd-1', 'storage'],
    dataNodes: ['storage'],
    faults: [],
    writes: [],
    writeNodes: ['storage'],
    domain: [0, 20],
  };
}

describe('lock-service tells', () => {
  it('the lock-holder panel: the lock, storage, and a worker that still believes it holds token 7', async () => {
    view = await render(<Tells {...zombieTells(['lock-holder'])} />);
    const panel = view.get('lock-holder');
    expect(panel.dataset).toMatchObject({
      holder: 'worker-2',
      token: '12',
      ttl: '4',
      previous: 'worker-1',
      check: 'off',
      highest: '12',
      zombies: 'worker-1',
    });
    expect(view.get('lock-holder-etcd').textContent).toBe(
      'etcd-1held by worker-2 (token 12) · lease 4 s left · before: worker-1 (token 7)',
    );
    expect(view.get('lock-holder-storage').textContent).toBe(
      'storagefencing check off · highest token accepted 12 · last write worker-2 (token 12)',
    );
    expect(view.get('lock-zombie').textContent).toBe(
      'worker-1 still believes it holds the lock with token 7; etcd names worker-2 (token 12)',
    );
    expect(view.get('lock-stale-accepted').textContent).toBe('storage accepted 1 stale write');
    expect(view.get('lock-belief-worker-2').dataset).toMatchObject({
      holding: 'true',
      token: '12',
    });
    expect(view.query('fencing-tokens')).toBeNull();
    expect(view.query('lock-events')).toBeNull();
  });

  it('unknown nodes read unknown, never a guess', async () => {
    const props = zombieTells(['lock-holder']);
    const latest = sample(T0, [silentNode('etcd-1', 'paused'), silentNode('storage')]);
    view = await render(<Tells {...props} latest={latest} />);
    expect(view.get('lock-holder').dataset.holder).toBe('');
    expect(view.get('lock-holder').dataset.zombies).toBe('');
    expect(view.get('lock-holder-etcd').textContent).toBe('etcd-1unknown (paused)');
    expect(view.get('lock-holder-storage').textContent).toBe('storageunknown (timeout)');
  });

  it("the fencing-tokens chart: storage's highest, each worker's token, the stale mark", async () => {
    view = await render(<Tells {...zombieTells(['fencing-tokens'])} />);
    const chart = view.get('fencing-tokens');
    expect(chart.dataset).toMatchObject({
      workers: 'worker-1,worker-2',
      staleMarks: '1',
      writes: '0',
    });
    expect(chart.querySelector('h3')?.textContent).toBe(
      "Fencing tokens: storage's highest accepted, each worker's held",
    );
    expect(view.query('lock-holder')).toBeNull();
  });

  it("the lock events: the workers' own words, newest first, with what changed", async () => {
    view = await render(<Tells {...zombieTells(['lock-events'])} />);
    const items = [...view.container.querySelectorAll<HTMLElement>('[data-testid="lock-event"]')];
    expect(items.map((i) => [i.dataset.node, i.dataset.change, i.dataset.token])).toEqual([
      ['worker-2', 'acquired', '12'],
      ['worker-1', 'acquired', '7'],
    ]);
    expect(items[0]?.textContent).toContain('took the lock · token 12');
  });

  it('the chip: who holds the lock and its token; free; unknown', async () => {
    const props = zombieTells([]);
    const run = {} as RunState;
    view = await render(<StatusChip run={run} latest={props.latest} />);
    expect(view.get('lock-chip').textContent).toBe('lock: worker-2 · token 12');
    expect(view.get('lock-chip').dataset).toMatchObject({ holder: 'worker-2', token: '12' });
    await view.unmount();
    view = await render(<StatusChip run={run} latest={sample(0, [lockNode(), storageNode()])} />);
    expect(view.get('lock-chip').textContent).toBe('lock: free');
    await view.unmount();
    view = await render(<StatusChip run={run} latest={sample(0, [silentNode('etcd-1')])} />);
    expect(view.get('lock-chip').textContent).toBe('lock: unknown');
    expect(view.get('lock-chip').className).toContain('tell-bad');
  });

  it("a plain lab's chart: storage's highest token", async () => {
    const samples = zombieTells([]).chartSamples;
    view = await render(
      <LabCharts samples={samples} t0={T0} dataNodes={['storage']} routers={[]} />,
    );
    expect(view.get('fencing-tokens').dataset.workers).toBe('worker-1,worker-2');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../shared/lab-types';
import { render, type Rendered } from '../../../renderer/src/test/render';
import { NodeCard } from '../../../renderer/src/components/node-card';

// A Redis Sentinel lab's node cards, through the registry (SYSTEM_VIEWS['redis-sentinel'].nodeCard).
let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

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

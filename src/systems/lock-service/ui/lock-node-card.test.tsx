import { afterEach, describe, expect, it } from 'vitest';
import { render, type Rendered } from '../../../renderer/src/test/render';
import { NodeCard } from '../../../renderer/src/components/node-card';
import { lockNode, silentNode, storageNode } from '../shared/testing/lock-fixtures';

// A lock-service lab's node cards, through the registry (SYSTEM_VIEWS['lock-service'].nodeCard).
let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

const facts = (card: HTMLElement) =>
  [...card.querySelectorAll('.node-facts > div')].map((d) => [d.textContent, d.className]);

describe('NodeCard: lock-service nodes', () => {
  it("etcd-1: the lock's holder, token, lease left and the holder before it", async () => {
    const obs = lockNode({
      holder: 'worker-2',
      token: 12,
      leaseTtlSeconds: 4,
      previousHolder: 'worker-1',
      previousToken: 7,
    });
    view = await render(<NodeCard obs={obs} splitBrain={false} />);
    expect(facts(view.get('node-card-etcd-1'))).toEqual([
      ['holderworker-2', ''],
      ['token12', ''],
      ['lease4 s left', ''],
      ['beforeworker-1 (token 7)', ''],
    ]);
  });

  it('storage: its check (off flagged), highest token, stale writes (flagged), last write', async () => {
    const obs = storageNode({
      highest: 12,
      staleAccepted: 2,
      lastWriter: 'worker-1',
      lastToken: 7,
    });
    view = await render(<NodeCard obs={obs} splitBrain={false} />);
    expect(facts(view.get('node-card-storage'))).toEqual([
      ['fencing checkoff', 'flag-down'],
      ['highest token12', ''],
      ['stale accepted2', 'flag-down'],
      ['last writeworker-1 (token 7)', ''],
    ]);
  });

  it('a free lock and a node that did not answer', async () => {
    view = await render(<NodeCard obs={lockNode()} splitBrain={false} />);
    expect(facts(view.get('node-card-etcd-1'))).toEqual([['holdernone (free)', '']]);
    await view.unmount();
    view = await render(<NodeCard obs={silentNode('storage')} splitBrain={false} />);
    expect(view.get('node-card-storage').textContent).not.toContain('fencing check');
  });
});

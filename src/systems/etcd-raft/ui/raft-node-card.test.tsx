import { afterEach, describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../shared/lab-types';
import { render, type Rendered } from '../../../renderer/src/test/render';
import { NodeCard } from '../../../renderer/src/components/node-card';

// An etcd (Raft) lab's member cards, through the registry (SYSTEM_VIEWS['etcd-raft'].nodeCard).
let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
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

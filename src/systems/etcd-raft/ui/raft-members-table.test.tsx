import { afterEach, describe, expect, it } from 'vitest';
import { sample } from '../../../renderer/src/test/fake-client';
import { render, type Rendered } from '../../../renderer/src/test/render';
import { RaftMembersTable } from './raft-members-table';
import { RaftTermChip } from './raft-term-chip';
import { raftCut, raftNode, silentMember } from './testing/raft-fixtures';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

const ORDER = ['raft-1', 'raft-2', 'raft-3'];

describe('the Raft members table and term chip', () => {
  it("shows each member's own view, in lab order, with how far its key space is behind", async () => {
    view = await render(<RaftMembersTable sample={raftCut(0, 9, 4, 50, 80)} order={ORDER} />);
    const table = view.get('raft-members');
    expect(table.dataset.leaders).toBe('raft-2');
    expect(table.dataset.terms).toBe('4,9');
    expect(table.dataset.noLeader).toBe('raft-1');
    const rows = [...table.querySelectorAll('tbody tr')] as HTMLElement[];
    expect(rows.map((r) => [r.dataset.node, r.dataset.role])).toEqual([
      ['raft-1', 'replica'],
      ['raft-2', 'master'],
      ['raft-3', 'replica'],
    ]);
    const cells = (node: string) =>
      [...view!.get(`raft-member-${node}`).querySelectorAll('td')].map((td) => td.textContent);
    expect(cells('raft-1')).toEqual(['raft-1', 'knows no leader', '9', '50', 'candidate', '30']);
    expect(cells('raft-3')).toEqual(['raft-3', 'follows raft-2', '4', '80', 'follower', '0']);
    expect(view.get('raft-member-raft-1').dataset.state).toBe('candidate');
    expect(view.get('raft-knows-no-leader').textContent).toContain('raft-1 knows no leader');
    expect(view.get('raft-terms-differ').textContent).toContain('4, 9');
    expect(view.query('raft-two-leaders')).toBeNull();
  });

  it('a member that did not answer reads unknown throughout, never a guess', async () => {
    const s = sample(0, [
      raftNode('raft-1', 3, 'raft-1'),
      raftNode('raft-2', 3, 'raft-1'),
      silentMember('raft-3', 'paused'),
    ]);
    view = await render(<RaftMembersTable sample={s} order={ORDER} />);
    const row = view.get('raft-member-raft-3');
    expect(row.dataset.role).toBe('unknown');
    expect(row.dataset.behind).toBe('');
    expect([...row.querySelectorAll('td')].slice(1).map((td) => td.textContent)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('flags two members that say they lead, with their terms', async () => {
    const s = sample(0, [
      raftNode('raft-1', 2, 'raft-1'),
      raftNode('raft-2', 3, 'raft-2'),
      raftNode('raft-3', 3, 'raft-2'),
    ]);
    view = await render(<RaftMembersTable sample={s} order={ORDER} />);
    expect(view.get('raft-two-leaders').textContent).toBe(
      '2 members say they lead: raft-1 (term 2), raft-2 (term 3)',
    );
  });

  it('the chip shows the highest term any member reports, a dash before any answer', async () => {
    view = await render(<RaftTermChip sample={raftCut(0, 9, 4, 50, 80)} />);
    expect(view.get('raft-term').dataset.value).toBe('9');
    await view.unmount();
    view = await render(<RaftTermChip sample={undefined} />);
    expect(view.get('raft-term').dataset.value).toBe('');
    expect(view.get('raft-term').textContent).toContain('–');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Debrief } from '../../../shared/debrief-types';
import { DebriefBody } from '../../../renderer/src/components/debrief-view';
import { createAppStore } from '../../../renderer/src/store/app-store';
import { StoreProvider } from '../../../renderer/src/store/react';
import { FakeClient } from '../../../renderer/src/test/fake-client';
import { click, render, type Rendered } from '../../../renderer/src/test/render';
import { STALE_LEADER, debriefFor } from '../../../renderer/src/test/scenario-fixtures';
import { LockExplain } from './lock-explain';
import { explainSteps } from '../shared/lock-explain-steps';
import { HistoryBuilder, lockFinalHealth } from '../shared/testing/lock-fixtures';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

/** The zombie's run with storage's check off: 7 steps. */
function history() {
  return new HistoryBuilder()
    .start({ fencingCheck: false })
    .lock(500, 'worker-1', true, 'acquired, token 7', 7)
    .writes(600, 'worker-1', 7, 20)
    .pause(3000, 'worker-1', 'inject')
    .lock(9000, 'worker-2', true, 'acquired, token 12', 12)
    .writes(9100, 'worker-2', 12, 10)
    .pause(11_000, 'worker-1', 'revert')
    .writes(11_050, 'worker-1', 7, 1).events;
}

const step = (v: Rendered) => v.get('explain-step');
const position = (v: Rendered) => v.get('explain-position').textContent;

describe('explain mode', () => {
  it('steps through the run with Previous and Next, with the state at each step', async () => {
    view = await render(<LockExplain steps={explainSteps(history())} />);
    expect(position(view)).toBe('Step 1 of 7');
    expect(step(view).dataset.kind).toBe('acquire');
    expect(step(view).textContent).toBe(
      '+0.5 s worker-1 took the lock in etcd: fencing token 7 (the revision etcd gave its put).',
    );
    expect((view.get('explain-prev') as HTMLButtonElement).disabled).toBe(true);
    for (let i = 0; i < 6; i++) await click(view.get('explain-next'));
    expect(position(view)).toBe('Step 7 of 7');
    expect(step(view).dataset).toMatchObject({
      kind: 'zombie-accepted',
      node: 'worker-1',
      token: '7',
    });
    expect(step(view).textContent).toContain('ACCEPTED — the stale write got in');
    expect((view.get('explain-next') as HTMLButtonElement).disabled).toBe(true);
    expect(view.get('explain-lock').dataset).toMatchObject({ holder: 'worker-2', token: '12' });
    expect(view.get('explain-worker-worker-1').dataset).toMatchObject({
      holding: 'true',
      token: '7',
      frozen: 'false',
    });
    expect(view.get('explain-worker-worker-1').textContent).toContain('a zombie');
    expect(view.get('explain-storage').dataset).toMatchObject({ highest: '12', check: 'off' });
    await click(view.get('explain-prev'));
    await click(view.get('explain-prev'));
    expect(position(view)).toBe('Step 5 of 7');
    expect(step(view).dataset.kind).toBe('writes');
    await click(view.get('explain-prev'));
    expect(step(view).dataset.kind).toBe('acquire');
    expect(view.get('explain-worker-worker-1').dataset.frozen).toBe('true');
  });

  it('says when the history has nothing to explain', async () => {
    view = await render(<LockExplain steps={[]} />);
    expect(view.get('explain-empty').textContent).toContain('nothing to explain');
    expect(view.query('explain-next')).toBeNull();
  });
});

describe('the debrief shows explain mode', () => {
  const store = () =>
    createAppStore(new FakeClient(), { scheduleFlush: () => () => {}, engineRecheckMs: 0 });
  const lockDebrief = (): Debrief => ({
    ...debriefFor('run-lock'),
    scenario: { ...STALE_LEADER, id: 'zombie-lock-holder', system: 'lock-service' },
    finalHealth: lockFinalHealth(),
  });

  it('for a system that has it, from the steps its debrief derived, under its heading', async () => {
    view = await render(
      <StoreProvider store={store()}>
        <DebriefBody debrief={{ ...lockDebrief(), explain: explainSteps(history()) }} />
      </StoreProvider>,
    );
    const section = view.get('explain-mode');
    expect(section.querySelector('h3')?.textContent).toBe(
      'Explain: how the fencing token works in this run',
    );
    expect(position(view)).toBe('Step 1 of 7');
  });

  it('not without steps (a debrief stored before them), nor for a system without it', async () => {
    view = await render(
      <StoreProvider store={store()}>
        <DebriefBody debrief={lockDebrief()} />
      </StoreProvider>,
    );
    expect(view.query('explain-mode')).toBeNull();
    await view.unmount();
    view = await render(
      <StoreProvider store={store()}>
        <DebriefBody debrief={debriefFor('run-redis')} />
      </StoreProvider>,
    );
    expect(view.get('debrief').dataset.system).toBe('redis-sentinel');
    expect(view.query('explain-mode')).toBeNull();
  });
});

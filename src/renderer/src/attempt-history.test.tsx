import { describe, expect, it } from 'vitest';
import type { AttemptSummary } from '../../shared/debrief-types';
import { PLAYER_STORAGE_KEY } from './store/saved-player';
import { setUpAppHarness } from './test/app-harness';
import { actAsync, click, waitFor, type Rendered } from './test/render';
import { STALE_LEADER, STALE_SUMMARY } from './test/scenario-fixtures';

/** Eight attempts, newest first: two scenarios, played by Ana, Bo, or nobody named. */
const ATTEMPTS: AttemptSummary[] = Array.from({ length: 8 }, (_, i) => {
  const n = 8 - i;
  const zombie = n % 3 === 0;
  const player = n % 2 === 0 ? 'Ana' : n === 7 ? undefined : 'Bo';
  return {
    attemptId: `run-h${n}`,
    scenarioId: zombie ? 'zombie-leader' : 'stale-leader',
    title: zombie ? 'The master that came back' : STALE_LEADER.title,
    startedAt: 1_700_000_000_000 + n * 60_000,
    score: 10 * n,
    passed: n >= 7,
    ackedLost: 100 - n,
    ...(player ? { player } : {}),
    pace: n === 1 ? 'fast' : 'human',
    ...(n === 1 ? { responseName: 'reference' } : {}),
  };
});

const app = setUpAppHarness((client) => {
  client.scenarios = [STALE_SUMMARY];
  client.attempts = ATTEMPTS;
});
const { mount, go } = app;

const rowIds = (v: Rendered, section: string) =>
  [...v.get(section).querySelectorAll('tbody tr')].map((r) =>
    (r as HTMLElement).dataset.testid!.replace('attempt-row-', ''),
  );

function setInput(input: HTMLInputElement, value: string): void {
  // React tracks the value it last set: go through the native setter, as typing does.
  const desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  desc.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function choose(select: HTMLElement, value: string): Promise<void> {
  await actAsync(() => {
    (select as HTMLSelectElement).value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  // The filter lives in the address: apply the hash change as the browser would.
  await actAsync(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
}

async function submit(v: Rendered): Promise<void> {
  await actAsync(() =>
    v.get('player-name').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })),
  );
}

describe('who is playing', () => {
  it('asks once, keeps the name in localStorage and sends it with each scenario start', async () => {
    const v = await mount();
    const input = (await waitFor(() => v.get('player-name-input'))) as HTMLInputElement;
    expect(v.get('player-name').textContent).toContain('Who is playing?');
    await actAsync(() => setInput(input, '  Ana Lima  '));
    await submit(v);
    expect(v.get('player-name-current').textContent).toBe('Ana Lima');
    expect(v.query('player-name-input')).toBeNull();
    expect(window.localStorage.getItem(PLAYER_STORAGE_KEY)).toBe('Ana Lima');

    await click(v.get('start-scenario-stale-leader'));
    expect(app.client.called('startScenario').map((c) => c.args)).toEqual([
      { scenarioId: 'stale-leader', player: 'Ana Lima' },
    ]);

    // A new session on this machine remembers the name without asking.
    await app.unmount();
    app.store.dispose();
    const again = await mount();
    await go('#/');
    expect((await waitFor(() => again.get('player-name-current'))).textContent).toBe('Ana Lima');
  });

  it('refuses what is not a name, and can change or forget the name', async () => {
    const v = await mount();
    const input = (await waitFor(() => v.get('player-name-input'))) as HTMLInputElement;
    await actAsync(() => setInput(input, 'x'.repeat(41)));
    await submit(v);
    expect(v.get('player-name-error').textContent).toBe('at most 40 characters');
    expect(window.localStorage.getItem(PLAYER_STORAGE_KEY)).toBeNull();
    await actAsync(() => setInput(input, 'Bo'));
    await submit(v);
    expect(v.get('player-name').dataset.player).toBe('Bo');

    await click(v.get('player-name-change'));
    const edit = v.get('player-name-input') as HTMLInputElement;
    expect(edit.value).toBe('Bo');
    await actAsync(() => setInput(edit, 'Bo Chen'));
    await submit(v);
    expect(v.get('player-name-current').textContent).toBe('Bo Chen');

    await click(v.get('player-name-change'));
    await click(v.get('player-name-clear'));
    expect(v.get('player-name').dataset.player).toBe('');
    expect(window.localStorage.getItem(PLAYER_STORAGE_KEY)).toBeNull();
    await click(v.get('start-scenario-stale-leader'));
    expect(app.client.called('startScenario').map((c) => c.args)).toEqual([
      { scenarioId: 'stale-leader' },
    ]);
  });

  it('ignores a stored value that is not a name', async () => {
    window.localStorage.setItem(PLAYER_STORAGE_KEY, ' \u0007 ');
    const v = await mount();
    await waitFor(() => v.get('player-name-input'));
  });
});

describe('attempt history', () => {
  it('home keeps the scenarios and labs first and shows the latest five attempts with who played', async () => {
    const v = await mount();
    await waitFor(() => v.get('attempt-row-run-h8'));
    const order = ['scenario-catalog', 'lab-catalog', 'attempt-history', 'run-list'].map((id) =>
      v.get(id),
    );
    for (let i = 1; i < order.length; i++)
      expect(
        order[i - 1]!.compareDocumentPosition(order[i]!) & Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    expect(rowIds(v, 'attempt-history')).toEqual([
      'run-h8',
      'run-h7',
      'run-h6',
      'run-h5',
      'run-h4',
    ]);
    expect(v.get('attempt-player-run-h8').textContent).toBe('Ana');
    expect(v.get('attempt-player-run-h7').textContent).toBe('—');
    expect(v.get('attempt-player-run-h5').textContent).toBe('Bo');
    const link = v.get('open-history');
    expect(link.textContent).toBe('All 8 attempts ›');
    expect(link.getAttribute('href')).toBe('#/history');
  });

  it('the history view lists every attempt and filters by scenario and by person, in the address', async () => {
    const v = await mount();
    await go('#/history');
    const view = await waitFor(() => v.get('history-view'));
    expect(rowIds(v, 'history-view')).toEqual(ATTEMPTS.map((a) => a.attemptId));
    expect(view.dataset.total).toBe('8');
    expect(v.get('history-count').textContent).toBe('8 attempts');
    expect(v.get('attempt-row-run-h1').textContent).toContain('fast');

    const people = [...v.get('history-filter-player').querySelectorAll('option')].map(
      (o) => o.textContent,
    );
    expect(people).toEqual(['Everyone', 'Ana', 'Bo', '(no name)']);

    await choose(v.get('history-filter-scenario'), 'stale-leader');
    expect(window.location.hash).toBe('#/history?scenario=stale-leader');
    expect(rowIds(v, 'history-view')).toEqual([
      'run-h8',
      'run-h7',
      'run-h5',
      'run-h4',
      'run-h2',
      'run-h1',
    ]);

    await choose(v.get('history-filter-player'), 'Ana');
    expect(window.location.hash).toBe('#/history?scenario=stale-leader&player=Ana');
    expect(rowIds(v, 'history-view')).toEqual(['run-h8', 'run-h4', 'run-h2']);
    expect(v.get('history-count').textContent).toBe('3 of 8 attempts');

    await choose(v.get('history-filter-scenario'), '');
    expect(window.location.hash).toBe('#/history?player=Ana');
    expect(rowIds(v, 'history-view')).toEqual(['run-h8', 'run-h6', 'run-h4', 'run-h2']);

    const unnamed = [...v.get('history-filter-player').querySelectorAll('option')].find(
      (o) => o.textContent === '(no name)',
    )!;
    await choose(v.get('history-filter-player'), unnamed.value);
    expect(window.location.hash).toBe('#/history?unnamed=1');
    expect(rowIds(v, 'history-view')).toEqual(['run-h7']);

    expect(v.get('history-clear').getAttribute('href')).toBe('#/history');
    await go('#/history');
    expect(rowIds(v, 'history-view')).toHaveLength(8);
    expect(v.query('history-clear')).toBeNull();
  });

  it('opens straight on a filtered address, and says when nothing matches', async () => {
    const v = await mount();
    await go('#/history?player=Bo&scenario=zombie-leader');
    await waitFor(() => expect(rowIds(v, 'history-view')).toEqual(['run-h3']));
    expect((v.get('history-filter-player') as HTMLSelectElement).value).toBe('Bo');
    expect((v.get('history-filter-scenario') as HTMLSelectElement).value).toBe('zombie-leader');
    await go('#/history?player=Cy');
    await waitFor(() => v.get('history-empty'));
    expect((v.get('history-filter-player') as HTMLSelectElement).value).toBe('Cy');
    expect(v.get('history-count').textContent).toBe('0 of 8 attempts');
  });
});

describe('attempts that ended without a grade', () => {
  const notGraded = (attemptId: string, minutes: number, reason: string): AttemptSummary => ({
    attemptId,
    scenarioId: 'stale-leader',
    title: STALE_LEADER.title,
    startedAt: 1_700_000_000_000 + minutes * 60_000,
    score: 0,
    passed: false,
    ackedLost: 0,
    player: 'Ana',
    pace: 'human',
    notGraded: { reason },
  });
  const graded = ATTEMPTS[0]!;
  const heldRun = {
    runId: 'run-u2',
    labId: 'redis-sentinel',
    phase: 'failed' as const,
    startedAt: 1_700_000_600_000,
    build: [],
    samples: [],
  };

  it('marks them not graded with the reason: no score, verdict, loss or debrief link', async () => {
    app.client.attempts = [
      notGraded('run-u2', 10, 'the fault cut-master could not be put in place: iptables: busy'),
      notGraded('run-u1', 9, 'the app closed during the run'),
      graded,
    ];
    // The engine still holds run-u2 (it failed a moment ago); run-u1 is from before a restart.
    app.client.runs.set(heldRun.runId, heldRun);
    const v = await mount();
    await go('#/history');
    const row = await waitFor(() => v.get('attempt-row-run-u1'));
    expect(row.dataset.verdict).toBe('not-graded');
    expect(row.dataset.passed).toBe('');
    expect(row.dataset.score).toBe('');
    expect(v.get('attempt-reason-run-u1').textContent).toBe('the app closed during the run');
    expect(row.textContent).toContain('not graded');
    expect(row.textContent).not.toMatch(/not passed|passed/);
    expect(row.querySelector('.verdict-pass, .verdict-fail')).toBeNull();
    expect(v.query('open-attempt-run-u1')).toBeNull();
    expect(v.query('open-attempt-run-run-u1')).toBeNull();
    // A click leads nowhere: there is no debrief to open, and the run is gone.
    await click(row);
    expect(window.location.hash).toBe('#/history');

    // A run the engine still holds opens its run view instead (its log says what happened).
    await waitFor(() => v.get('open-attempt-run-run-u2'));
    expect(v.get('attempt-reason-run-u2').textContent).toBe(
      'the fault cut-master could not be put in place: iptables: busy',
    );
    expect(v.get('open-attempt-run-run-u2').getAttribute('href')).toBe('#/runs/run-u2');
    expect(v.query('open-attempt-run-u2')).toBeNull();

    // Graded attempts keep their verdict and their debrief.
    const gradedRow = v.get(`attempt-row-${graded.attemptId}`);
    expect(gradedRow.dataset.verdict).toBe(graded.passed ? 'passed' : 'not-passed');
    expect(v.get(`open-attempt-${graded.attemptId}`).getAttribute('href')).toBe(
      `#/debrief/${graded.attemptId}`,
    );
    expect(v.get('history-count').textContent).toBe('3 attempts');
  });

  it('lists the attempts again when a run ends, graded or not', async () => {
    app.client.runs.set('run-u3', { ...heldRun, runId: 'run-u3', phase: 'running' });
    const v = await mount();
    await waitFor(() => v.get(`attempt-row-${graded.attemptId}`));
    const lists = app.client.called('listAttempts').length;
    app.client.attempts = [notGraded('run-u3', 20, 'stopped before the end'), ...ATTEMPTS];
    await app.feed(() => app.client.emit('run-u3', { kind: 'phase', phase: 'stopped' }));
    await waitFor(() => expect(app.client.called('listAttempts').length).toBe(lists + 1));
    const row = await waitFor(() => v.get('attempt-row-run-u3'));
    expect(row.dataset.verdict).toBe('not-graded');
    expect(v.get('attempt-reason-run-u3').textContent).toBe('stopped before the end');
  });
});

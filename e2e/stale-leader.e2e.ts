import type { Locator } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';
import type { ScenarioPage } from './model/scenario-page';

/** How long the trainee looks at the tells before fencing: a person, not the scripted bot. */
const LOOK_MS = 25_000;

/** The clock's time left, ms (it ticks every second from the scenario event's limit). */
async function leftMs(run: ScenarioPage): Promise<number> {
  return Number(await run.clock.getAttribute('data-left-ms'));
}

/** Types a command line into a node's console and waits for text of its answer. */
async function runInConsole(run: ScenarioPage, node: string, line: string, answer: RegExp) {
  const terminal = run.terminal(node);
  await terminal.click();
  await run.page.keyboard.type(line);
  await run.page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText(answer, { timeout: 30_000 });
}

/** The one of `nodes` whose card reads master. */
async function masterAmong(run: ScenarioPage, nodes: string[]): Promise<string> {
  const card = (n: string): Locator => run.page.getByTestId(`node-card-${n}`);
  await expect
    .poll(async () => {
      for (const n of nodes) if ((await card(n).getAttribute('data-role')) === 'master') return n;
      return '';
    })
    .not.toBe('');
  for (const n of nodes) if ((await card(n).getAttribute('data-role')) === 'master') return n;
  throw new Error('no master');
}

test('stale leader at a person’s pace: look first, fence 25 s after the tell, recover, and get a debrief about this run', async ({
  home,
}) => {
  test.setTimeout(420_000);
  await home.page.getByTestId('player-name-input').fill('Ada');
  await home.page.getByTestId('player-name-save').click();
  await expect(home.page.getByTestId('player-name')).toHaveAttribute('data-player', 'Ada');
  // Seed 86: the master is cut off 16 s after the start (early in its 15-45 s window).
  const run = await home.startScenario('The master nobody told', { seed: 86 });
  await expect(run.scenario).toHaveAttribute('data-scenario-id', 'stale-leader');
  await run.waitForPhase('running');
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1');
  // Played at the human pace: the card's 8 minutes, not the self-test's 45 s.
  await expect(run.clock).toBeVisible({ timeout: 30_000 });
  expect(await leftMs(run)).toBeGreaterThan(7 * 60_000);

  // The tell: two masters. From here the trainee takes their time.
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '2', { timeout: 60_000 });
  const leftAtTell = await leftMs(run);
  const chosen = await masterAmong(run, ['redis-2', 'redis-3']);
  await run.page.screenshot({ path: screenshotPath('screenshot-split-brain.png') });

  // Look before acting: a hint, then a console on the node that still says master.
  await run.page.getByTestId('request-hint').click();
  await expect(run.page.getByTestId('hints')).toContainText('asked for');
  await run.openConsole('redis-1');
  await runInConsole(run, 'redis-1', 'redis-cli role', /"master"/);
  // What do the sentinels say? (redis-1 cannot reach them: ask from a sentinel's console.)
  await run.openConsole('sentinel-1');
  await runInConsole(
    run,
    'sentinel-1',
    'redis-cli -p 26379 sentinel get-master-addr-by-name mymaster',
    /10\.\d+\.\d+\.\d+/,
  );
  // ...and only 25 s after the tell (by the scenario's own clock) fence the stale master.
  await expect
    .poll(() => leftMs(run), { timeout: 60_000 })
    .toBeLessThanOrEqual(leftAtTell - LOOK_MS);
  await run.actAndConfirm(
    await run.move('redis-1', 'Isolate from clients'),
    'isolate-clients redis-1',
  );
  await run.actAndConfirm(await run.move('redis-1', 'Export keys'), 'export-keys redis-1');
  await run.act('heal');
  await run.actAndConfirm(await run.move('redis-1', 'Demote'), 'demote redis-1');
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1', { timeout: 45_000 });
  await run.actAndConfirm(await run.move('redis-1', 'Lift isolation'), 'unisolate-clients redis-1');
  await run.act('end');

  await run.waitForDebrief();
  const score = run.page.getByTestId('debrief-score');
  await expect(score).toHaveAttribute('data-passed', 'true');
  // The fence came after the full-credit band (20 s) but well within 2 minutes: half credit.
  const timing = run.check('stale-leader-stopped-writes');
  await expect(timing).toHaveAttribute('data-verdict', 'pass');
  await expect(timing).toHaveAttribute('data-band', 'partial');
  await expect(timing).toHaveAttribute('data-credit', '0.5');
  await expect(run.check('fenced-before-rejoin')).toHaveAttribute('data-verdict', 'pass');
  await expect(run.check('did-not-fence-new-master')).toHaveAttribute('data-verdict', 'pass');
  await expect(run.check('final-health')).toHaveAttribute('data-verdict', 'pass');
  // The debrief speaks of this run: the master the sentinels chose here, whoever it was.
  const card = run.page.getByTestId('teaching-card');
  await expect(card).toContainText(`The sentinels all name ${chosen}`);
  await expect(card).not.toContainText('{newMaster}');
  await expect(run.page.getByTestId('reference-step-0')).toContainText(`moved to ${chosen}`);
  await expect(run.page.getByTestId('debrief-player')).toContainText('Ada');
  await expect(run.page.getByTestId('debrief-hints')).toHaveAttribute('data-requested', '1');
  await run.page.screenshot({ path: screenshotPath('screenshot-debrief.png'), fullPage: true });

  const lost = Number(await run.page.getByTestId('ledger-summary').getAttribute('data-acked-lost'));
  expect(lost).toBeGreaterThan(0);
  const exported = await run.exportedDebrief();
  expect(exported.ledger.fates?.['acked-lost']).toBe(lost);
  expect(exported.grade.passed).toBe(true);
});

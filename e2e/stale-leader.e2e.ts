import { expect, screenshotPath, test } from './fixtures';

test('stale leader: see two masters, fence the old one, heal, and get an honest debrief', async ({
  home,
}) => {
  test.setTimeout(300_000);
  // Seed 86: the master is cut off 16 s after the start (early in its 15-45 s window).
  const run = await home.startScenario('The master nobody told', { seed: 86 });
  await expect(run.scenario).toHaveAttribute('data-scenario-id', 'stale-leader');
  await run.waitForPhase('running');
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1');

  // Sentinel fails over a few seconds after the cut.
  await expect(run.clock).toBeVisible({ timeout: 30_000 });
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '2', { timeout: 60_000 });

  await run.page.screenshot({ path: screenshotPath('screenshot-split-brain.png'), fullPage: true });

  // Fence the stale master from its clients, then heal the partition.
  await run.act('isolate-clients', 'redis-1');
  await run.act('heal');
  // Sentinel demotes the old master once it sees it again: back to one master.
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1', { timeout: 45_000 });
  await run.act('unisolate-clients', 'redis-1');
  await run.act('end');

  await run.waitForDebrief();
  await expect(run.check('fenced-before-rejoin')).toHaveAttribute('data-verdict', 'pass');
  await run.page.screenshot({ path: screenshotPath('screenshot-debrief.png'), fullPage: true });
  const lost = Number(await run.page.getByTestId('ledger-summary').getAttribute('data-acked-lost'));
  expect(lost).toBeGreaterThan(0);
  const exported = await run.exportedDebrief();
  expect(exported.ledger.fates?.['acked-lost']).toBe(lost);
});

import { expect, screenshotPath, test } from './fixtures';

/**
 * The fencing-token lab in the browser against real etcd, PostgreSQL and two
 * lock workers: worker-1 holds the lock and is frozen past its lease; the
 * trainee sees etcd give the lock to worker-2 under a higher token, turns
 * storage's fencing check on from the palette while worker-1 sleeps, wakes
 * it (the fault's heal), sees it give up, ends, and steps through explain mode: the
 * acquisitions, the freeze, the zombie write refused, all from this run's
 * recorded history.
 */
test('fencing tokens: see the lock move while worker-1 sleeps, turn the check on, and step through explain mode', async ({
  home,
}) => {
  test.setTimeout(300_000);
  // Seed 35: worker-1 freezes 20.1 s after the start (the earliest of its 20-40 s window).
  const run = await home.startScenario('The worker that woke up still holding the lock', {
    seed: 35,
  });
  await expect(run.scenario).toHaveAttribute('data-scenario-id', 'zombie-lock-holder');
  await expect(run.scenario).toHaveAttribute('data-system', 'lock-service');
  await run.waitForPhase('running');
  const holder = run.page.getByTestId('lock-holder');
  await expect(holder).toHaveAttribute('data-holder', 'worker-1', { timeout: 30_000 });
  await expect(holder).toHaveAttribute('data-check', 'off');
  const firstToken = Number(await holder.getAttribute('data-token'));

  // worker-1 sleeps past its 5 s lease: etcd gives the lock to worker-2 under a higher token.
  await expect(holder).toHaveAttribute('data-holder', 'worker-2', { timeout: 60_000 });
  await expect(holder).toHaveAttribute('data-previous', 'worker-1');
  expect(Number(await holder.getAttribute('data-token'))).toBeGreaterThan(firstToken);
  await expect(run.page.getByTestId('lock-chip')).toHaveAttribute('data-holder', 'worker-2');

  // Looked first; now storage refuses any token below worker-2's.
  const detail = await run.actAndConfirm(
    await run.move('storage', 'Turn fencing check on'),
    'fencing-check storage',
  );
  expect(detail).toContain('refuses any write whose token is below');
  await expect(holder).toHaveAttribute('data-check', 'on', { timeout: 10_000 });
  await run.page.screenshot({ path: screenshotPath('screenshot-lock-moved.png'), fullPage: true });

  // Wake worker-1 now rather than at the end of its 60 s freeze (the fault's own heal, as a
  // facilitator would): its write with the old token is refused, it learns its lease is gone.
  await run.page.getByTestId('action-heal-long-pause').click();
  const lost = run.page
    .getByTestId('lock-event')
    .and(run.page.locator('[data-node="worker-1"][data-change="lost"]'));
  await expect(lost.first()).toBeVisible({ timeout: 30_000 });
  await expect(holder).toHaveAttribute('data-holder', 'worker-2');
  await run.act('end');

  await run.waitForDebrief();
  for (const check of ['stale-token-refused', 'config-fixed', 'final-health'])
    await expect(run.check(check)).toHaveAttribute('data-verdict', 'pass');
  await expect(run.checkWhy('stale-token-refused')).toContainText('No zombie write got in');

  // Explain mode: this run's history, one step at a time.
  const explain = run.page.getByTestId('explain-mode');
  await expect(explain).toBeVisible();
  await expect(explain.locator('h3')).toHaveText(
    'Explain: how the fencing token works in this run',
  );
  const step = run.page.getByTestId('explain-step');
  const position = run.page.getByTestId('explain-position');
  const next = run.page.getByTestId('explain-next');
  await expect(position).toHaveAttribute('data-index', '1');
  await expect(step).toHaveAttribute('data-kind', 'acquire');
  await expect(step).toHaveAttribute('data-node', 'worker-1');
  await expect(run.page.getByTestId('explain-prev')).toBeDisabled();
  const count = Number(await position.getAttribute('data-count'));
  const seen: string[] = [];
  for (let i = 1; i < count; i++) {
    seen.push((await step.getAttribute('data-kind')) ?? '');
    if ((await step.getAttribute('data-kind')) === 'zombie-refused') break;
    await next.click();
    await expect(position).toHaveAttribute('data-index', String(i + 1));
  }
  await expect(step).toHaveAttribute('data-kind', 'zombie-refused');
  await expect(step).toContainText('REFUSED');
  expect(seen).toEqual(expect.arrayContaining(['acquire', 'freeze', 'check-on']));
  expect(seen.indexOf('check-on')).toBeLessThan(seen.length);
  await expect(step).toHaveAttribute('data-node', 'worker-1');
  const zombieToken = Number(await step.getAttribute('data-token'));
  const lock = run.page.getByTestId('explain-lock');
  await expect(lock).toHaveAttribute('data-holder', 'worker-2');
  expect(zombieToken).toBeLessThan(Number(await lock.getAttribute('data-token')));
  await expect(run.page.getByTestId('explain-storage')).toHaveAttribute('data-check', 'on');
  await run.page.screenshot({
    path: screenshotPath('screenshot-lock-explain.png'),
    fullPage: true,
  });
  const at = Number(await position.getAttribute('data-index'));
  await run.page.getByTestId('explain-prev').click();
  await expect(position).toHaveAttribute('data-index', String(at - 1));
});

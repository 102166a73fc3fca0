import { expect, screenshotPath, test } from './fixtures';

/**
 * Raft under partition, played in the browser against real etcd: pre-vote on
 * before the start, raft-1 cut off with a minority, the members table shows it
 * alone without a leader while raft-2 and raft-3 follow a leader in a higher
 * term, the trainee keeps their hands off, the link comes back, and the
 * debrief passes every check.
 */
test('Raft minority leader: turn pre-vote on, watch raft-1 lose the majority and rejoin, and pass', async ({
  home,
}) => {
  test.setTimeout(300_000);
  // Seed 35: the rack's link fails 15.2 s after the start (the earliest of its 15-45 s
  // window) and comes back 60 s later.
  const run = await home.startScenario('Raft under partition: a leader cut off with a minority', {
    seed: 35,
    switches: { preVote: true },
  });
  await expect(run.scenario).toHaveAttribute('data-scenario-id', 'minority-leader');
  await expect(run.scenario).toHaveAttribute('data-system', 'etcd-raft');
  await run.waitForPhase('running');
  const members = run.page.getByTestId('raft-members');
  const member = (name: string) => run.page.getByTestId(`raft-member-${name}`);
  await expect(member('raft-1')).toHaveAttribute('data-role', 'master');
  for (const m of ['raft-2', 'raft-3'])
    await expect(member(m)).toHaveAttribute('data-leader', 'raft-1');
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1');

  // The cut: raft-1 steps down and knows no leader; the majority elects one of its own.
  await expect(run.clock).toBeVisible({ timeout: 30_000 });
  await expect(members).toHaveAttribute('data-no-leader', 'raft-1', { timeout: 75_000 });
  await expect(members).toHaveAttribute('data-leaders', /^raft-[23]$/, { timeout: 15_000 });
  const leader = (await members.getAttribute('data-leaders'))!;
  const follower = leader === 'raft-2' ? 'raft-3' : 'raft-2';
  await expect(member(leader)).toHaveAttribute('data-role', 'master');
  await expect(member(follower)).toHaveAttribute('data-leader', leader);
  const majorityTerm = Number(await member(leader).getAttribute('data-term'));
  // With pre-vote raft-1 asks before it campaigns: its term stays below the majority's.
  await expect(member('raft-1')).toHaveAttribute('data-state', /pre-candidate|follower/);
  expect(Number(await member('raft-1').getAttribute('data-term'))).toBeLessThanOrEqual(
    majorityTerm,
  );
  await expect(run.page.getByTestId('raft-events')).toContainText(/raft-1/);
  await run.page.screenshot({
    path: screenshotPath('screenshot-raft-minority.png'),
    fullPage: true,
  });

  // The link returns by itself: raft-1 follows the majority's leader in its term.
  await expect(member('raft-1')).toHaveAttribute('data-leader', leader, { timeout: 90_000 });
  await expect(member('raft-1')).toHaveAttribute('data-term', String(majorityTerm));
  await run.act('end');

  await run.waitForDebrief();
  for (const check of [
    'config-fixed',
    'did-not-fence-new-master',
    'acked-writes-lost',
    'final-health',
  ])
    await expect(run.check(check)).toHaveAttribute('data-verdict', 'pass');
  await expect(run.checkWhy('final-health')).toContainText(leader);
  // The card's "split brain" held against the run: raft-1 alone committed nothing.
  await expect(run.page.getByTestId('debrief-observations')).toContainText(
    'alone, it could not commit anything',
  );
  const exported = await run.exportedDebrief();
  expect(exported.grade.passed).toBe(true);
});

import { expect, test } from './fixtures';

/** The node whose Patroni the scenario kills: its PostgreSQL keeps running as a primary. */
const STALE = 'pg-1';

test('unmanaged primary: see two primaries, fence and dump pg-1, bring Patroni back, and get the fencing check', async ({
  home,
}) => {
  test.setTimeout(300_000);
  // Seed 86: Patroni on pg-1 is killed 16 s after the start (early in its 15-45 s window).
  const run = await home.startScenario('The primary nobody manages', { seed: 86 });
  await expect(run.scenario).toHaveAttribute('data-scenario-id', 'unmanaged-primary');
  await expect(run.scenario).toHaveAttribute('data-system', 'patroni');
  await run.waitForPhase('running');
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1');
  await expect(run.patroniRole(STALE)).toHaveAttribute('data-role', 'master');

  // Patroni on pg-1 is killed 16 s after the start; its leader key lapses after
  // the 10 s lease and another node promotes: two primaries.
  await expect(run.clock).toBeVisible({ timeout: 30_000 });
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '2', { timeout: 75_000 });
  await expect(run.primaries()).toHaveCount(2);
  await expect(run.twoPrimaries).toBeVisible();
  await expect(run.patroniRole(STALE)).toHaveAttribute('data-role', 'master');
  const promoted = await run.otherPrimary(STALE);
  expect(promoted).toMatch(/^pg-[23]$/);
  await expect(run.leaderKey).toHaveAttribute('data-holder', promoted);
  await expect(run.patroniRoles).toHaveAttribute('data-timelines-diverged', 'true');
  // The tell: Patroni on pg-1 is silent while its postgres says primary.
  await expect(run.patroniRole(STALE)).toHaveAttribute('data-patroni-role', 'unknown');
  await expect(run.patroniRole(STALE)).toHaveAttribute('data-disagrees', 'true');
  await expect(run.patroniDisagrees).toContainText(STALE);

  // Fence pg-1 from the clients, save what only it has, then bring Patroni back.
  await run.actAndConfirm(
    await run.move(STALE, 'Isolate from clients'),
    `isolate-clients ${STALE}`,
  );
  const dumped = await run.actAndConfirm(
    await run.move(STALE, 'Dump rows'),
    `export-keys ${STALE}`,
  );
  expect(dumped).toMatch(new RegExp(`\\d+ workload rows of ${STALE} saved`));
  await run.actAndConfirm(run.healAll, 'heal all');

  // Patroni sees another leader, demotes pg-1 and rewinds it onto the new timeline.
  await expect(run.patroniRole(STALE)).toHaveAttribute('data-role', 'replica', { timeout: 45_000 });
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1');
  await expect(run.primaries()).toHaveCount(1);
  await expect(run.patroniRole(promoted)).toHaveAttribute('data-role', 'master');
  await expect(run.patroniRole(STALE)).toHaveAttribute('data-patroni-role', 'replica');
  await expect(run.patroniRole(STALE)).toHaveAttribute('data-disagrees', 'false');
  const timeline = await run.patroniRole(promoted).getAttribute('data-timeline');
  expect(timeline).toBeTruthy();
  await expect(run.patroniRole(STALE)).toHaveAttribute('data-timeline', timeline!);

  await run.actAndConfirm(await run.move(STALE, 'Lift isolation'), `unisolate-clients ${STALE}`);

  // Put back the rows only pg-1 took, onto the new primary, leaving its own rows as they are.
  const replayed = await run.actAndConfirm(
    await run.move(STALE, 'Replay export'),
    `replay-export ${STALE} (keep-authoritative)`,
  );
  expect(replayed).toMatch(
    new RegExp(
      `${STALE}-rows-\\S+\\.jsonl replayed onto ${promoted} \\(keep-authoritative\\): [1-9]\\d* rows added, 0 overwritten`,
    ),
  );
  await run.act('end');

  await run.waitForDebrief();
  await expect(run.check('fenced-before-rejoin')).toHaveAttribute('data-verdict', 'pass');
  await expect(run.checkWhy('fenced-before-rejoin')).toContainText(
    new RegExp(
      `${STALE} was fenced \\(isolate-clients at \\+\\d+\\.\\d s\\) before it came back as a replica at \\+\\d+\\.\\d s\\.`,
    ),
  );
  await expect(run.check('final-health')).toHaveAttribute('data-verdict', 'pass');
  await expect(run.check('did-not-fence-new-master')).toHaveAttribute('data-verdict', 'pass');
  await expect(run.check('divergent-writes-saved')).toHaveAttribute('data-verdict', 'pass');
  await expect(run.check('divergent-writes-recovered')).toHaveAttribute('data-verdict', 'pass');
});

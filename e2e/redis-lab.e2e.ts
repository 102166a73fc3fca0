import { expect, screenshotPath, test } from './fixtures';

const NODES = ['redis-1', 'redis-2', 'redis-3', 'sentinel-1', 'sentinel-2', 'sentinel-3'];

test('start the Redis Sentinel lab, see one master live, stop it and leave nothing behind', async ({
  home,
  docker,
}) => {
  await expect(home.engineStatus).toHaveAttribute('data-reachable', 'true');
  await expect(home.labCard('redis-sentinel')).toContainText('Redis Sentinel');

  const run = await home.startLab('redis-sentinel');
  const runId = await run.runId();
  await run.waitForPhase('running');

  // The headline tell reads 1, and all six nodes show with what they claim to be.
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1');
  await expect(run.nodeCards()).toHaveCount(NODES.length);
  for (const name of NODES) await expect(run.node(name)).toBeVisible();
  await expect(
    run.page.locator('[data-testid^="node-card-redis-"][data-role="master"]'),
  ).toHaveCount(1);
  await expect(
    run.page.locator('[data-testid^="node-card-redis-"][data-role="replica"]'),
  ).toHaveCount(2);
  await expect(
    run.page.locator('[data-testid^="node-card-sentinel-"][data-role="sentinel"]'),
  ).toHaveCount(3);
  for (const chart of ['masters', 'roles', 'offsets'] as const)
    await expect(run.chart(chart)).toBeVisible();
  expect(await docker.containersOfRun(runId)).toHaveLength(NODES.length);

  // A screenshot of the running lab for the README.
  await run.page.screenshot({ path: screenshotPath('screenshot-redis-lab.png'), fullPage: false });

  await run.stop();
  await run.waitForPhase('stopped', 60_000);
  expect(await docker.containersOfRun(runId)).toEqual([]);
  expect(await docker.networksOfRun(runId)).toEqual([]);
});

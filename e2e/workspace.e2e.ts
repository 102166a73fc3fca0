import type { Locator, Page } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';
import type { RunPage } from './model/run-page';

/** A laptop screen: the workspace must fit it without scrolling. */
const VIEWPORT = { width: 1440, height: 900 };
test.use({ viewport: VIEWPORT });

/** Asserts an element lies wholly inside the viewport (its bounding box, in CSS pixels). */
async function expectInViewport(what: string, locator: Locator): Promise<void> {
  await expect(locator, what).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  const { x, y, width, height } = box!;
  expect(x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(x + width, `${what}: right edge`).toBeLessThanOrEqual(VIEWPORT.width);
  expect(y + height, `${what}: bottom edge`).toBeLessThanOrEqual(VIEWPORT.height);
}

/** The page itself has not scrolled, and has nothing to scroll. */
async function expectNoPageScroll(page: Page): Promise<void> {
  const { scrollY, scrollHeight, innerHeight } = await page.evaluate(() => ({
    scrollY: window.scrollY,
    scrollHeight: document.documentElement.scrollHeight,
    innerHeight: window.innerHeight,
  }));
  expect(scrollY).toBe(0);
  expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
}

/** Every node card's badges and values end inside their card (none spills into the next card). */
async function expectBadgesInsideCards(run: RunPage): Promise<void> {
  const cards = run.nodeCards();
  const count = await cards.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    const cardBox = (await card.boundingBox())!;
    const badges = card.locator('.node-badges > *, .node-facts dd');
    for (let j = 0; j < (await badges.count()); j++) {
      const b = (await badges.nth(j).boundingBox())!;
      expect(b.x + b.width, `badge ${j} of card ${i}`).toBeLessThanOrEqual(
        cardBox.x + cardBox.width,
      );
    }
  }
}

/** Types a command line into a node's console and waits for text of its answer. */
async function runInConsole(run: RunPage, node: string, line: string, answer: RegExp) {
  const terminal = run.terminal(node);
  await terminal.click();
  await run.page.keyboard.type(line);
  await run.page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText(answer, { timeout: 30_000 });
}

test('scenario workspace at 1440×900: the headline tell, the palette and a console together, no scrolling', async ({
  home,
  docker,
}) => {
  test.setTimeout(300_000);
  // Seed 86: the master is cut off 16 s after the scenario starts.
  const run = await home.startScenario('The master nobody told', { seed: 86 });
  const runId = await run.runId();
  await run.waitForPhase('running');
  await expect(run.clock).toBeVisible({ timeout: 30_000 });
  await expect(run.palette).toHaveAttribute('data-enabled', 'true');
  await expect(run.page.getByTestId('run-status-line')).toHaveAttribute('data-expanded', 'false');
  await expect(run.page.getByTestId('scenario-briefing')).toHaveAttribute('data-expanded', 'false');

  await run.openConsole('redis-1');
  await runInConsole(run, 'redis-1', 'redis-cli role', /master|slave/);

  // The split: two masters, the first one counted from the scenario's start.
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '2', { timeout: 60_000 });
  const firstSplit = Number(await run.page.getByTestId('first-split').getAttribute('data-seconds'));
  expect(firstSplit).toBeGreaterThan(16);
  expect(firstSplit).toBeLessThan(40);

  // A hint asked for arrives marked so.
  await run.page.getByTestId('request-hint').click();
  await expect(run.page.getByTestId('hints')).toHaveAttribute('data-asked', '1');
  await expect(run.page.locator('[data-testid^="hint-"][data-requested="true"]')).toHaveCount(1);

  await expectInViewport('headline tell', run.headline);
  await expectInViewport('palette', run.palette);
  await expectInViewport('End scenario', run.page.getByTestId('action-end'));
  await expectInViewport('clock', run.clock);
  await expectInViewport('terminal of redis-1', run.terminal('redis-1'));
  await expectNoPageScroll(run.page);
  await expectBadgesInsideCards(run);
  await run.page.screenshot({ path: screenshotPath('screenshot-workspace-scenario.png') });

  await run.stop();
  await run.waitForPhase('stopped', 90_000);
  await expect(run.page.getByTestId('lab-stopped')).toBeVisible();
  await expect(run.mastersClaimed).toHaveAttribute('data-ended', 'true');
  await expect(run.node('redis-1')).toHaveAttribute('data-state', 'stopped');
  await expect(run.runLog).not.toContainText('died');
  expect(await docker.containersOfRun(runId)).toEqual([]);
});

test('plain lab workspace at 1440×900: node moves and a console beside the tells, no scrolling', async ({
  home,
  docker,
}) => {
  test.setTimeout(240_000);
  const run = await home.startLab('redis-sentinel');
  const runId = await run.runId();
  await run.waitForPhase('running');
  await expect(run.mastersClaimed).toHaveAttribute('data-value', '1');
  await expect(run.palette).toHaveAttribute('data-enabled', 'true');

  // A move in a plain lab: recorded as the lab's own move; the run stays a plain lab.
  await (await run.nodeMove('pause', 'redis-3')).click();
  await expect(run.page.getByTestId('action-result')).toHaveAttribute('data-ok', 'true', {
    timeout: 30_000,
  });
  await expect(run.node('redis-3')).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
  await expect(run.page.getByTestId('timeline-action')).toContainText('pause redis-3');
  await (await run.nodeMove('resume', 'redis-3')).click();
  await expect(run.node('redis-3')).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
  await expect(run.root).toHaveAttribute('data-scenario', 'false');

  await run.openConsole('redis-1');
  await runInConsole(run, 'redis-1', 'redis-cli role', /master/);

  await expectInViewport('headline tell', run.headline);
  await expectInViewport('palette', run.palette);
  await expectInViewport('terminal of redis-1', run.terminal('redis-1'));
  await expectNoPageScroll(run.page);
  await expectBadgesInsideCards(run);
  await run.page.screenshot({ path: screenshotPath('screenshot-workspace-lab.png') });

  await run.stop();
  await run.waitForPhase('stopped', 60_000);
  await expect(run.page.getByTestId('lab-stopped')).toBeVisible();
  await expect(run.mastersClaimed).toHaveAttribute('data-ended', 'true');
  await expect(run.runLog).toContainText('stopped with the lab');
  await expect(run.runLog).not.toContainText('died');
  expect(await docker.containersOfRun(runId)).toEqual([]);
});

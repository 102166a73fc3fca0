import type { Browser, Locator, Page } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';
import { ScenarioPage } from './model/scenario-page';
import { startSecondEngine, type SecondEngine } from '../src/core/runtime/second-engine.fixture';

/** Words of stale-leader that would give the drill away to a trainee. */
const SECRETS = [/stale leader/i, /FP-015/, /master nobody told/i, /stale-leader/, /cut-master/];

async function expectNothingNamesTheDrill(page: Page, where: string): Promise<void> {
  const text = await page.locator('body').innerText();
  for (const s of SECRETS) expect(text, `${where}: ${s}`).not.toMatch(s);
}

/** Opens a trainee's link in a browser context of their own and waits for their drill's page. */
async function openAsTrainee(browser: Browser, link: string): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1440, height: 900 } })
  ).newPage();
  await page.goto(link);
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('trainee-home')).toHaveAttribute('data-ready', 'true');
  return page;
}

/** The one of `nodes` whose card reads master. */
async function masterAmong(run: ScenarioPage, nodes: string[]): Promise<string> {
  const card = (n: string): Locator => run.page.getByTestId(`node-card-${n}`);
  let found = '';
  await expect
    .poll(async () => {
      for (const n of nodes) if ((await card(n).getAttribute('data-role')) === 'master') found = n;
      return found;
    })
    .not.toBe('');
  return found;
}

/** What the engine answers this page's own socket for one call (the page holds a trainee's cookie). */
function callFromPage(page: Page, method: string, args?: unknown) {
  return page.evaluate(
    ([m, a]) =>
      new Promise<{ ok: boolean; status?: number; error?: string }>((resolve, reject) => {
        const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
        ws.onerror = () => reject(new Error('socket refused'));
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: m, args: a }));
        ws.onmessage = (e) => {
          const msg = JSON.parse(String(e.data)) as { id?: number };
          if (msg.id === 1) {
            ws.close();
            resolve(msg as { ok: boolean; status?: number; error?: string });
          }
        };
      }),
    [method, args] as const,
  );
}

let second: SecondEngine | undefined;
test.afterAll(async () => {
  await second?.stop();
});

test('blind game day over two engines: two trainees, the facilitator triggers the fault, one fences the stale master and one the new one, the board and the debriefs tell them apart', async ({
  home,
  browser,
}) => {
  test.setTimeout(600_000);
  const facilitator = home.page;
  await facilitator.setViewportSize({ width: 1440, height: 900 });
  await facilitator.goto(`${new URL(facilitator.url()).origin}/#/gameday`);

  // A second engine, as another machine of the room: reached only through its API address.
  second = await startSecondEngine('e2e');
  await facilitator.getByTestId('engine-address').fill(second.host);
  // The pool is kept in the data folder: a name of this run's own finds its row.
  const lab2Name = `lab-2-${process.pid % 10000}`;
  await facilitator.getByTestId('engine-name').fill(lab2Name);
  await facilitator.getByTestId('engine-add').click();
  const lab2 = facilitator.locator(`[data-testid^="engine-e"][data-name="${lab2Name}"]`);
  await expect(lab2).toHaveAttribute('data-state', 'reachable');
  const lab2Id = ((await lab2.getAttribute('data-testid')) ?? '').replace('engine-', '');
  await expect(lab2).toHaveAttribute('data-images', /^0\//); // nothing there yet: the run copies it
  expect(Number(await lab2.getAttribute('data-fit'))).toBeGreaterThan(0);
  await expect(facilitator.getByTestId('engine-local')).toHaveAttribute('data-state', 'reachable');
  await facilitator.getByTestId('gameday-name').fill('E2E game day');
  await facilitator.getByTestId('gameday-scenario-stale-leader').check();
  await facilitator.getByTestId('gameday-trainees').fill('Ana\nBo');
  await facilitator.getByTestId('gameday-create-submit').click();
  const linkAna = (await facilitator.getByTestId('trainee-link-t1').textContent()) ?? '';
  const linkBo = (await facilitator.getByTestId('trainee-link-t2').textContent()) ?? '';
  expect(linkAna).toMatch(/\/\?token=/);

  // The trainees open their links before the start: a neutral briefing, nothing that names the drill.
  const ana = await openAsTrainee(browser, linkAna);
  const bo = await openAsTrainee(browser, linkBo);
  await expect(ana.getByTestId('neutral-briefing')).toContainText('Healthy');
  await expect(ana.getByTestId('drill-waiting')).toBeVisible();
  await expectNothingNamesTheDrill(ana, 'trainee home');
  await ana.screenshot({ path: screenshotPath('screenshot-gameday-trainee.png') });

  // A trainee's token is refused for the facilitator's calls and the catalog.
  expect(await callFromPage(ana, 'listGameDays')).toMatchObject({ ok: false, status: 403 });
  expect(await callFromPage(ana, 'listScenarios')).toMatchObject({ ok: false, status: 403 });

  await facilitator
    .locator('[data-testid^="gameday-open-"][data-name="E2E game day"]')
    .first()
    .click();
  await facilitator.getByTestId('gameday-start').click();
  const rowAna = facilitator.getByTestId('board-row-t1');
  const rowBo = facilitator.getByTestId('board-row-t2');
  await expect(rowAna).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  await expect(rowBo).toHaveAttribute('data-state', 'running');
  // Placed by room: the second engine (empty, its room the largest or tied) holds at least one lab.
  const placed = [
    await rowAna.getAttribute('data-engine'),
    await rowBo.getAttribute('data-engine'),
  ];
  expect(placed.every((e) => e === 'local' || e === lab2Id)).toBe(true);
  expect(placed).toContain(lab2Id);
  const onLab2 = placed[0] === lab2Id ? 't1' : 't2';
  await expect(facilitator.getByTestId(`board-engine-${onLab2}`)).toHaveText(lab2Name);

  const drills: ScenarioPage[] = [];
  for (const page of [ana, bo]) {
    await page.getByTestId('open-my-drill').click({ timeout: 30_000 });
    const run = new ScenarioPage(page);
    await run.waitForPhase('running');
    await expect(run.mastersClaimed).toHaveAttribute('data-value', '1', { timeout: 60_000 });
    drills.push(run);
  }
  const [anaRun, boRun] = drills as [ScenarioPage, ScenarioPage];
  // Another trainee's run is refused too.
  const boRunId = await boRun.runId();
  expect(await callFromPage(ana, 'getRun', { runId: boRunId })).toMatchObject({
    ok: false,
    status: 403,
  });

  // The facilitator fires the fault when the room is ready: both drills at once.
  await facilitator.getByTestId('gameday-trigger-all').click();
  await expect(rowAna).toHaveAttribute('data-fault', 'true', { timeout: 30_000 });
  for (const run of drills) {
    await expect(run.mastersClaimed).toHaveAttribute('data-value', '2', { timeout: 60_000 });
    await expectNothingNamesTheDrill(run.page, 'drill during the fault');
  }
  // The board shows both splits live.
  await expect(rowAna).toHaveAttribute('data-leaders', /,/, { timeout: 30_000 });
  await expect(rowBo).toHaveAttribute('data-leaders', /,/, { timeout: 30_000 });
  await facilitator.screenshot({ path: screenshotPath('screenshot-gameday-board.png') });
  // Watching a trainee's run: the live tells, read-only (no palette, no consoles, no stop).
  const watchHref = (await facilitator.getByTestId('board-open-t2').getAttribute('href')) ?? '';
  const watch = await facilitator.context().newPage();
  await watch.goto(`${new URL(facilitator.url()).origin}/${watchHref}`);
  const watched = new ScenarioPage(watch);
  await expect(watched.root).toHaveAttribute('data-read-only', 'true');
  await expect(watched.mastersClaimed).toHaveAttribute('data-value', '2', { timeout: 30_000 });
  await expect(watch.getByTestId('watching')).toBeVisible();
  await expect(watch.getByTestId('hands-pane')).toHaveCount(0);
  await expect(watch.getByTestId('stop-lab')).toHaveCount(0);

  const anaPlays = (async () => {
    await anaRun.page
      .getByTestId('note-input')
      .fill('redis-1 still says master, the sentinels moved on: fencing redis-1');
    await anaRun.page.getByTestId('note-send').click();
    await expect(anaRun.page.getByTestId('note-result')).toContainText('Note added');
    await anaRun.actAndConfirm(
      await anaRun.move('redis-1', 'Isolate from clients'),
      'isolate-clients redis-1',
    );
    await anaRun.actAndConfirm(await anaRun.move('redis-1', 'Export keys'), 'export-keys redis-1');
    // Healed before the demote (with two labs on the machine a heal can finish after a later move).
    await anaRun.actAndConfirm(anaRun.page.getByTestId('action-heal'), 'heal all');
    await anaRun.actAndConfirm(await anaRun.move('redis-1', 'Demote'), 'demote redis-1');
    await expect(anaRun.mastersClaimed).toHaveAttribute('data-value', '1', { timeout: 45_000 });
    await anaRun.actAndConfirm(
      await anaRun.move('redis-1', 'Lift isolation'),
      'unisolate-clients redis-1',
    );
    await anaRun.act('end');
  })();
  const boPlays = (async () => {
    const newMaster = await masterAmong(boRun, ['redis-2', 'redis-3']);
    await boRun.actAndConfirm(
      await boRun.move(newMaster, 'Isolate from clients'),
      `isolate-clients ${newMaster}`,
    );
    // The facilitator watching Bo's run sees the move arrive.
    await expect(watch.getByTestId('run-view')).toContainText(`isolate-clients ${newMaster}`);
    await boRun.act('heal');
    await boRun.act('end');
  })();
  await Promise.all([anaPlays, boPlays]);
  await watch.close();

  await expect(rowAna).toHaveAttribute('data-verdict', 'passed', { timeout: 120_000 });
  await expect(rowBo).toHaveAttribute('data-verdict', 'failed', { timeout: 120_000 });
  await expect(rowAna).toHaveAttribute('data-notes', '1');

  // Once graded, each trainee's debrief reveals the pattern and grades their own moves.
  await anaRun.waitForDebrief();
  await expect(anaRun.page.getByTestId('debrief-score')).toHaveAttribute('data-passed', 'true');
  await expect(anaRun.page.getByTestId('teaching-card')).toContainText('Stale Leader');
  await boRun.waitForDebrief();
  await expect(boRun.page.getByTestId('debrief-score')).toHaveAttribute('data-passed', 'false');
  await expect(boRun.check('did-not-fence-new-master')).toHaveAttribute('data-verdict', 'fail');
  await facilitator.screenshot({ path: screenshotPath('screenshot-gameday-graded.png') });

  // The group debrief: both attempts side by side, the wrong fence's check failing, the card revealed.
  const group = facilitator.getByTestId('group-debrief');
  await expect(group).toHaveAttribute('data-graded', '2', { timeout: 30_000 });
  await expect(facilitator.getByTestId('group-row-t1')).toHaveAttribute('data-passed', 'true');
  await expect(facilitator.getByTestId('group-row-t2')).toHaveAttribute('data-passed', 'false');
  await expect(facilitator.getByTestId('group-check-t2-did-not-fence-new-master')).toHaveAttribute(
    'data-verdict',
    'fail',
  );
  await expect(facilitator.getByTestId('group-check-t1-did-not-fence-new-master')).toHaveAttribute(
    'data-verdict',
    'pass',
  );
  await expect(facilitator.getByTestId('group-card-stale-leader')).toContainText('Stale Leader');
  const download = facilitator.waitForEvent('download');
  await facilitator.getByTestId('group-export-md').click();
  const { readFileSync } = await import('node:fs');
  const report = readFileSync(await (await download).path(), 'utf8');
  expect(report).toContain('# Game day: E2E game day');
  expect(report).toMatch(/\| Ana \| stale-leader \| passed/);
  expect(report).toMatch(/\| Bo \| stale-leader \| not passed/);
  await group.screenshot({ path: screenshotPath('screenshot-gameday-group-debrief.png') });

  // Nothing of the drills is left on the second engine once they are over.
  const left = () => second!.docker.listContainers({ all: true, filters: { label: ['dojo.app'] } });
  await expect.poll(async () => (await left()).length, { timeout: 60_000 }).toBe(0);
  // The drills over, the engine leaves the pool.
  await facilitator.goto(`${new URL(facilitator.url()).origin}/#/gameday`);
  await facilitator.getByTestId(`engine-remove-${lab2Id}`).click();
  await expect(facilitator.getByTestId(`engine-${lab2Id}`)).toHaveCount(0);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { ScenarioPage } from './model/scenario-page';
import { StudioPage } from './model/studio-page';

// The facilitator's own library: a fresh folder, so the test sees only what it makes.
const library = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-e2e-library-'));
test.use({ serverEnv: { DOJO_SCENARIOS_DIR: library } });
test.afterAll(() => fs.rmSync(library, { recursive: true, force: true }));

const root = path.resolve(__dirname, '..');
/** The template's text is the shipped stale-leader's: two note lines in, its schema line out. */
const shipped = fs.readFileSync(
  path.join(root, 'scenarios/redis-sentinel/stale-leader.yaml'),
  'utf8',
);
const GROUP = '[redis-1, app-pinned]';
const groupLine = shipped.split('\n').findIndex((l) => l.includes(GROUP)) + 1 + 2 - 1;

test('studio: a scenario from a template, a wrong node marked on its line, fixed, dry-run, then played from the catalog to its debrief', async ({
  home,
}) => {
  test.setTimeout(600_000);
  const studio = new StudioPage(home.page);
  await studio.open();
  await studio.newFromTemplate('Redis Sentinel');
  await expect(studio.status).toContainText('my-stale-leader');
  await studio.waitForCheck('valid');
  await expect(home.page.getByTestId('studio-preview-card')).toContainText('(my version)');
  await expect(home.page.getByTestId('teaching-card')).toContainText('FP-015');

  // A node the lab does not have: the loader's message, on that line of the editor.
  // (Typed without its brackets: monaco closes a typed bracket itself, as for a person.)
  await studio.replaceText('redis-1, app-pinned', 'redis-9, app-pinned');
  await studio.waitForCheck('problems');
  await expect(studio.markersOn(groupLine)).toContainText('redis-9');
  await expect(home.page.getByTestId('studio-save')).toBeDisabled();

  // Fixed: no marker left, saved into the library.
  await studio.replaceText('redis-9', 'redis-1');
  await studio.waitForCheck('valid');
  await expect(studio.markers).toHaveCount(0);
  await studio.save();
  expect(fs.existsSync(path.join(library, 'redis-sentinel/my-stale-leader.yaml'))).toBe(true);

  // The dry run: the reference passes and doing nothing fails, on the real engine.
  await home.page.getByTestId('dry-run-start').click();
  await expect(studio.dryRun).toHaveAttribute('data-state', 'done', { timeout: 420_000 });
  await expect(studio.dryRunEntry('reference')).toHaveAttribute('data-ok', 'true');
  await expect(studio.dryRunEntry('reference')).toContainText('passed');
  await expect(studio.dryRunEntry('none')).toHaveAttribute('data-ok', 'true');
  await expect(studio.dryRunEntry('none')).toContainText('not passed');
  await expect(studio.dryRun).toHaveAttribute('data-ok', 'true');

  // In the catalog beside the shipped ones: played, ended at once, debriefed.
  await home.page.getByRole('link', { name: 'Failover Dojo' }).click();
  const card = home.page.getByTestId('scenario-card-my-stale-leader');
  await expect(card).toContainText('(my version)');
  await expect(card.getByTestId('scenario-source-my-stale-leader')).toHaveText('yours');
  await card.getByTestId('start-scenario-my-stale-leader').click();
  const run = new ScenarioPage(home.page);
  await expect(run.root).toBeVisible();
  await run.waitForPhase('running');
  // The scenario's clock shows once the scenario itself has started (workload writing).
  await expect(run.clock).toBeVisible({ timeout: 60_000 });
  await run.act('end');
  await run.waitForDebrief();
  await expect(run.debrief).toContainText('The master nobody told (my version)');
});

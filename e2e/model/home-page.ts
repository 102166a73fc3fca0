import { expect, type Locator, type Page } from '@playwright/test';
import { RunPage } from './run-page';
import { ScenarioPage } from './scenario-page';

/** The home screen: engine status, lab catalog, runs. */
export class HomePage {
  readonly engineStatus: Locator;

  constructor(readonly page: Page) {
    this.engineStatus = page.getByTestId('engine-status');
  }

  /** Opens the app with its token URL and waits for the app's readiness attribute. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.locator('[data-app-ready="true"]')).toBeVisible();
  }

  labCard(labId: string): Locator {
    return this.page.getByTestId(`lab-card-${labId}`);
  }

  async startLab(labId: string): Promise<RunPage> {
    await this.page.getByTestId(`start-lab-${labId}`).click();
    const run = new RunPage(this.page);
    await expect(run.root).toBeVisible();
    return run;
  }

  /** A scenario's card in the catalog, found by the title the trainee reads on it. */
  scenarioCard(title: string): Locator {
    return this.page
      .getByTestId('scenario-catalog')
      .locator('[data-testid^="scenario-card-"]')
      .filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
  }

  /**
   * Starts the scenario with this title from its catalog card and waits for
   * its run view. A `seed` (the card's seed field) fixes the fault's moment
   * in its window, e.g. seed 86 fires a `between: [15s, 45s]` fault at 16 s.
   */
  /**
   * Starts a scenario from its card: `seed` fixes the fault moment; `switches` sets the
   * card's on/off trainee settings (a prevention drill's choice) before the start.
   */
  async startScenario(
    title: string,
    options: { seed?: number; switches?: Record<string, boolean> } = {},
  ): Promise<ScenarioPage> {
    const card = this.scenarioCard(title);
    await expect(card).toHaveCount(1);
    for (const [name, on] of Object.entries(options.switches ?? {})) {
      const sw = card.getByTestId(`setting-${name}`);
      if ((await sw.isChecked()) !== on) await sw.click();
      await expect(sw).toBeChecked({ checked: on });
    }
    if (options.seed !== undefined) {
      await card.locator('details.advanced > summary').click();
      await card.locator('[data-testid^="setting-seed-"]').fill(String(options.seed));
    }
    await card.locator('[data-testid^="start-scenario-"]').click();
    const run = new ScenarioPage(this.page);
    await expect(run.root).toBeVisible();
    return run;
  }
}

import { expect, type Locator, type Page } from '@playwright/test';
import { RunPage } from './run-page';

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
}

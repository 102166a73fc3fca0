import { expect, type Locator, type Page } from '@playwright/test';
import { RunPage } from './run-page';

/** A scenario run: the run view plus the palette, the ledger and the debrief. */
export class ScenarioPage extends RunPage {
  readonly palette: Locator;
  readonly debrief: Locator;

  constructor(page: Page) {
    super(page);
    this.palette = page.getByTestId('action-palette');
    this.debrief = page.getByTestId('debrief');
  }

  async act(kind: string, node?: string): Promise<void> {
    await this.page.getByTestId(node ? `action-${kind}-${node}` : `action-${kind}`).click();
  }

  check(id: string): Locator {
    return this.page.getByTestId(`check-${id}`);
  }

  /** Downloads the debrief's JSON export and parses it. */
  async exportedDebrief(): Promise<{
    ledger: { fates?: Record<string, number> };
    grade: { passed: boolean };
  }> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('export-json').click();
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    return JSON.parse(readFileSync(file, 'utf8')) as {
      ledger: { fates?: Record<string, number> };
      grade: { passed: boolean };
    };
  }

  async waitForDebrief(timeoutMs = 90_000): Promise<void> {
    await expect(this.debrief).toBeVisible({ timeout: timeoutMs });
  }
}

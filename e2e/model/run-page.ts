import { expect, type Locator, type Page } from '@playwright/test';

/** The view of one run: phase, build progress, topology, live tells. */
export class RunPage {
  readonly root: Locator;
  readonly mastersClaimed: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('run-view');
    this.mastersClaimed = page.getByTestId('masters-claimed');
  }

  async runId(): Promise<string> {
    const id = await this.root.getAttribute('data-run-id');
    if (!id) throw new Error('run view has no data-run-id');
    return id;
  }

  async waitForPhase(phase: string, timeoutMs = 180_000): Promise<void> {
    await expect(this.root).toHaveAttribute('data-phase', phase, { timeout: timeoutMs });
  }

  node(name: string): Locator {
    return this.page.getByTestId(`node-card-${name}`);
  }

  nodeCards(): Locator {
    return this.page.locator('[data-testid^="node-card-"]');
  }

  chart(name: 'masters' | 'roles' | 'offsets'): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }

  async stop(): Promise<void> {
    await this.page.getByTestId('stop-lab').click();
  }
}

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

  /** The headline tell: nodes claiming master, in big type and over time. */
  get headline(): Locator {
    return this.page.getByTestId('headline');
  }

  /** The palette (data-enabled, data-picked). */
  get palette(): Locator {
    return this.page.getByTestId('action-palette');
  }

  /** Picks a node in the palette: its moves are shown once picked. */
  async pick(node: string): Promise<void> {
    await this.page.getByTestId(`palette-node-${node}`).click();
    await expect(this.page.getByTestId('palette-moves')).toHaveAttribute('data-node', node);
  }

  /** A node's move (`action-<kind>-<node>`), with the node picked first. */
  async nodeMove(kind: string, node: string): Promise<Locator> {
    await this.pick(node);
    return this.page.getByTestId(`action-${kind}-${node}`);
  }

  /** Opens a real shell in a node (its console tab) and waits until it is open. */
  async openConsole(node: string): Promise<Locator> {
    await this.page.getByTestId(`console-tab-${node}`).click();
    const shell = this.page.getByTestId(`console-${node}`);
    await expect(shell).toHaveAttribute('data-status', 'open', { timeout: 60_000 });
    return shell;
  }

  /** The terminal of a node's open console. */
  terminal(node: string): Locator {
    return this.page.getByTestId(`console-${node}`).locator('.terminal-host');
  }

  /** The lines of the run's event log. */
  get runLog(): Locator {
    return this.page.getByTestId('run-log');
  }
}

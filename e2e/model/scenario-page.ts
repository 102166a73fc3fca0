import { expect, type Locator, type Page } from '@playwright/test';
import { RunPage } from './run-page';

/** A scenario run: the run view plus the palette, the ledger and the debrief. */
export class ScenarioPage extends RunPage {
  readonly debrief: Locator;
  /** The engine's answer to the last palette move that finished. */
  readonly actionResult: Locator;
  /** Patroni: postgres's own role next to Patroni's, per PostgreSQL node. */
  readonly patroniRoles: Locator;
  /** Patroni: the tell-strip chip naming the etcd leader key's holder. */
  readonly leaderKey: Locator;

  constructor(page: Page) {
    super(page);
    this.debrief = page.getByTestId('debrief');
    this.actionResult = page.getByTestId('action-result');
    this.patroniRoles = page.getByTestId('patroni-roles-table');
    this.leaderKey = page.getByTestId('leader-key');
  }

  /** The scenario part of the run view (data-scenario-id, data-system). */
  get scenario(): Locator {
    return this.page.getByTestId('scenario-run');
  }

  /** keepalived: the routers table (data-masters, data-vip-holders, data-deaf). */
  get vrrpRouters(): Locator {
    return this.page.getByTestId('vrrp-routers');
  }

  /** keepalived: one router's row (data-vrrp-state, data-vip-held, data-deaf). */
  vrrpRouter(node: string): Locator {
    return this.page.getByTestId(`vrrp-router-${node}`);
  }

  /** keepalived: how many MACs answer the client's ARP request for the VIP (data-value). */
  get arpMacCount(): Locator {
    return this.page.getByTestId('arp-mac-count');
  }

  /** keepalived: the client's neighbour entry for the VIP (data-router, data-mac, data-flips). */
  get vipNeighbour(): Locator {
    return this.page.getByTestId('vip-neighbour');
  }

  /** The palette's global "Heal all faults" button. */
  get healAll(): Locator {
    return this.page.getByTestId('action-heal');
  }

  /** Patroni: one node's row of the roles table (data-role, data-patroni-role, data-timeline...). */
  patroniRole(node: string): Locator {
    return this.page.getByTestId(`patroni-role-${node}`);
  }

  /** Patroni: the rows of nodes whose postgres says primary (pg_is_in_recovery() false). */
  primaries(): Locator {
    return this.patroniRoles.locator('[data-testid^="patroni-role-"][data-role="master"]');
  }

  /** Patroni: the name of the one primary other than `node`. */
  async otherPrimary(node: string): Promise<string> {
    const other = this.patroniRoles.locator(
      `[data-testid^="patroni-role-"][data-role="master"]:not([data-testid="patroni-role-${node}"])`,
    );
    await expect(other).toHaveCount(1);
    const id = await other.getAttribute('data-testid');
    return id!.replace('patroni-role-', '');
  }

  /** The alert naming the nodes where Patroni and postgres disagree on the role. */
  get patroniDisagrees(): Locator {
    return this.page.getByTestId('patroni-disagrees');
  }

  /** The alert shown while more than one node is primary. */
  get twoPrimaries(): Locator {
    return this.page.getByTestId('two-primaries');
  }

  /** A per-node palette move, located by the label the trainee reads on it (the node picked first). */
  async move(node: string, label: string): Promise<Locator> {
    await this.pick(node);
    return this.page.getByTestId('palette-moves').getByRole('button', { name: label, exact: true });
  }

  /** The time left (data-left-ms), shown once the scenario has started. */
  get clock(): Locator {
    return this.page.getByTestId('scenario-clock');
  }

  /**
   * Clicks a palette button and waits for the engine's answer to it, which
   * must be a success. Returns the answer's text (the engine's detail).
   */
  async actAndConfirm(button: Locator, label: string): Promise<string> {
    await expect(this.palette).toHaveAttribute('data-enabled', 'true');
    await button.click();
    const answer = this.actionResult.filter({
      has: this.page.locator('span.mono', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
    });
    await expect(answer).toHaveAttribute('data-ok', 'true', { timeout: 60_000 });
    return (await answer.textContent()) ?? '';
  }

  /** Clicks a palette move: a node's (picked first) or a global one (heal, end). */
  async act(kind: string, node?: string): Promise<void> {
    if (node) await (await this.nodeMove(kind, node)).click();
    else await this.page.getByTestId(`action-${kind}`).click();
  }

  check(id: string): Locator {
    return this.page.getByTestId(`check-${id}`);
  }

  /** The sentence of a debrief check saying why it got its verdict. */
  checkWhy(id: string): Locator {
    return this.check(id).locator('td.why');
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

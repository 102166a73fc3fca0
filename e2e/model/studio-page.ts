import { expect, type Locator, type Page } from '@playwright/test';

/** The scenario studio: the editor, its problem list, the preview and the dry run. */
export class StudioPage {
  readonly root: Locator;
  readonly editor: Locator;
  readonly markers: Locator;
  readonly checkState: Locator;
  readonly status: Locator;
  readonly dryRun: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('studio');
    this.editor = page.getByTestId('studio-editor');
    this.markers = page.getByTestId('studio-markers');
    this.checkState = page.getByTestId('studio-check-state');
    this.status = page.getByTestId('studio-status');
    this.dryRun = page.getByTestId('dry-run');
  }

  /** Opens the studio from the header and waits for monaco to be on screen. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-studio').click();
    await expect(this.root).toBeVisible();
    await expect(this.editor.locator('.monaco-editor')).toBeVisible();
  }

  /** A new scenario from a system's template (the select's option label). */
  async newFromTemplate(label: string): Promise<void> {
    await this.page.getByTestId('studio-template').selectOption({ label });
    await expect(this.page.getByTestId('studio-origin')).toHaveAttribute('data-origin', 'new');
  }

  /** Waits for the engine's check of the text as it is now: `valid` or `problems`. */
  async waitForCheck(state: 'valid' | 'problems'): Promise<void> {
    await expect(this.root).toHaveAttribute('data-checked', 'true');
    await expect(this.checkState).toHaveAttribute('data-state', state);
  }

  /**
   * Replaces every occurrence of `find` with monaco's own find-and-replace
   * box (Ctrl+H, then "replace all"), as a person edits a word in many places.
   */
  async replaceText(find: string, replacement: string): Promise<void> {
    await this.editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+H');
    const widget = this.editor.locator('.find-widget');
    await expect(widget).toBeVisible();
    await widget.locator('.find-part textarea').fill(find);
    await expect(widget.locator('.matchesCount')).not.toHaveText(/No results/);
    await widget.locator('.replace-part textarea').fill(replacement);
    await widget.locator('.replace-part [aria-label^="Replace All"]').click();
    await this.page.keyboard.press('Escape');
  }

  /** The marker list's entries on one line. */
  markersOn(line: number): Locator {
    return this.markers.locator(`li[data-line="${line}"]`);
  }

  async save(): Promise<void> {
    await this.page.getByTestId('studio-save').click();
    await expect(this.page.getByTestId('studio-origin')).toHaveAttribute('data-origin', 'library');
  }

  dryRunEntry(response: string): Locator {
    return this.page.getByTestId(`dry-run-entry-${response}`);
  }
}

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
   * Replaces the first occurrence of `find` by typing, as a person would:
   * monaco's find box (Ctrl+F) selects it, Escape closes the box, the typed
   * text replaces the selection.
   */
  async replaceText(find: string, replacement: string): Promise<void> {
    await this.editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+F');
    const findInput = this.editor.locator('.find-widget textarea, .find-widget input').first();
    await expect(findInput).toBeFocused();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(find);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.type(replacement);
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

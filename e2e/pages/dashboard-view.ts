import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell, type View } from './app-shell.js';

/** One tab of the dashboard: opened through the section tabs, "loaded" once it shows data instead of a loading line. */
export abstract class DashboardView {
  abstract readonly view: View;
  /** The heading that says this view is shown. */
  abstract readonly heading: Locator;
  readonly shell: AppShell;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  async open(): Promise<void> {
    await this.shell.open(this.view);
    await this.loaded();
  }

  /** Reloads the browser page (the key is kept for the window) and waits for this view again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.loaded();
  }

  async loaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByRole('status').filter({ hasText: /^(Loading|Checking)\b/ })).toHaveCount(0);
  }

  /** A card of this view's list (an account, a key), by the title it shows. */
  protected card(title: string): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { level: 4, name: title, exact: true }) });
  }
}

/**
 * The <dd> that belongs to the <dt> with this text inside `scope` (a description list such as "Plan: max" or
 * "Requests: 2"). Not retrying: call it inside expect(…).toPass() or after the scope has loaded.
 */
export async function definitionOf(scope: Locator, term: string): Promise<Locator> {
  const terms = (await scope.getByRole('term').allTextContents()).map((text) => text.trim());
  const index = terms.indexOf(term);
  if (index < 0) throw new Error(`no "${term}" in this list (it has ${terms.map((text) => `"${text}"`).join(', ') || 'no terms'})`);
  return scope.getByRole('definition').nth(index);
}

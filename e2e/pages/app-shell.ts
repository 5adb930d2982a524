import { expect, type Locator, type Page } from '@playwright/test';
import { KeyGate } from './key-gate.js';

/** The tabs of the dashboard, by their visible names. */
export type View = 'Overview' | 'Accounts' | 'Keys' | 'Usage & cost' | 'Requests' | 'Clients';

/** What surrounds every view once signed in: the section tabs, the theme toggle and "Forget key" (App.tsx). */
export class AppShell {
  readonly sections: Locator;
  readonly forgetKeyButton: Locator;
  readonly themeToggle: Locator;

  constructor(readonly page: Page) {
    this.sections = page.getByRole('navigation', { name: 'Sections' });
    this.forgetKeyButton = page.getByRole('button', { name: 'Forget key' });
    this.themeToggle = page.getByRole('button', { name: /^Theme: / });
  }

  tab(view: View): Locator {
    return this.sections.getByRole('link', { name: view, exact: true });
  }

  /** Opens the dashboard and signs in at the key gate. */
  async signIn(key: string): Promise<void> {
    const gate = new KeyGate(this.page);
    await gate.goto();
    await gate.submit(key);
    await expect(this.sections).toBeVisible();
  }

  async open(view: View): Promise<void> {
    await this.tab(view).click();
    await expect(this.tab(view)).toHaveAttribute('aria-current', 'page');
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The stand-in OAuth server's own pages (e2e/stand-ins/anthropic-oauth.ts), in the window the dashboard's login
 * link opened: the authorize page with its approve form, then the manual-callback page showing "code#state".
 */
export class StandInLoginPage {
  readonly authorizeHeading: Locator;
  readonly emailField: Locator;
  readonly authorizeButton: Locator;
  readonly codeHeading: Locator;
  /** The "code#state" to paste back (the stand-in marks it with id="code", as its tests read it too). */
  readonly code: Locator;

  constructor(readonly page: Page) {
    this.authorizeHeading = page.getByRole('heading', { name: 'Authorize Claude Code' });
    this.emailField = page.getByLabel('E-mail');
    this.authorizeButton = page.getByRole('button', { name: 'Authorize' });
    this.codeHeading = page.getByRole('heading', { name: 'Authentication code' });
    this.code = page.locator('#code');
  }

  /** Approves the login as `email` and returns the "code#state" the page then shows. */
  async approve(email: string): Promise<string> {
    await expect(this.authorizeHeading).toBeVisible();
    await this.emailField.fill(email);
    await this.authorizeButton.click();
    await expect(this.codeHeading).toBeVisible();
    return ((await this.code.textContent()) ?? '').trim();
  }
}

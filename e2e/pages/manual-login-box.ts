import { expect, type Locator, type Page } from '@playwright/test';
import { StandInLoginPage } from './stand-in-login-page.js';

/**
 * The dashboard's manual login box — "Add a Claude account", or "Log in again to …" inside an account's card: the
 * login link, the field for the pasted code, and, once the login is over, the button that gets a fresh link.
 */
export class ManualLoginBox {
  readonly link: Locator;
  readonly codeField: Locator;
  readonly finishButton: Locator;
  readonly cancelButton: Locator;
  readonly freshLinkButton: Locator;
  /** "A fresh login link is ready: …" */
  readonly freshLinkNotice: Locator;
  readonly error: Locator;

  constructor(
    readonly page: Page,
    readonly box: Locator,
  ) {
    this.link = box.getByRole('link', { name: 'Open the Claude login page' });
    this.codeField = box.getByLabel('Paste the code shown after you authorize');
    this.finishButton = box.getByRole('button', { name: 'Finish login' });
    this.cancelButton = box.getByRole('button', { name: 'Cancel' });
    this.freshLinkButton = box.getByRole('button', { name: 'Get a fresh login link' });
    this.freshLinkNotice = box.getByRole('status').filter({ hasText: 'A fresh login link is ready' });
    this.error = box.getByRole('alert');
  }

  /** Opens the box's login link in a new window of the same browser, approves there as `email`, returns "code#state". */
  async approveAs(email: string): Promise<string> {
    await expect(this.link).toBeVisible();
    const [loginWindow] = await Promise.all([this.page.context().waitForEvent('page'), this.link.click()]);
    const code = await new StandInLoginPage(loginWindow).approve(email);
    await loginWindow.close();
    expect(code).toMatch(/^[^#\s]+#[^#\s]+$/);
    return code;
  }

  async paste(code: string): Promise<void> {
    await this.codeField.fill(code);
    await this.finishButton.click();
  }
}

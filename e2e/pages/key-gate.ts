import { expect, type Locator, type Page } from '@playwright/test';

/** The admin-key form the dashboard shows until a key is accepted (renderer/src/components/key-gate.tsx). */
export class KeyGate {
  readonly region: Locator;
  readonly keyField: Locator;
  readonly openButton: Locator;
  /** The reason a key was refused, in words. */
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Sign in with your admin key' });
    this.keyField = this.region.getByLabel('Admin key', { exact: true });
    this.openButton = this.region.getByRole('button', { name: 'Open dashboard' });
    this.error = this.region.getByRole('alert');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.region).toBeVisible();
  }

  async submit(key: string): Promise<void> {
    await this.keyField.fill(key);
    await this.openButton.click();
  }
}

import { expect, type Locator, type Page } from '@playwright/test';
import { DashboardView } from './dashboard-view.js';

/** Keys: managed API keys with their limits and month-to-date spend; create (secret shown once), edit, revoke. */
export class KeysPage extends DashboardView {
  readonly view = 'Keys' as const;
  readonly heading: Locator;
  readonly refreshListButton: Locator;
  readonly createKeyButton: Locator;
  readonly newKeyForm: Locator;
  readonly labelField: Locator;
  readonly submitNewKeyButton: Locator;
  /** The one-time notice with the new key's secret. */
  readonly createdSecret: Locator;
  readonly secret: Locator;
  readonly copySecretButton: Locator;
  readonly copiedSecretButton: Locator;
  readonly showRevoked: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'API keys', level: 2 });
    this.refreshListButton = page.getByRole('button', { name: 'Refresh list' });
    this.createKeyButton = page.getByRole('button', { name: 'Create a key' });
    this.newKeyForm = page.getByRole('form', { name: 'New key' });
    this.labelField = this.newKeyForm.getByLabel('Label', { exact: true });
    this.submitNewKeyButton = this.newKeyForm.getByRole('button', { name: 'Create key' });
    this.createdSecret = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: /^Key “.+” created$/ }) });
    this.secret = this.createdSecret.getByRole('code');
    this.copySecretButton = this.createdSecret.getByRole('button', { name: 'Copy secret' });
    this.copiedSecretButton = this.createdSecret.getByRole('button', { name: 'I have copied it' });
    this.showRevoked = page.getByRole('checkbox', { name: /^Show \d+ revoked keys?$/ });
  }

  /** A key's card, by its label. */
  key(label: string): Locator {
    return this.card(label);
  }

  /** The state badge of a key's card: "active", "disabled", "expired", "revoked", or /^blocked until / (a used-up budget). */
  keyState(label: string, state: 'active' | 'disabled' | 'expired' | 'revoked' | RegExp): Locator {
    return this.key(label).getByText(state, { exact: true });
  }

  /** A field of the "New key" form by its label, e.g. "Requests per minute". */
  newKeyField(label: string): Locator {
    return this.newKeyForm.getByLabel(label, { exact: true });
  }

  /** The line under the form that names every field to fix. */
  get formProblems(): Locator {
    return this.newKeyForm.getByRole('alert');
  }

  /** Fills in "New key" with just a label and creates it; returns the secret the page shows once. */
  async createKey(label: string): Promise<string> {
    await this.createKeyButton.click();
    await this.labelField.fill(label);
    await this.submitNewKeyButton.click();
    await expect(this.createdSecret).toBeVisible();
    await expect(this.createdSecret.getByRole('heading')).toHaveText(`Key “${label}” created`);
    return ((await this.secret.textContent()) ?? '').trim();
  }

  async revoke(label: string): Promise<void> {
    const card = this.key(label);
    await card.getByRole('button', { name: 'Revoke…' }).click();
    const confirm = card.getByRole('alertdialog', { name: `Revoke ${label}?` });
    await expect(confirm).toContainText('get 401');
    await confirm.getByRole('button', { name: 'Yes, revoke' }).click();
  }
}

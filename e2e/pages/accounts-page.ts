import { expect, type Locator, type Page } from '@playwright/test';
import { DashboardView, definitionOf } from './dashboard-view.js';
import { ManualLoginBox } from './manual-login-box.js';
import { StandInLoginPage } from './stand-in-login-page.js';

/** Accounts: one card per account (state, plan, quota bars, actions) and "Add a Claude account". */
export class AccountsPage extends DashboardView {
  readonly view = 'Accounts' as const;
  readonly heading: Locator;
  readonly refreshListButton: Locator;
  readonly noAccounts: Locator;
  readonly addAccountButton: Locator;
  /** The login box that "Add a Claude account" opens. */
  readonly login: Locator;
  readonly loginLink: Locator;
  readonly codeField: Locator;
  readonly finishLoginButton: Locator;
  readonly loginError: Locator;
  /** "Added … (plan). It serves requests from now on." */
  readonly added: Locator;
  /** The same login box as `login`, with what comes after a wrong paste or a refused code. */
  readonly addLogin: ManualLoginBox;
  readonly sortByPriorityButton: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Accounts', level: 2 });
    this.refreshListButton = page.getByRole('button', { name: 'Refresh list' });
    this.noAccounts = page.getByText('No accounts yet.');
    this.addAccountButton = page.getByRole('button', { name: 'Add a Claude account' });
    this.login = page.getByRole('group', { name: 'Add a Claude account' });
    this.loginLink = this.login.getByRole('link', { name: 'Open the Claude login page' });
    this.codeField = this.login.getByLabel('Paste the code shown after you authorize');
    this.finishLoginButton = this.login.getByRole('button', { name: 'Finish login' });
    this.loginError = page.getByRole('alert');
    this.added = page.getByRole('status').filter({ hasText: /^Added / });
    this.addLogin = new ManualLoginBox(page, this.login);
    this.sortByPriorityButton = page.getByRole('button', { name: 'Sort by priority' });
  }

  /** "Log in again" on an account's card (shown while it needs a login). */
  logInAgainButton(name: string): Locator {
    return this.account(name).getByRole('button', { name: `Log in again to ${name}` });
  }

  /** The login box "Log in again" opens inside the account's card. */
  relogin(name: string): ManualLoginBox {
    return new ManualLoginBox(this.page, this.account(name).getByRole('group', { name: `Log in again to ${name}` }));
  }

  /** "Try now" on an account's card (shown while it cools down). */
  tryNowButton(name: string): Locator {
    return this.account(name).getByRole('button', { name: `Try ${name} now` });
  }

  raisePriorityButton(name: string): Locator {
    return this.account(name).getByRole('button', { name: `Raise the priority of ${name}` });
  }

  /** The state badge of an account's card: "ready", "cooling", "needs login" or "disabled". */
  stateOf(name: string): Locator {
    return this.account(name).locator('.badge.state');
  }

  /** What the badge leaves out, under the account's name: "Cooling until 14:05: …", why it needs a login and how. */
  explanationOf(name: string): Locator {
    return this.account(name).locator('.account-explanation');
  }

  /** The names the account cards show, top to bottom. */
  async cardNames(): Promise<string[]> {
    return (await this.page.getByRole('listitem').getByRole('heading', { level: 4 }).allTextContents()).map((text) => text.trim());
  }

  /** An account's card, by the name it shows (label, else e-mail, else id). */
  account(name: string): Locator {
    return this.card(name);
  }

  /** A quota window's bar on an account's card, e.g. "5-hour limit" or "weekly limit". */
  quotaBar(name: string, window: string): Locator {
    return this.account(name).getByRole('progressbar', { name: window, exact: true });
  }

  /** The quota bars an account's card shows now: window label → percent used. */
  async quotaPercents(name: string): Promise<Record<string, number>> {
    const percents: Record<string, number> = {};
    for (const bar of await this.account(name).getByRole('progressbar').all()) {
      percents[(await bar.getAttribute('aria-label')) ?? '?'] = Number(await bar.getAttribute('aria-valuenow'));
    }
    return percents;
  }

  /**
   * Presses "Refresh list" until the account's quota bars read `percents` (window label → percent used): a new
   * reading arrives with the answer to a request, not at once.
   */
  async refreshUntilQuota(name: string, percents: Record<string, number>): Promise<void> {
    await expect(async () => {
      await this.refreshListButton.click();
      await expect.poll(() => this.quotaPercents(name), { timeout: 1000 }).toMatchObject(percents);
    }).toPass();
  }

  /** A fact of an account's card: "Plan", "Priority", "Requests", "Last used". */
  async fact(name: string, term: string): Promise<string> {
    return ((await (await definitionOf(this.account(name), term)).textContent()) ?? '').trim();
  }

  /**
   * The manual login, as a person does it: start it, open the login page the dashboard links to (a new window
   * of the same browser), approve there as `email`, copy the "code#state" and paste it back.
   */
  async addAccountThroughLogin(email: string, expectedAuthorizeOrigin: string): Promise<void> {
    await this.addAccountButton.click();
    await expect(this.loginLink).toBeVisible();
    await expect(this.loginLink).toHaveAttribute('href', new RegExp(`^${escapeRegExp(expectedAuthorizeOrigin)}/oauth/authorize\\?`));
    const [loginWindow] = await Promise.all([this.page.context().waitForEvent('page'), this.loginLink.click()]);
    const code = await new StandInLoginPage(loginWindow).approve(email);
    expect(code).toMatch(/^[^#\s]+#[^#\s]+$/);
    await loginWindow.close();
    await this.codeField.fill(code);
    await this.finishLoginButton.click();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The dashboard suite's `test`: the running stack (see global-setup.ts), the page's base URL pointed at it, a
 * signed-in shell and one page object per view.
 */
import { test as base } from '@playwright/test';
import { AccountsPage, AppShell, ClientsPage, KeysPage, OverviewPage, RequestsPage, UsagePage } from '../../pages/index.js';
import { readStack, type StackInfo } from './stack.js';

export interface DashboardFixtures {
  /** The dashboard, signed in with the owner key at the key gate. */
  shell: AppShell;
  overview: OverviewPage;
  accounts: AccountsPage;
  keys: KeysPage;
  usage: UsagePage;
  requests: RequestsPage;
  clients: ClientsPage;
}

export const test = base.extend<DashboardFixtures, { stack: StackInfo }>({
  // Playwright reads a fixture's dependencies from the destructuring pattern, so an empty one it must be.
  // eslint-disable-next-line no-empty-pattern
  stack: [async ({}, use) => use(readStack()), { scope: 'worker' }],
  baseURL: async ({ stack }, use) => use(stack.url),
  shell: async ({ page, stack }, use) => {
    const shell = new AppShell(page);
    await shell.signIn(stack.ownerKey);
    await use(shell);
  },
  // The views come signed in.
  overview: async ({ shell }, use) => use(new OverviewPage(shell.page)),
  accounts: async ({ shell }, use) => use(new AccountsPage(shell.page)),
  keys: async ({ shell }, use) => use(new KeysPage(shell.page)),
  usage: async ({ shell }, use) => use(new UsagePage(shell.page)),
  requests: async ({ shell }, use) => use(new RequestsPage(shell.page)),
  clients: async ({ shell }, use) => use(new ClientsPage(shell.page)),
});

export { expect } from '@playwright/test';

/** The account the login spec adds through the stand-in OAuth flow; the later specs use it. */
export const ACCOUNT_EMAIL = 'e2e-person@example.com';

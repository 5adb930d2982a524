/**
 * Manners of the main views, after the earlier specs gave them something to show: no sideways scrolling at
 * 1280×800 or in the 420-pixel popover, the figures that matter on screen at both widths, light and dark themes
 * both applied, and the screenshots (attached to each test; written to docs/screenshots/ for the README with
 * UPDATE_README_SCREENSHOTS=1).
 */
import type { Page } from '@playwright/test';
import {
  AccountsPage,
  ClientsPage,
  KeysPage,
  OverviewPage,
  RequestsPage,
  UsagePage,
  backgroundLuminance,
  cutOffFields,
  horizontalExtent,
  truncatedSelects,
  whyNotFullyShown,
  type DashboardView,
} from '../pages/index.js';
import { attachScreenshot } from './support/screenshots.js';
import { anthropicClient, askClaude, failureOf } from './support/sdk.js';
import { ACCOUNT_EMAIL, expect, test } from './support/fixtures.js';

/** The views the README shows in the 420-pixel popover too. */
const README_AT_420 = new Set(['overview', 'accounts', 'usage', 'requests']);

interface ViewCase {
  slug: string;
  make: (page: Page) => DashboardView;
  /** What must be on screen before the view is measured or photographed. */
  ready: (page: Page) => Promise<void>;
}

const SEEDED_KEY = 'CI bot';

const VIEWS: ViewCase[] = [
  {
    slug: 'overview',
    make: (page) => new OverviewPage(page),
    ready: async (page) => expect(new OverviewPage(page).usage).toContainText('This month (UTC)'),
  },
  {
    slug: 'accounts',
    make: (page) => new AccountsPage(page),
    ready: async (page) => expect(new AccountsPage(page).quotaBar(ACCOUNT_EMAIL, '5-hour limit')).toBeVisible(),
  },
  {
    slug: 'keys',
    make: (page) => new KeysPage(page),
    ready: async (page) => expect(new KeysPage(page).key(SEEDED_KEY)).toContainText('This month: 1 request'),
  },
  {
    slug: 'usage',
    make: (page) => new UsagePage(page),
    ready: async (page) => expect(new UsagePage(page).chart).toBeVisible(),
  },
  {
    slug: 'requests',
    make: (page) => new RequestsPage(page),
    ready: async (page) => expect(new RequestsPage(page).requests().first()).toBeVisible(),
  },
  {
    slug: 'clients',
    make: (page) => new ClientsPage(page),
    // With Claude Code's model fields open: measured for text cut off, and in the README's picture.
    ready: async (page) => {
      const clients = new ClientsPage(page);
      await expect(clients.client('Claude Code')).toBeVisible();
      await clients.modelsToggle('Claude Code').click();
      await expect(clients.modelField('Claude Code', 'Haiku model')).toBeVisible();
    },
  },
];

test.beforeAll('a managed key with budgets and some spend, so the Keys view has something to show', async ({ stack }) => {
  // A worker that restarts after a failed test runs this again: one such key is enough.
  const listed = await fetch(`${stack.url}/admin/keys`, { headers: { authorization: `Bearer ${stack.ownerKey}` } });
  const { keys } = (await listed.json()) as { keys: { label: string }[] };
  if (keys.some((key) => key.label === SEEDED_KEY)) return;
  const created = await fetch(`${stack.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.ownerKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: SEEDED_KEY, owner: 'ops', rpmLimit: 30, concurrencyLimit: 2, monthlyTokenBudget: 20_000, monthlyCostBudgetUsd: 0.05 }),
  });
  expect(created.status).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  await askClaude(anthropicClient(stack, secret), 'claude-sonnet-4-6', 'Please repeat: a request from the CI bot, to show its budget bars.');
  // A failed request, so the Requests view has an error to show.
  await failureOf(askClaude(anthropicClient(stack, stack.ownerKey), 'no-such-model-9', 'Please fail: this model is not served.'));
});

/** What must be wholly on screen at every width, however long the page: the figures people open the view for. */
async function importantFiguresShown(page: Page, width: number): Promise<void> {
  const requests = new RequestsPage(page);
  await requests.open();
  const failed = requests.failedRequests().first();
  await expect(failed).toBeVisible();
  for (const column of ['Tokens', 'Latency', 'Cost'] as const) {
    expect(await whyNotFullyShown(await requests.cellOf(failed, column)), `a failed request's ${column} at ${width} px`).toBeNull();
  }
  expect(await whyNotFullyShown(requests.errorOf(failed)), `a failed request's error at ${width} px`).toBeNull();

  const usage = new UsagePage(page);
  await usage.open();
  await expect(usage.groupsTable).toBeVisible();
  expect(await whyNotFullyShown(await usage.cell(0, 'Cost')), `the usage table's Cost at ${width} px`).toBeNull();
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 420, height: 760 },
]) {
  test(`no view scrolls sideways at ${size.width} px`, async ({ page, shell }, testInfo) => {
    await page.setViewportSize(size);
    for (const view of VIEWS) {
      await test.step(view.slug, async () => {
        const dashboardView = view.make(page);
        await dashboardView.open();
        await view.ready(page);
        const { scrollWidth, innerWidth } = await horizontalExtent(page);
        expect(scrollWidth, `${view.slug} is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
        expect(await truncatedSelects(page), `drop-downs of ${view.slug} too narrow for their choices`).toEqual([]);
        expect(await cutOffFields(page), `fields of ${view.slug} whose text is cut off`).toEqual([]);
        if (size.width === 420) await attachScreenshot(page, testInfo, `${view.slug}-420`, { readme: README_AT_420.has(view.slug) });
      });
    }
    await expect(shell.sections).toBeVisible();
  });

  test(`a request's error, tokens, latency and cost, and the usage table's cost, are on screen at ${size.width} px`, async ({ page, shell }) => {
    await page.setViewportSize(size);
    await importantFiguresShown(page, size.width);
    await expect(shell.sections).toBeVisible();
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every view renders in the ${scheme} theme`, async ({ page, shell }, testInfo) => {
    await page.emulateMedia({ colorScheme: scheme });
    for (const view of VIEWS) {
      await test.step(view.slug, async () => {
        await view.make(page).open();
        await view.ready(page);
        const luminance = await backgroundLuminance(page);
        if (scheme === 'dark') expect(luminance, 'a dark page background').toBeLessThan(0.1);
        else expect(luminance, 'a light page background').toBeGreaterThan(0.8);
        const name = scheme === 'light' ? view.slug : `${view.slug}-dark`;
        await attachScreenshot(page, testInfo, name, { readme: scheme === 'light' || view.slug === 'usage' || view.slug === 'accounts' });
      });
    }
    await expect(shell.sections).toBeVisible();
  });
}

test('the theme toggle overrides the system theme', async ({ page, shell }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(shell.themeToggle).toHaveAccessibleName('Theme: system. Switch to light.');
  expect(await backgroundLuminance(page)).toBeLessThan(0.1);
  await shell.themeToggle.click();
  await expect(shell.themeToggle).toHaveAccessibleName('Theme: light. Switch to dark.');
  await expect.poll(() => backgroundLuminance(page)).toBeGreaterThan(0.8);
  await shell.themeToggle.click();
  await expect(shell.themeToggle).toHaveAccessibleName('Theme: dark. Switch to system.');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => backgroundLuminance(page)).toBeLessThan(0.1);
});

import type { Locator, Page } from '@playwright/test';
import { DashboardView, definitionOf } from './dashboard-view.js';

/** Overview: proxy status and endpoint, today's and this month's usage, what needs attention. */
export class OverviewPage extends DashboardView {
  readonly view = 'Overview' as const;
  readonly heading: Locator;
  readonly status: Locator;
  readonly usage: Locator;
  readonly attention: Locator;
  /** The one status of the proxy and its accounts: "OK", "Needs attention", "Not serving", "No account yet". */
  readonly overallStatus: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Proxy status' });
    this.status = page.getByRole('region', { name: 'Proxy status' });
    this.usage = page.getByRole('region', { name: 'Usage', exact: true });
    this.attention = page.getByRole('region', { name: 'Needs attention' });
    this.overallStatus = this.status.getByText(/^Status: \S/);
  }

  /** The base URL clients of one API family are told to use: the server for Anthropic's, its /v1 for OpenAI's. */
  endpoint(kind: 'Anthropic' | 'OpenAI' = 'Anthropic'): Locator {
    return this.status.getByLabel(`Base URL for ${kind} clients`, { exact: true });
  }

  copyEndpointButton(kind: 'Anthropic' | 'OpenAI'): Locator {
    return this.status.getByRole('button', { name: `Copy the base URL for ${kind} clients` });
  }

  /** "Today" or "This month (UTC)": the block holding that period's numbers. */
  period(title: 'Today' | 'This month (UTC)'): Locator {
    return this.usage.getByRole('group', { name: title, exact: true });
  }

  /** A number of a period as shown, e.g. stat('Today', 'Requests') → "2". */
  async stat(title: 'Today' | 'This month (UTC)', term: 'Requests' | 'Tokens' | 'API-equivalent cost'): Promise<string> {
    return ((await (await definitionOf(this.period(title), term)).textContent()) ?? '').trim();
  }
}

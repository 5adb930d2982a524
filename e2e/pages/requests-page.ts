import type { Locator, Page } from '@playwright/test';
import { DashboardView } from './dashboard-view.js';

/** The columns of a request's row, as headed in the table. */
export type RequestColumn = 'Time' | 'Status' | 'Model' | 'Key' | 'Account' | 'Tokens' | 'Latency' | 'Cost';

/**
 * Requests: the newest requests one by one, with filters and a live refresh. Each request is a row group: a row
 * of figures, and under it a row with its error in words when it failed.
 */
export class RequestsPage extends DashboardView {
  readonly view = 'Requests' as const;
  readonly heading: Locator;
  readonly outcomeFilter: Locator;
  readonly keyFilter: Locator;
  readonly liveToggle: Locator;
  readonly table: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Requests', level: 2 });
    this.outcomeFilter = page.getByLabel('Outcome');
    this.keyFilter = page.getByLabel('Key', { exact: true });
    this.liveToggle = page.getByRole('checkbox', { name: /Live/ });
    this.table = page.getByRole('table', { name: 'Recent requests' });
  }

  /** One row group per request, newest first (the header left out). */
  requests(): Locator {
    return this.table.getByRole('rowgroup').filter({ has: this.page.getByRole('cell') });
  }

  /** The requests that failed: those with an error row under them. */
  failedRequests(): Locator {
    return this.requests().filter({ has: this.page.getByRole('cell', { name: /^Error:/ }) });
  }

  /** The requests that got their answer. */
  succeededRequests(): Locator {
    return this.requests().filter({ has: this.page.getByRole('cell', { name: /^200$/ }) });
  }

  /** A request's cell in a column, e.g. cellOf(requests().first(), 'Cost'). */
  async cellOf(request: Locator, column: RequestColumn): Promise<Locator> {
    const names = (await this.table.getByRole('columnheader').allTextContents()).map((text) => text.trim());
    const at = names.indexOf(column);
    if (at < 0) throw new Error(`no "${column}" column among ${names.join(', ')}`);
    return request.getByRole('row').first().getByRole('cell').nth(at);
  }

  /** The row under a failed request that says what went wrong ("Error: …"). */
  errorOf(request: Locator): Locator {
    return request.getByRole('row').nth(1);
  }

  /** The cells of one request (the `index`th, or the one given) by column name, as shown, e.g. { Status: "200" }. */
  async row(request: number | Locator): Promise<Record<RequestColumn, string>> {
    const group = typeof request === 'number' ? this.requests().nth(request) : request;
    const names = (await this.table.getByRole('columnheader').allTextContents()).map((text) => text.trim());
    const cells = (await group.getByRole('row').first().getByRole('cell').allInnerTexts()).map((text) => text.trim());
    return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ''])) as Record<RequestColumn, string>;
  }
}

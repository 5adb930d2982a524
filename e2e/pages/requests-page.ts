import type { Locator, Page } from '@playwright/test';
import { DashboardView } from './dashboard-view.js';

/** Requests: the newest requests one by one, with filters and a live refresh. */
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
    this.table = page.getByRole('table');
  }

  /** The data rows (the header row left out). */
  rows(): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('cell') });
  }

  /** The cells of one row by column name, e.g. { Status: "200", Model: "claude-…" }. */
  async row(index: number): Promise<Record<string, string>> {
    const names = (await this.table.getByRole('columnheader').allTextContents()).map((text) => text.trim());
    const cells = (await this.rows().nth(index).getByRole('cell').allTextContents()).map((text) => text.trim());
    return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? '']));
  }
}

import type { Locator, Page } from '@playwright/test';
import { DashboardView } from './dashboard-view.js';

/** Usage & cost: totals, a stacked chart per model (or provider, key, account) and a table per group. */
export class UsagePage extends DashboardView {
  readonly view = 'Usage & cost' as const;
  readonly heading: Locator;
  readonly refreshButton: Locator;
  readonly totals: Locator;
  readonly noRequests: Locator;
  /** The chart, whose accessible name summarises it ("Cost by model, 30 days: …"). */
  readonly chart: Locator;
  /** The chart's data as a table for screen readers (one row per period with traffic). */
  readonly chartData: Locator;
  /** "By model" (or the chosen grouping): one row per group. */
  readonly groups: Locator;
  readonly groupsTable: Locator;
  /** Where the prices come from ("Prices: … downloaded … from …"), with its update button. */
  readonly priceSource: Locator;
  readonly updatePricesButton: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Usage & cost', level: 2 });
    this.refreshButton = page.getByRole('button', { name: 'Refresh', exact: true });
    this.totals = page.getByRole('region', { name: 'Totals for this period' });
    this.noRequests = page.getByText('No requests in this period yet.');
    this.chart = page.getByRole('img', { name: / by (model|provider|key|account), / });
    this.chartData = page.getByRole('table', { name: / per (hour|day|month) by / });
    this.groups = page.getByRole('region', { name: /^By (model|provider|key|account)$/ });
    this.groupsTable = this.groups.getByRole('table');
    this.priceSource = page.getByRole('region', { name: 'Price data' });
    this.updatePricesButton = this.priceSource.getByRole('button', { name: 'Update prices now' });
  }

  /** A group's row in the "By …" table, by its name (e.g. a model id). */
  row(group: string): Locator {
    return this.groupsTable.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: group, exact: true }) });
  }

  /** One figure of a group's row, by the column's heading ("Requests", "Input", "Output", "Cost", …). */
  async figure(group: string, column: string): Promise<string> {
    return ((await (await this.cellIn(this.row(group), column)).innerText()) ?? '').trim();
  }

  /** The cell of the table's `index`th group (largest first) in a column. */
  async cell(index: number, column: string): Promise<Locator> {
    return this.cellIn(this.groupsTable.getByRole('row').filter({ has: this.page.getByRole('rowheader') }).nth(index), column);
  }

  private async cellIn(row: Locator, column: string): Promise<Locator> {
    const headers = (await this.groupsTable.getByRole('columnheader').allTextContents()).map((text) => text.trim());
    const index = headers.indexOf(column);
    if (index < 1) throw new Error(`no "${column}" column among ${headers.join(', ')}`);
    // The first column is the row's header cell; the others are cells.
    return row.getByRole('cell').nth(index - 1);
  }
}

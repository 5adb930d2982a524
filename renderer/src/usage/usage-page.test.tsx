import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClientsPage } from '../pages/clients-page.js';
import { UsageBlock } from '../pages/overview-page.js';
import { UsagePage, UsageReportView } from '../pages/usage-page.js';
import { parseUsageReport } from './usage-api.js';

/** An admin API whose answers never arrive: the pages stay as they first render. */
const never = <T,>() => new Promise<T>(() => undefined);
const api = { usage: never, usageCsv: never, keys: never, accounts: never, clients: never, configureClient: never, restoreClient: never, clientDoctor: never, models: never, request: never, providers: never };
const noop = () => undefined;

function report(totals: Record<string, unknown>, groups: Record<string, unknown>[]) {
  return parseUsageReport({ from: 0, to: 1, bucket: 'day', groupBy: 'model', totals, series: { buckets: [{ start: 0, groups }] } });
}

describe('pages render', () => {
  it('start in a loading state, in words', () => {
    expect(renderToStaticMarkup(<UsagePage api={api} />)).toContain('Loading usage');
    expect(renderToStaticMarkup(<ClientsPage api={api} />)).toContain('Checking the clients');
  });

  it('says when a period is empty', () => {
    const html = renderToStaticMarkup(<UsageReportView report={report({ requests: 0 }, [])} metric="cost" groupBy="model" nameOf={(n) => n} onExport={noop} exporting={{ busy: false, error: null }} />);
    expect(html).toContain('No requests in this period yet');
  });

  it("shows an API key's billed cost apart from the subscriptions' equivalent cost", () => {
    const r = report({ requests: 2, costUsd: 3, billedCostUsd: 1, subscriptionCostUsd: 2 }, [{ name: 'claude-sonnet-4-6', requests: 2, costUsd: 3 }]);
    const html = renderToStaticMarkup(<UsageReportView report={r} metric="cost" groupBy="model" nameOf={(n) => n} onExport={noop} exporting={{ busy: false, error: null }} />);
    expect(html).toContain('Billed to API keys</div><div class="value">$1.00');
    expect(html).toContain('Subscriptions, not billed: $2.00');
  });

  it("shows on the Overview what API keys were billed apart from the subscriptions' equivalent cost", () => {
    const { totals } = report({ requests: 3, costUsd: 3, billedCostUsd: 1, subscriptionCostUsd: 2 }, []);
    const html = renderToStaticMarkup(<UsageBlock title="Today" totals={totals} />);
    expect(html).toContain('<dt>Billed to API keys</dt><dd>$1.00</dd>');
    expect(html).toContain('<dt>Subscriptions (API-equivalent)</dt><dd>$2.00</dd>');
    const subscriptionsOnly = renderToStaticMarkup(<UsageBlock title="Today" totals={report({ requests: 1, costUsd: 2, subscriptionCostUsd: 2 }, []).totals} />);
    expect(subscriptionsOnly).toContain('<dt>API-equivalent cost</dt><dd>$2.00</dd>');
  });

  it('shows unpriced requests as such, never $0', () => {
    const r = report({ requests: 4, costUsd: null, unpricedRequests: 4 }, [{ name: 'mystery-model', requests: 4, costUsd: null, unpricedRequests: 4 }]);
    const html = renderToStaticMarkup(<UsageReportView report={r} metric="cost" groupBy="model" nameOf={(n) => n} onExport={noop} exporting={{ busy: false, error: null }} />);
    expect(html).toContain('4 requests unpriced');
    expect(html).not.toContain('$0.00');
    expect(html).toContain('mystery-model');
    expect(html).toContain('Export CSV');
  });
});

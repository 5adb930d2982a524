import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { messageOf, type AdminApi, type UsageGroupBy as GroupBy, type UsageQuery } from '../admin-api';
import { SelectField, type Choice } from '../components/ui';
import { useKeysAndAccounts } from '../components/use-keys-and-accounts';
import { formatCompactCount, formatCost, formatCount, plural } from '../format';
import { groupTotals, metricValue, PALETTE, toChartData, totalTokens, type Metric } from '../usage/chart-data';
import { RANGES, rangeWindow, type Range, type UsageReport } from '../usage/usage-api';
import { PriceSource } from '../usage/price-source';
import '../components/narrow-table.css';
import '../usage/usage.css';

const METRICS: Choice<Metric>[] = [
  { id: 'cost', label: 'Cost' },
  { id: 'tokens', label: 'Tokens' },
  { id: 'requests', label: 'Requests' },
];

const GROUPS: Choice<GroupBy>[] = [
  { id: 'model', label: 'Model' },
  { id: 'provider', label: 'Provider' },
  { id: 'key', label: 'Key' },
  { id: 'account', label: 'Account' },
];

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; report: UsageReport };

function formatMetric(value: number, metric: Metric): string {
  return metric === 'cost' ? formatCost(value) : formatCompactCount(value);
}

export function UsagePage({ api }: { api: Pick<AdminApi, 'usage' | 'usageCsv' | 'keys' | 'accounts' | 'request' | 'providers'> }) {
  const [range, setRange] = useState<Range>('30d');
  const [metric, setMetric] = useState<Metric>('cost');
  const [groupBy, setGroupBy] = useState<GroupBy>('model');
  const [provider, setProvider] = useState('');
  const [key, setKey] = useState('');
  const [account, setAccount] = useState('');
  const [reload, setReload] = useState(0);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const { accounts, providers, keyChoices, keyName, accountName } = useKeysAndAccounts(api);
  const [exporting, setExporting] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  // `reload` is a dependency so Refresh recomputes the window from a fresh "now".
  const query = useMemo(() => {
    const window = rangeWindow(range, Date.now());
    return { ...window, groupBy, provider: provider || undefined, key: key || undefined, account: account || undefined } satisfies UsageQuery;
  }, [range, groupBy, provider, key, account, reload]);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    api
      .usage(query)
      .then((report) => live && setLoad({ state: 'ready', report }))
      .catch((error: unknown) => live && setLoad({ state: 'error', message: messageOf(error) }));
    return () => {
      live = false;
    };
  }, [api, query]);

  async function exportCsv() {
    setExporting({ busy: true, error: null });
    try {
      const blob = await api.usageCsv(query);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `switchboard-usage-${new Date(query.from).toISOString().slice(0, 10)}-to-${new Date(query.to).toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setExporting({ busy: false, error: null });
    } catch (error) {
      setExporting({ busy: false, error: `The CSV could not be exported: ${messageOf(error)}` });
    }
  }

  const nameOf = (name: string): string => (groupBy === 'key' ? keyName(name) : groupBy === 'account' ? accountName(name) : name);

  return (
    <div className="usage-page">
      <header className="page-header">
        <h2>Usage &amp; cost</h2>
        <p className="muted">Requests, tokens and cost: what your API keys were billed, and what your subscription traffic would cost at API prices. Times are UTC.</p>
      </header>

      <section className="card" aria-label="What to show">
        <div className="usage-controls">
          <SelectField id="usage-range" label="Period" value={range} choices={RANGES} onChange={setRange} />
          <SelectField id="usage-metric" label="Chart" value={metric} choices={METRICS} onChange={setMetric} />
          <SelectField id="usage-group" label="Group by" value={groupBy} choices={GROUPS} onChange={setGroupBy} />
          <SelectField
            id="usage-provider"
            label="Provider"
            value={provider}
            choices={[{ id: '', label: 'All providers' }, ...providers.map((p) => ({ id: p, label: p }))]}
            onChange={setProvider}
          />
          <SelectField id="usage-key" label="Key" value={key} choices={[{ id: '', label: 'All keys' }, ...keyChoices]} onChange={setKey} />
          <SelectField
            id="usage-account"
            label="Account"
            value={account}
            choices={[{ id: '', label: 'All accounts' }, ...accounts.map((a) => ({ id: a.id, label: `${a.email ?? a.id} (${a.provider})` }))]}
            onChange={setAccount}
          />
          <button type="button" className="secondary" onClick={() => setReload((n) => n + 1)}>
            Refresh
          </button>
        </div>
      </section>

      {load.state === 'loading' && (
        <p className="muted" role="status">
          Loading usage…
        </p>
      )}
      {load.state === 'error' && (
        <p className="error" role="alert">
          Usage could not be loaded: {load.message}
        </p>
      )}
      {load.state === 'ready' && (
        <UsageReportView report={load.report} metric={metric} groupBy={groupBy} nameOf={nameOf} onExport={exportCsv} exporting={exporting} />
      )}
      <PriceSource api={api} />
    </div>
  );
}

interface ReportProps {
  report: UsageReport;
  metric: Metric;
  groupBy: GroupBy;
  nameOf: (name: string) => string;
  onExport: () => void;
  exporting: { busy: boolean; error: string | null };
}

export function UsageReportView({ report, metric, groupBy, nameOf, onExport, exporting }: ReportProps) {
  const { totals } = report;
  const chart = useMemo(() => toChartData(report.series, report.bucket, metric, groupBy), [report, metric, groupBy]);
  const groups = useMemo(() => groupTotals(report.series, metric, groupBy), [report, metric, groupBy]);
  const colorOf = (name: string): string => chart.groups.find((g) => g.name === name)?.color ?? PALETTE[0];
  const metricLabel = METRICS.find((m) => m.id === metric)?.label ?? metric;
  const groupName = GROUPS.find((g) => g.id === groupBy)?.label ?? groupBy;
  const groupLabelText = groupName.toLowerCase();

  if (totals.requests === 0) {
    return (
      <section className="card">
        <p>No requests in this period yet.</p>
        <p className="muted small">Requests show up here as soon as they end.</p>
      </section>
    );
  }

  const costText =
    totals.costUsd === null ? 'No priced requests' : formatCost(totals.costUsd);
  const summary = `${metricLabel} by ${groupLabelText}, ${chart.rows.length} ${report.bucket}s: ${groups
    .slice(0, 5)
    .map((g) => `${nameOf(g.name ?? '')} ${metric === 'cost' ? formatCost(g.costUsd, g.unpricedRequests) : formatMetric(metricValue(g, metric), metric)}`)
    .join(', ')}${groups.length > 5 ? `, and ${groups.length - 5} more` : ''}.`;

  return (
    <>
      <section className="usage-totals" aria-label="Totals for this period">
        <div className="card">
          <div className="muted small">Cost</div>
          <div className="value">{costText}</div>
          <div className="small muted">{totals.unpricedRequests > 0 ? 'Priced requests only' : 'At API prices: billed, or what a subscription saved'}</div>
        </div>
        {totals.costUsd !== null && (
          <div className="card" data-testid="cost-basis">
            <div className="muted small">Billed to API keys</div>
            <div className="value">{formatCost(totals.billedCostUsd)}</div>
            <div className="small muted">Subscriptions, not billed: {formatCost(totals.subscriptionCostUsd)}</div>
          </div>
        )}
        <div className="card">
          <div className="muted small">Tokens</div>
          <div className="value">{formatCompactCount(totalTokens(totals))}</div>
          <div className="small muted">
            {formatCompactCount(totals.inputTokens)} in · {formatCompactCount(totals.outputTokens)} out · {formatCompactCount(totals.cacheReadTokens)} cache read ·{' '}
            {formatCompactCount(totals.cacheWriteTokens)} cache write
          </div>
        </div>
        <div className="card">
          <div className="muted small">Requests</div>
          <div className="value">{formatCompactCount(totals.requests)}</div>
          <div className="small muted">
            {plural(totals.errors, 'error')}
            {totals.aborted > 0 ? ` · ${formatCount(totals.aborted)} aborted` : ''}
          </div>
        </div>
        {totals.unpricedRequests > 0 && (
          <div className="card">
            <div className="muted small">Unpriced</div>
            <div className="value">{plural(totals.unpricedRequests, 'request')} unpriced</div>
            <div className="small muted">Models without a price: their cost is unknown, not $0.</div>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="usage-chart-title">
        <h3 id="usage-chart-title">
          {metricLabel} by {groupLabelText}
        </h3>
        {metric === 'cost' && totals.unpricedRequests > 0 && (
          <p className="small muted">Unpriced requests are left out of the cost bars.</p>
        )}
        <div className="usage-chart" role="img" aria-label={summary}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={chart.rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
              <XAxis dataKey="label" tick={{ fill: 'var(--muted)', fontSize: 12 }} stroke="var(--border)" minTickGap={16} />
              <YAxis
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
                stroke="var(--border)"
                width={64}
                tickFormatter={(v: number) => formatMetric(v, metric)}
              />
              <Tooltip
                formatter={(value, name) => [formatMetric(Number(value), metric), nameOf(String(name))]}
                contentStyle={{ background: 'var(--card)', border: '1px solid var(--border)', color: 'var(--text)' }}
                labelStyle={{ color: 'var(--text)' }}
                cursor={{ fill: 'var(--border)', opacity: 0.4 }}
              />
              {/* The series' colours are in the swatches; the words stay in the text colour, readable on either theme. */}
              <Legend formatter={(name) => <span style={{ color: 'var(--text)' }}>{nameOf(String(name))}</span>} />
              {chart.groups.map((g) => (
                <Bar key={g.name} dataKey={g.name} name={g.name} stackId="usage" fill={g.color} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        {/* Hidden by its wrapper: a table never shrinks below its content, so it cannot be the 1-pixel box itself. */}
        <div className="visually-hidden">
          <table>
            <caption>
              {metricLabel} per {report.bucket} by {groupLabelText}
            </caption>
            <thead>
              <tr>
                <th scope="col">{report.bucket}</th>
                {chart.groups.map((g) => (
                  <th key={g.name} scope="col">
                    {nameOf(g.name)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.rows
                .filter((row) => chart.groups.some((g) => Number(row[g.name]) > 0))
                .map((row) => (
                  <tr key={row.start}>
                    <th scope="row">{row.label}</th>
                    {chart.groups.map((g) => (
                      <td key={g.name}>{formatMetric(Number(row[g.name]), metric)}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="usage-groups-title">
        <div className="section-head">
          <h3 id="usage-groups-title">By {groupLabelText}</h3>
          <button type="button" className="secondary" onClick={onExport} disabled={exporting.busy}>
            {exporting.busy ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
        {exporting.error && (
          <p className="error" role="alert">
            {exporting.error}
          </p>
        )}
        <div className="table-box">
          <table className="usage-table groups-table stacks" aria-labelledby="usage-groups-title">
            <thead>
              <tr>
                <th scope="col">{groupName}</th>
                <th scope="col">Requests</th>
                <th scope="col">Errors</th>
                <th scope="col">Input</th>
                <th scope="col">Output</th>
                <th scope="col">Cache read</th>
                <th scope="col">Cache write</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => {
                // groupTotals names every group, "none" included (groupLabel).
                const name = g.name ?? '';
                return (
                  <tr key={name}>
                    <th scope="row">
                      <span className="swatch" style={{ background: colorOf(name) }} aria-hidden="true" />
                      {nameOf(name)}
                    </th>
                    <td data-label="Requests">{formatCount(g.requests)}</td>
                    <td data-label="Errors">{formatCount(g.errors)}</td>
                    <td data-label="Input">{formatCompactCount(g.inputTokens)}</td>
                    <td data-label="Output">{formatCompactCount(g.outputTokens)}</td>
                    <td data-label="Cache read">{formatCompactCount(g.cacheReadTokens)}</td>
                    <td data-label="Cache write">{formatCompactCount(g.cacheWriteTokens)}</td>
                    <td data-label="Cost" className="group-cost">
                      {g.costUsd === null ? `${plural(g.unpricedRequests, 'request')} unpriced` : formatCost(g.costUsd)}
                      {g.costUsd !== null && g.unpricedRequests > 0 && <span className="small muted"> + {g.unpricedRequests} unpriced</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="small muted">{report.costLabel} at API prices: what API keys were billed, and what subscription traffic would have cost.</p>
      </section>
    </>
  );
}

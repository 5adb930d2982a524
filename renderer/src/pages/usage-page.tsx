import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { GroupBy } from '../../../proxy/usage/usage-stats.js';
import { groupLabel, groupTotals, metricValue, toChartData, totalTokens, type Metric } from '../usage/chart-data.js';
import { formatCost, formatCount, plural } from '../usage/money.js';
import {
  RANGES,
  errorMessage,
  fetchAccounts,
  fetchKeys,
  fetchUsage,
  fetchUsageCsv,
  rangeWindow,
  type AccountOption,
  type AdminRequest,
  type KeyOption,
  type Range,
  type UsageQuery,
  type UsageReport,
} from '../usage/usage-api.js';
import '../usage/usage.css';

/** What this page needs from the shell's AdminApi (structural, so any object with `request` fits). */
export interface UsagePageApi {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

const METRICS: { id: Metric; label: string }[] = [
  { id: 'cost', label: 'API-equivalent cost' },
  { id: 'tokens', label: 'Tokens' },
  { id: 'requests', label: 'Requests' },
];

const GROUPS: { id: GroupBy; label: string }[] = [
  { id: 'model', label: 'Model' },
  { id: 'provider', label: 'Provider' },
  { id: 'key', label: 'Key' },
  { id: 'account', label: 'Account' },
];

const PROVIDERS = ['anthropic', 'openai'];

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; report: UsageReport };

function formatMetric(value: number, metric: Metric): string {
  return metric === 'cost' ? formatCost(value) : formatCount(value);
}

export function UsagePage({ api }: { api: UsagePageApi }) {
  const request: AdminRequest = useMemo(() => (method, path, body) => api.request(method, path, body), [api]);
  const [range, setRange] = useState<Range>('30d');
  const [metric, setMetric] = useState<Metric>('cost');
  const [groupBy, setGroupBy] = useState<GroupBy>('model');
  const [provider, setProvider] = useState('');
  const [key, setKey] = useState('');
  const [account, setAccount] = useState('');
  const [reload, setReload] = useState(0);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [keys, setKeys] = useState<KeyOption[]>([]);
  const [accounts, setAccounts] = useState<AccountOption[]>([]);
  const [exporting, setExporting] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  // `reload` is a dependency so Refresh recomputes the window from a fresh "now".
  const query: UsageQuery = useMemo(() => {
    const window = rangeWindow(range, Date.now());
    return { ...window, groupBy, provider: provider || undefined, key: key || undefined, account: account || undefined };
  }, [range, groupBy, provider, key, account, reload]);

  useEffect(() => {
    let live = true;
    fetchKeys(request)()
      .then((list) => live && setKeys(list))
      .catch(() => undefined);
    fetchAccounts(request)()
      .then((list) => live && setAccounts(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [request]);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    fetchUsage(request)(query)
      .then((report) => live && setLoad({ state: 'ready', report }))
      .catch((error: unknown) => live && setLoad({ state: 'error', message: errorMessage(error) }));
    return () => {
      live = false;
    };
  }, [request, query]);

  const providers = useMemo(() => [...new Set([...PROVIDERS, ...accounts.map((a) => a.provider).filter(Boolean)])].sort(), [accounts]);

  async function exportCsv() {
    setExporting({ busy: true, error: null });
    try {
      const blob = await fetchUsageCsv(request)(query);
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
      setExporting({ busy: false, error: `The CSV could not be exported: ${errorMessage(error)}` });
    }
  }

  const nameOf = (name: string): string => {
    if (groupBy === 'key') return keys.find((k) => k.id === name)?.label ?? name;
    if (groupBy === 'account') {
      const a = accounts.find((acc) => acc.id === name);
      return a ? (a.email ?? a.id) : name;
    }
    return name;
  };

  return (
    <div className="usage-page">
      <header className="page-header">
        <h2>Usage &amp; cost</h2>
        <p className="muted">Requests, tokens and the API-equivalent cost of your subscription traffic. Times are UTC.</p>
      </header>

      <section className="card" aria-label="What to show">
        <div className="usage-controls">
          <div className="field">
            <label htmlFor="usage-range">Period</label>
            <select id="usage-range" value={range} onChange={(e) => setRange(e.target.value as Range)}>
              {RANGES.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="usage-metric">Chart</label>
            <select id="usage-metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
              {METRICS.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="usage-group">Group by</label>
            <select id="usage-group" value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
              {GROUPS.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="usage-provider">Provider</label>
            <select id="usage-provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
              <option value="">All providers</option>
              {providers.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="usage-key">Key</label>
            <select id="usage-key" value={key} onChange={(e) => setKey(e.target.value)}>
              <option value="">All keys</option>
              {keys.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="usage-account">Account</label>
            <select id="usage-account" value={account} onChange={(e) => setAccount(e.target.value)}>
              <option value="">All accounts</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.email ?? a.id} ({a.provider})
                </option>
              ))}
            </select>
          </div>
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
  const chart = useMemo(() => toChartData(report.series, report.bucket, metric), [report, metric]);
  const groups = useMemo(() => groupTotals(report.series, metric), [report, metric]);
  const metricLabel = METRICS.find((m) => m.id === metric)?.label ?? metric;
  const groupLabelText = GROUPS.find((g) => g.id === groupBy)?.label.toLowerCase() ?? groupBy;

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
    .map((g) => `${nameOf(groupLabel(g.name))} ${metric === 'cost' ? formatCost(g.costUsd, g.unpricedRequests) : formatMetric(metricValue(g, metric), metric)}`)
    .join(', ')}${groups.length > 5 ? `, and ${groups.length - 5} more` : ''}.`;

  return (
    <>
      <section className="usage-totals" aria-label="Totals for this period">
        <div className="card">
          <div className="muted small">API-equivalent cost</div>
          <div className="value">{costText}</div>
          <div className="small muted">{totals.unpricedRequests > 0 ? 'Priced requests only' : 'What this traffic would cost at API prices'}</div>
        </div>
        <div className="card">
          <div className="muted small">Tokens</div>
          <div className="value">{formatCount(totalTokens(totals))}</div>
          <div className="small muted">
            {formatCount(totals.inputTokens)} in · {formatCount(totals.outputTokens)} out · {formatCount(totals.cacheReadTokens)} cache read ·{' '}
            {formatCount(totals.cacheWriteTokens)} cache write
          </div>
        </div>
        <div className="card">
          <div className="muted small">Requests</div>
          <div className="value">{formatCount(totals.requests)}</div>
          <div className="small muted">
            {plural(totals.errors, 'error')}
            {totals.aborted > 0 ? ` · ${totals.aborted.toLocaleString('en-US')} aborted` : ''}
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
              <Legend formatter={(name) => nameOf(String(name))} />
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
        <div className="table-scroll">
          <table className="usage-table">
            <thead>
              <tr>
                <th scope="col">{GROUPS.find((g) => g.id === groupBy)?.label}</th>
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
                const name = groupLabel(g.name);
                return (
                  <tr key={name}>
                    <th scope="row">
                      <span className="swatch" style={{ background: chart.groups.find((c) => c.name === name)?.color }} aria-hidden="true" />
                      {nameOf(name)}
                    </th>
                    <td>{g.requests.toLocaleString('en-US')}</td>
                    <td>{g.errors.toLocaleString('en-US')}</td>
                    <td>{formatCount(g.inputTokens)}</td>
                    <td>{formatCount(g.outputTokens)}</td>
                    <td>{formatCount(g.cacheReadTokens)}</td>
                    <td>{formatCount(g.cacheWriteTokens)}</td>
                    <td>
                      {g.costUsd === null ? `${plural(g.unpricedRequests, 'request')} unpriced` : formatCost(g.costUsd)}
                      {g.costUsd !== null && g.unpricedRequests > 0 && <span className="small muted"> + {g.unpricedRequests} unpriced</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="small muted">{report.costLabel}: what this traffic would cost at API prices.</p>
      </section>
    </>
  );
}

import { attentionItems, overallStatus, readiness, type ProviderNames } from '../accounts/account-health';
import { providerName, useProviderCatalog } from '../accounts/use-provider-catalog';
import type { AccountList, AdminApi, HealthAnswer, UsageTotals } from '../admin-api';
import { Endpoints } from '../components/endpoints';
import { SignedInKey } from '../components/signed-in-key';
import { ErrorNote, Loading } from '../components/ui';
import { useLoad, useNow, type LoadState } from '../components/use-load';
import { formatCount, formatMoney, formatTokens, plural } from '../format';
import { totalTokens } from '../usage/chart-data';
import '../accounts/accounts.css';

function startOfToday(): number {
  const date = new Date();
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

function startOfMonthUtc(): number {
  const date = new Date();
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function OverviewPage({ api, endpoint, apiKey, onKeyChanged }: { api: AdminApi; endpoint: string | null; apiKey: string; onKeyChanged: (key: string) => void }) {
  const now = useNow();
  const health = useLoad(() => api.health(), [api]);
  const usage = useLoad(async () => {
    const [today, month] = await Promise.all([
      api.usage({ bucket: 'day', from: startOfToday() }),
      api.usage({ bucket: 'month', from: startOfMonthUtc() }),
    ]);
    return { today: today.totals, month: month.totals, costLabel: month.costLabel };
  }, [api]);
  const accounts = useLoad(() => api.accountsWithProblems(), [api]);
  const catalog = useProviderCatalog(api);
  const nameOf: ProviderNames = (id) => providerName(catalog, id);

  return (
    <div className="grid">
      <section className="card" aria-labelledby="status-title">
        <h2 id="status-title">Proxy status</h2>
        {health.state.phase === 'loading' && <Loading what="the proxy status" />}
        {health.state.phase === 'error' && <ErrorNote message={health.state.error} onRetry={health.reload} />}
        {health.state.phase === 'done' && <HealthSummary health={health.state.value} accounts={accounts.state} now={now} nameOf={nameOf} />}
        <h3>Endpoints</h3>
        <Endpoints endpoint={endpoint} />
        <h3>API key</h3>
        <SignedInKey api={api} apiKey={apiKey} onKeyChanged={onKeyChanged} />
      </section>

      <section className="card" aria-labelledby="usage-title">
        <h2 id="usage-title">Usage</h2>
        {usage.state.phase === 'loading' && <Loading what="usage" />}
        {usage.state.phase === 'error' && <ErrorNote message={usage.state.error} onRetry={usage.reload} />}
        {usage.state.phase === 'done' && (
          <>
            <div className="stats">
              <UsageBlock title="Today" totals={usage.state.value.today} />
              <UsageBlock title="This month (UTC)" totals={usage.state.value.month} />
            </div>
            <p className="muted small">
              A subscription's cost is the {usage.state.value.costLabel || 'API-equivalent cost'}: what its traffic would cost on the pay-as-you-go API,
              billed to nobody. An API key's is what its provider bills.
            </p>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="attention-title">
        <h2 id="attention-title">Needs attention</h2>
        {accounts.state.phase === 'loading' && <Loading what="accounts" />}
        {accounts.state.phase === 'error' && <ErrorNote message={accounts.state.error} onRetry={accounts.reload} />}
        {accounts.state.phase === 'done' && <AttentionList list={accounts.state.value} now={now} nameOf={nameOf} />}
      </section>
    </div>
  );
}

/** The proxy answers; whether its accounts can serve (one status for both) and how many are ready per provider. */
function HealthSummary({ health, accounts, now, nameOf }: { health: HealthAnswer; accounts: LoadState<AccountList>; now: number; nameOf: ProviderNames }) {
  const list = accounts.phase === 'done' ? accounts.value : null;
  const status = overallStatus(health, list, now);
  const providers = readiness(health, list?.accounts ?? null);
  const unreadable = list?.invalid.length ?? 0;
  return (
    <>
      <p>
        {status ? (
          <span className={`badge overall ${status.tone}`}>
            <span className="visually-hidden">Status: </span>
            {status.label}
          </span>
        ) : null}{' '}
        The proxy is answering{health.version ? ` (version ${health.version})` : ''}.
      </p>
      {providers.length === 0 ? (
        <p className="muted">No providers are enabled in the settings.</p>
      ) : (
        <ul className="plain">
          {providers.map(({ provider, text }) => (
            <li key={provider}>
              <strong>{nameOf(provider)}</strong>:{' '}
              {text ?? (
                <>
                  no account yet — add one under <a href="#/accounts">Accounts</a>
                </>
              )}
            </li>
          ))}
          {unreadable > 0 && (
            <li>
              {plural(unreadable, 'account file')} could not be read — see <a href="#/accounts">Accounts</a>
            </li>
          )}
        </ul>
      )}
    </>
  );
}

export function UsageBlock({ title, totals }: { title: string; totals: UsageTotals }) {
  const tokens = totalTokens(totals);
  return (
    <div className="stat-block" role="group" aria-label={title}>
      <h3>{title}</h3>
      <dl className="stat-list">
        <dt>Requests</dt>
        <dd>
          {formatCount(totals.requests)}
          {totals.errors > 0 && <span className="muted small"> ({formatCount(totals.errors)} failed)</span>}
        </dd>
        <dt>Tokens</dt>
        <dd title={`${formatCount(tokens)} tokens`}>{formatTokens(tokens)}</dd>
        {totals.billedCostUsd > 0 ? (
          <>
            <dt>Billed to API keys</dt>
            <dd>{formatMoney(totals.billedCostUsd, 0)}</dd>
            <dt>Subscriptions (API-equivalent)</dt>
            <dd>{formatMoney(totals.subscriptionCostUsd, totals.unpricedRequests)}</dd>
          </>
        ) : (
          <>
            <dt>API-equivalent cost</dt>
            <dd>{totals.requests === 0 ? 'none yet' : formatMoney(totals.costUsd, totals.unpricedRequests)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

function AttentionList({ list, now, nameOf }: { list: AccountList; now: number; nameOf: ProviderNames }) {
  if (list.accounts.length === 0 && list.invalid.length === 0) {
    return (
      <p>
        No accounts yet. Add one under <a href="#/accounts">Accounts</a> (log in, or import Claude Code&apos;s login).
      </p>
    );
  }
  const items = attentionItems(list, now, nameOf);
  if (items.length === 0) return <p>Nothing needs attention: every account is ready and no quota window is above 90 %.</p>;
  return (
    <>
      <ul className="attention">
        {items.map((item) => (
          <li key={item.key}>{item.text}</li>
        ))}
      </ul>
      <p className="small">
        <a href="#/accounts">Open Accounts</a> to log in again, try a cooling account now, or fix a file.
      </p>
    </>
  );
}

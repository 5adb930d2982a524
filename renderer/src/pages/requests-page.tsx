import { useCallback, useEffect, useState } from 'react';
import { messageOf, type AdminApi } from '../admin-api';
import { ErrorNote, Loading, SelectField, type Choice } from '../components/ui';
import { useKeysAndAccounts } from '../components/use-keys-and-accounts';
import { appendPage, NO_FILTERS, PAGE_SIZE, type RecentRequest, type RequestFilters } from '../requests/requests-api';
import { RequestsTable } from '../requests/requests-table';
import '../components/narrow-table.css';
import '../usage/usage.css';
import '../requests/requests.css';

/** How often the newest page refreshes itself while "Live" is on. */
const LIVE_REFRESH_MS = 5000;

type Rows = { phase: 'loading' } | { phase: 'error'; error: string } | { phase: 'done'; rows: RecentRequest[]; next: number | null };

const OUTCOMES: Choice<RequestFilters['outcome']>[] = [
  { id: '', label: 'All' },
  { id: 'ok', label: 'Succeeded' },
  { id: 'error', label: 'Failed' },
  { id: 'aborted', label: 'Client left' },
];

/** Recent requests one by one: status, latency, tokens, cost and the error in words, newest first. */
export function RequestsPage({ api }: { api: Pick<AdminApi, 'recentRequests' | 'keys' | 'accounts' | 'providers'> }) {
  const [filters, setFilters] = useState<RequestFilters>(NO_FILTERS);
  const [rows, setRows] = useState<Rows>({ phase: 'loading' });
  const [live, setLive] = useState(true);
  const [olderBusy, setOlderBusy] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const { accounts, providers, keyChoices, keyName, accountName, learn } = useKeysAndAccounts(api);
  const now = Date.now();

  // Requests of a key or an account that appeared since the page opened: read the lists again to name them.
  useEffect(() => {
    if (rows.phase === 'done') learn({ keyIds: rows.rows.map((row) => row.keyId), accountIds: rows.rows.map((row) => row.accountId) });
  }, [rows, learn]);

  const loadNewest = useCallback(
    async (signal: { live: boolean }) => {
      try {
        const page = await api.recentRequests(filters);
        if (signal.live) setRows({ phase: 'done', rows: page.requests, next: page.next });
      } catch (error) {
        if (signal.live) setRows({ phase: 'error', error: messageOf(error) });
      }
    },
    [api, filters],
  );

  useEffect(() => {
    const signal = { live: true };
    setRows({ phase: 'loading' });
    setOlderError(null);
    void loadNewest(signal);
    return () => {
      signal.live = false;
    };
  }, [loadNewest]);

  // Live refresh only while the person looks at the newest page: an older page they paged to stays put.
  const pagedBack = rows.phase === 'done' && rows.rows.length > PAGE_SIZE;
  useEffect(() => {
    if (!live || pagedBack) return;
    const signal = { live: true };
    const timer = setInterval(() => void loadNewest(signal), LIVE_REFRESH_MS);
    return () => {
      signal.live = false;
      clearInterval(timer);
    };
  }, [live, pagedBack, loadNewest]);

  const loadOlder = async () => {
    if (rows.phase !== 'done' || rows.next === null) return;
    setOlderBusy(true);
    setOlderError(null);
    try {
      const page = await api.recentRequests(filters, rows.next);
      setRows({ phase: 'done', rows: appendPage(rows.rows, page.requests), next: page.next });
    } catch (error) {
      setOlderError(`Older requests could not be loaded: ${messageOf(error)}`);
    } finally {
      setOlderBusy(false);
    }
  };

  const set = (change: Partial<RequestFilters>) => setFilters((previous) => ({ ...previous, ...change }));

  return (
    <div className="usage-page">
      <header className="page-header">
        <h2>Requests</h2>
        <p className="muted">Every request as it ended, newest first: who sent it, which account served it, how long it took and what it cost.</p>
      </header>

      <section className="card" aria-label="Which requests">
        <div className="usage-controls">
          <SelectField id="requests-outcome" label="Outcome" value={filters.outcome} choices={OUTCOMES} onChange={(outcome) => set({ outcome })} />
          <SelectField
            id="requests-provider"
            label="Provider"
            value={filters.provider}
            choices={[{ id: '', label: 'All providers' }, ...providers.map((provider) => ({ id: provider, label: provider }))]}
            onChange={(provider) => set({ provider })}
          />
          <SelectField
            id="requests-key"
            label="Key"
            value={filters.key}
            choices={[{ id: '', label: 'All keys' }, ...keyChoices]}
            onChange={(key) => set({ key })}
          />
          <SelectField
            id="requests-account"
            label="Account"
            value={filters.account}
            choices={[{ id: '', label: 'All accounts' }, ...accounts.map((account) => ({ id: account.id, label: account.email ?? account.id }))]}
            onChange={(account) => set({ account })}
          />
          <div className="field checkbox-field">
            <label>
              <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} /> Live (refresh every {LIVE_REFRESH_MS / 1000} s)
            </label>
          </div>
        </div>
      </section>

      {rows.phase === 'loading' && <Loading what="requests" />}
      {rows.phase === 'error' && <ErrorNote message={rows.error} onRetry={() => void loadNewest({ live: true })} />}
      {rows.phase === 'done' && rows.rows.length === 0 && (
        <section className="card">
          <p>{Object.values(filters).every((value) => value === '') ? 'No requests yet.' : 'No requests match these filters.'}</p>
          <p className="muted small">A request shows up here as soon as it ends (older ones are kept for the days set in usage.retention-days).</p>
        </section>
      )}
      {rows.phase === 'done' && rows.rows.length > 0 && (
        <section className="card" aria-labelledby="requests-table-title">
          <h3 id="requests-table-title">Recent requests</h3>
          <div className="table-box">
            <RequestsTable rows={rows.rows} now={now} keyName={keyName} accountName={accountName} />
          </div>
          <div className="actions">
            {rows.next !== null ? (
              <button type="button" className="secondary" onClick={() => void loadOlder()} disabled={olderBusy}>
                {olderBusy ? 'Loading older requests…' : 'Show older requests'}
              </button>
            ) : (
              <p className="muted small">That is every request kept.</p>
            )}
          </div>
          {olderError && <ErrorNote message={olderError} />}
        </section>
      )}
    </div>
  );
}

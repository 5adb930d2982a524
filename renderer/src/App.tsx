import { lazy, Suspense, useEffect, useMemo, useState, type ComponentType } from 'react';
import { createAdminApi, type AdminApi } from './admin-api';
import { DesktopControls } from './components/desktop-controls';
import { KeyGate, readStoredKey, storeKey } from './components/key-gate';
import { ThemeToggle } from './components/theme';
import { useDesktopStatus } from './components/use-desktop';
import { desktopApi } from './desktop';
import { AccountsPage } from './pages/accounts-page';
import { KeysPage } from './pages/keys-page';
import { OverviewPage } from './pages/overview-page';

type TabId = 'overview' | 'accounts' | 'keys' | 'usage' | 'requests' | 'clients';
const TABS: { id: TabId; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'keys', label: 'Keys' },
  { id: 'usage', label: 'Usage & cost' },
  { id: 'requests', label: 'Requests' },
  { id: 'clients', label: 'Clients' },
];

type PageProps = { api: AdminApi };

/** Usage (with its charts), Requests and Clients load on first visit, so the tray popover opens fast. */
const UsagePage = lazy(() => import('./pages/usage-page.js').then((module) => ({ default: module.UsagePage })));
const RequestsPage = lazy(() => import('./pages/requests-page.js').then((module) => ({ default: module.RequestsPage })));
const ClientsPage = lazy(() => import('./pages/clients-page.js').then((module) => ({ default: module.ClientsPage })));

/** True when the page came from the proxy (or the dev server in front of it), so the API is at this origin. */
const servedOverHttp = location.protocol === 'http:' || location.protocol === 'https:';

function tabFromHash(): TabId {
  const id = location.hash.replace(/^#\/?/, '');
  return TABS.some((tab) => tab.id === id) ? (id as TabId) : 'overview';
}

function useTab(): TabId {
  const [tab, setTab] = useState<TabId>(tabFromHash);
  useEffect(() => {
    const onChange = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return tab;
}

export function App() {
  const desktop = desktopApi();
  const status = useDesktopStatus(desktop);
  const tab = useTab();
  const [key, setKey] = useState(readStoredKey);
  const [gateReason, setGateReason] = useState<string | null>(null);
  const proxyUp = servedOverHttp && (status === null || status.state === 'running');
  const endpoint = status?.state === 'running' && status.url ? status.url : servedOverHttp && status === null ? location.origin : null;

  const signOut = (reason: string | null) => {
    storeKey(null);
    setGateReason(reason);
    setKey('');
  };

  // A key that stops being accepted (revoked, changed) sends the person back to the gate with the reason.
  const api = useMemo(() => (key === '' ? null : createAdminApi(key, { onUnauthorized: (error) => signOut(error.message) })), [key]);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <h1>Switchboard</h1>
          <span className="muted small">Your subscriptions as one local API.</span>
        </div>
        <div className="topbar-actions">
          <ThemeToggle />
          {api && (
            <button type="button" className="secondary small-button" onClick={() => signOut(null)}>
              Forget key
            </button>
          )}
        </div>
      </header>
      {api && (
        <nav className="tabs" aria-label="Sections">
          <ul>
            {TABS.map((entry) => (
              <li key={entry.id}>
                <a href={`#/${entry.id}`} aria-current={tab === entry.id ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main className="page" id="main">
        {desktop && status && <DesktopControls api={desktop} status={status} />}
        {!proxyUp ? (
          <section className="card">
            <h2>The proxy is not running</h2>
            <p>{desktop ? 'Press Start above to run it; the dashboard appears once it answers.' : 'Start it with `npm run serve` (or `switchboard serve`), then reload this page.'}</p>
          </section>
        ) : api === null ? (
          <KeyGate onKey={(value) => { setGateReason(null); setKey(value); }} reason={gateReason} />
        ) : (
          <Page
            tab={tab}
            api={api}
            endpoint={endpoint}
            apiKey={key}
            onKeyChanged={(next) => {
              storeKey(next);
              setKey(next);
            }}
          />
        )}
      </main>
    </div>
  );
}

interface PageSelection {
  tab: TabId;
  api: AdminApi;
  endpoint: string | null;
  apiKey: string;
  onKeyChanged: (key: string) => void;
}

function Page({ tab, api, endpoint, apiKey, onKeyChanged }: PageSelection) {
  switch (tab) {
    case 'overview':
      return <OverviewPage api={api} endpoint={endpoint} apiKey={apiKey} onKeyChanged={onKeyChanged} />;
    case 'accounts':
      return <AccountsPage api={api} />;
    case 'keys':
      return <KeysPage api={api} />;
    case 'usage':
      return <Optional component={UsagePage} api={api} title="Usage & cost" />;
    case 'requests':
      return <Optional component={RequestsPage} api={api} title="Requests" />;
    case 'clients':
      return <Optional component={ClientsPage} api={api} title="Clients" />;
    default:
      return tab satisfies never;
  }
}

function Optional({ component: Component, api, title }: { component: ComponentType<PageProps>; api: AdminApi; title: string }) {
  return (
    <Suspense fallback={<p className="muted" role="status">Loading {title}…</p>}>
      <Component api={api} />
    </Suspense>
  );
}

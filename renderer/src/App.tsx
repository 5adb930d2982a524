import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { fetchHealth, fetchModels, type Health, type ModelEntry, type Result } from './api';
import { describeStatus, desktopApi, type DesktopApi, type SwitchboardStatusView } from './desktop';

const API_KEY_STORAGE = 'switchboard.apiKey';
const HEALTH_REFRESH_MS = 15_000;

type Load<T> = { phase: 'idle' } | { phase: 'loading' } | { phase: 'done'; result: Result<T> };

/** True when the page came from the proxy (or the dev server in front of it), so `/health` is reachable. */
const servedOverHttp = location.protocol === 'http:' || location.protocol === 'https:';

export function App() {
  const desktop = desktopApi();
  const status = useDesktopStatus(desktop);
  // In the app the bridge knows whether the proxy runs; in a browser the page was served by it, so it does.
  const proxyUp = servedOverHttp && (status === null || status.state === 'running');
  const endpoint = status?.state === 'running' && status.url ? status.url : servedOverHttp && status === null ? location.origin : null;

  return (
    <main className="page">
      <header className="page-header">
        <h1>Switchboard</h1>
        <p className="muted">Your subscriptions as one local API.</p>
      </header>
      {desktop && status && <DesktopControls api={desktop} status={status} />}
      <HealthSection proxyUp={proxyUp} refreshOn={status?.state} />
      <EndpointSection endpoint={endpoint} />
      <ModelsSection proxyUp={proxyUp} />
    </main>
  );
}

/** The proxy status pushed by the desktop app; null in a plain browser. */
function useDesktopStatus(desktop: DesktopApi | null): SwitchboardStatusView | null {
  const [status, setStatus] = useState<SwitchboardStatusView | null>(null);
  useEffect(() => {
    if (!desktop) return;
    let live = true;
    const unsubscribe = desktop.onStatusChanged(setStatus);
    desktop.getStatus().then(
      (initial) => live && setStatus(initial),
      () => undefined,
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [desktop]);
  return status;
}

function DesktopControls({ api, status }: { api: DesktopApi; status: SwitchboardStatusView }) {
  const [notice, setNotice] = useState<string | null>(null);
  const busy = status.state === 'starting' || status.state === 'stopping';
  const running = status.state === 'running' || status.state === 'stopping';

  const toggle = () => {
    setNotice(null);
    (running ? api.stopProxy() : api.startProxy()).catch((error: unknown) => setNotice(`The app refused: ${String(error)}`));
  };
  const copyKey = () => {
    api.copyApiKey().then(
      (copied) => setNotice(copied ? 'API key copied to the clipboard.' : 'There is no API key yet: start the proxy first.'),
      (error: unknown) => setNotice(`Copying failed: ${String(error)}`),
    );
  };

  return (
    <section className="card" aria-labelledby="desktop-title">
      <h2 id="desktop-title">Proxy</h2>
      <p className={status.state === 'error' ? 'status error' : 'status'} role="status">
        {describeStatus(status)}
      </p>
      <div className="actions">
        <button type="button" onClick={toggle} disabled={busy}>
          {running ? 'Stop' : 'Start'}
        </button>
        <button type="button" className="secondary" onClick={copyKey}>
          Copy API key
        </button>
      </div>
      <p className="notice" aria-live="polite">
        {notice}
      </p>
    </section>
  );
}

function HealthSection({ proxyUp, refreshOn }: { proxyUp: boolean; refreshOn: unknown }) {
  const [state, setState] = useState<Load<Health>>({ phase: 'idle' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!proxyUp) {
      setState({ phase: 'idle' });
      return;
    }
    const controller = new AbortController();
    // A refresh keeps showing the last answer until the new one arrives.
    setState((previous) => (previous.phase === 'done' ? previous : { phase: 'loading' }));
    fetchHealth(controller.signal).then(
      (result) => setState({ phase: 'done', result }),
      () => undefined,
    );
    return () => controller.abort();
  }, [proxyUp, tick, refreshOn]);

  useEffect(() => {
    if (!proxyUp) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((value) => value + 1);
    }, HEALTH_REFRESH_MS);
    return () => clearInterval(timer);
  }, [proxyUp]);

  return (
    <section className="card" aria-labelledby="health-title" aria-busy={state.phase === 'loading'}>
      <h2 id="health-title">Health</h2>
      <div aria-live="polite">
        {!proxyUp && <p>The proxy is not running, so there is nothing to check.</p>}
        {proxyUp && state.phase !== 'done' && <p className="muted">Checking the proxy…</p>}
        {proxyUp && state.phase === 'done' && !state.result.ok && <p className="error">{state.result.error}</p>}
        {proxyUp && state.phase === 'done' && state.result.ok && <HealthDetails health={state.result.value} />}
      </div>
      {proxyUp && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setTick((value) => value + 1)}>
            Check again
          </button>
        </div>
      )}
    </section>
  );
}

function HealthDetails({ health }: { health: Health }) {
  const providers = Object.entries(health.providers);
  return (
    <>
      <p>
        <span className="badge ok">OK</span> The proxy is answering{health.version ? ` (version ${health.version})` : ''}.
      </p>
      {providers.length === 0 ? (
        <p className="muted">No providers are enabled in the settings.</p>
      ) : (
        <ul className="plain">
          {providers.map(([id, { accounts, usable }]) => (
            <li key={id}>
              <strong>{id}</strong>:{' '}
              {accounts === 0 ? (
                <>
                  no account yet — log in with <code>switchboard login {id}</code>
                </>
              ) : (
                `${usable} of ${accounts} account${accounts === 1 ? '' : 's'} usable now`
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function EndpointSection({ endpoint }: { endpoint: string | null }) {
  const [notice, setNotice] = useState<string | null>(null);
  const copy = () => {
    if (!endpoint) return;
    if (!navigator.clipboard) {
      setNotice('Copying is not available here: select the address and copy it yourself.');
      return;
    }
    navigator.clipboard.writeText(endpoint).then(
      () => setNotice('Address copied.'),
      () => setNotice('Copying was not allowed: select the address and copy it yourself.'),
    );
  };

  return (
    <section className="card" aria-labelledby="endpoint-title">
      <h2 id="endpoint-title">Endpoint</h2>
      {endpoint ? (
        <>
          <p>Point your clients at this address (as the API base URL) with your Switchboard API key:</p>
          <div className="copy-row">
            <code className="endpoint">{endpoint}</code>
            <button type="button" className="secondary" onClick={copy}>
              Copy address
            </button>
          </div>
        </>
      ) : (
        <p className="muted">The address appears here once the proxy is running.</p>
      )}
      <p className="notice" aria-live="polite">
        {notice}
      </p>
    </section>
  );
}

function ModelsSection({ proxyUp }: { proxyUp: boolean }) {
  const [apiKey, setApiKey] = useState(() => sessionStorage.getItem(API_KEY_STORAGE) ?? '');
  const [draft, setDraft] = useState(apiKey);
  const [state, setState] = useState<Load<ModelEntry[]>>({ phase: 'idle' });

  const load = useCallback((key: string, signal?: AbortSignal) => {
    setState({ phase: 'loading' });
    fetchModels(key, signal).then(
      (result) => setState({ phase: 'done', result }),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    if (!proxyUp || apiKey === '') {
      setState({ phase: 'idle' });
      return;
    }
    const controller = new AbortController();
    load(apiKey, controller.signal);
    return () => controller.abort();
  }, [proxyUp, apiKey, load]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const key = draft.trim();
    if (key === '') return;
    // sessionStorage: the key is forgotten when this tab or window closes.
    sessionStorage.setItem(API_KEY_STORAGE, key);
    if (key === apiKey) load(key);
    else setApiKey(key);
  };
  const forget = () => {
    sessionStorage.removeItem(API_KEY_STORAGE);
    setApiKey('');
    setDraft('');
  };

  return (
    <section className="card" aria-labelledby="models-title" aria-busy={state.phase === 'loading'}>
      <h2 id="models-title">Models</h2>
      <form className="key-form" onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <div className="copy-row">
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="sk-sb-…"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            aria-describedby="api-key-help"
          />
          <button type="submit" disabled={!proxyUp || draft.trim() === ''}>
            Show models
          </button>
          {apiKey !== '' && (
            <button type="button" className="secondary" onClick={forget}>
              Forget key
            </button>
          )}
        </div>
        <p id="api-key-help" className="muted small">
          Kept in this window only until it closes. <code>switchboard key show</code> prints it.
        </p>
      </form>
      <div aria-live="polite">
        {!proxyUp && <p className="muted">Start the proxy to list its models.</p>}
        {proxyUp && state.phase === 'idle' && <p className="muted">Paste your API key to see the models you can use.</p>}
        {proxyUp && state.phase === 'loading' && <p className="muted">Loading models…</p>}
        {proxyUp && state.phase === 'done' && !state.result.ok && <p className="error">{state.result.error}</p>}
        {proxyUp && state.phase === 'done' && state.result.ok && <ModelList models={state.result.value} />}
      </div>
    </section>
  );
}

function ModelList({ models }: { models: ModelEntry[] }) {
  if (models.length === 0) {
    return (
      <p>
        No models yet: no provider has a usable account. Log in with <code>switchboard login anthropic</code>.
      </p>
    );
  }
  return (
    <ul className="models">
      {models.map((model) => (
        <li key={model.id}>
          <code>{model.id}</code>
          {model.name && <span className="muted"> — {model.name}</span>}
          {model.provider && <span className="badge">{model.provider}</span>}
        </li>
      ))}
    </ul>
  );
}

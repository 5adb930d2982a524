import { useState, type CSSProperties } from 'react';
import { messageOf, type AdminApi } from '../admin-api';
import { useLoad } from '../components/use-load';
import { changedModels, currentModels, describeClient, type ClientState, type ConfigureOutcome, type Finding, type ModelChoices, type RestoreOutcome } from '../clients/clients-api';
import { fieldPlaceholder } from '../clients/model-suggestions';
import '../clients/clients.css';

type ClientsApi = Pick<AdminApi, 'clients' | 'configureClient' | 'restoreClient' | 'clientDoctor' | 'models'>;

/** The id of the list of served models the model fields suggest from. */
const SERVED_MODELS_LIST = 'served-models';

export function ClientsPage({ api }: { api: ClientsApi }) {
  const { state, reload, update } = useLoad(() => api.clients(), [api]);
  const served = useLoad(() => api.models(), [api]);
  const servedModels = served.state.phase === 'done' ? served.state.value : [];
  const replace = (next: ClientState) => update((clients) => clients.map((c) => (c.client === next.client ? next : c)));

  return (
    <div className="clients-page">
      <header className="page-header">
        <h2>Clients</h2>
        <p className="muted">Point Claude Code and the Codex CLI at this Switchboard in one click, and undo it just as easily.</p>
      </header>
      {state.phase === 'loading' && (
        <p className="muted" role="status">
          Checking the clients on this machine…
        </p>
      )}
      {state.phase === 'error' && (
        <div className="card">
          <p className="error" role="alert">
            The clients could not be checked: {state.error}
          </p>
          <button type="button" className="secondary" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {state.phase === 'done' && state.value.length === 0 && <p className="muted">This Switchboard knows no clients to set up.</p>}
      {state.phase === 'done' && state.value.map((c) => <ClientCard key={c.client} api={api} client={c} onStatus={replace} />)}
      <datalist id={SERVED_MODELS_LIST}>
        {servedModels.map((model) => (
          <option key={model.id} value={model.id} label={model.displayName ?? undefined} />
        ))}
      </datalist>
    </div>
  );
}

type Outcome = { kind: 'configure'; result: ConfigureOutcome } | { kind: 'restore'; result: RestoreOutcome } | null;

const MODEL_FIELDS: { id: keyof ModelChoices; label: string; claudeOnly: boolean }[] = [
  { id: 'main', label: 'Main model', claudeOnly: false },
  { id: 'opus', label: 'Opus model', claudeOnly: true },
  { id: 'sonnet', label: 'Sonnet model', claudeOnly: true },
  { id: 'haiku', label: 'Haiku model', claudeOnly: true },
  { id: 'smallFast', label: 'Small / fast model', claudeOnly: true },
];

/** Room for this many characters in every model field of a card, at the least (the fields' own ch: monospace). */
const MIN_MODEL_CHARS = 18;

function ClientCard({ api, client, onStatus }: { api: ClientsApi; client: ClientState; onStatus: (next: ClientState) => void }) {
  // The fields show the models the client holds now; `edits` holds what the person typed over them.
  const [edits, setEdits] = useState<ModelChoices>({});
  const [busy, setBusy] = useState<'configure' | 'restore' | 'doctor' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const status = describeClient(client);
  const fields = MODEL_FIELDS.filter((f) => client.client === 'claude-code' || !f.claudeOnly);
  const idBase = `client-${client.client}`;
  const current = currentModels(client);
  const shown: ModelChoices = { ...current, ...edits };
  const placeholders = Object.fromEntries(fields.map((f) => [f.id, fieldPlaceholder(f.id, current[f.id])]));
  // Every field as wide as the longest name or example any of them shows, so none is cut off (up to the card's width).
  const modelChars = Math.max(MIN_MODEL_CHARS, ...fields.map((f) => Math.max((shown[f.id] ?? '').length, placeholders[f.id]?.length ?? 0)));

  async function act(kind: 'configure' | 'restore' | 'doctor') {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'configure') {
        const result = await api.configureClient(client.client, changedModels(shown, current));
        setOutcome({ kind, result });
        setEdits({});
        if (result.status) onStatus(result.status);
      } else if (kind === 'restore') {
        const result = await api.restoreClient(client.client);
        setOutcome({ kind, result });
        setEdits({});
        if (result.status) onStatus(result.status);
      } else {
        setFindings(await api.clientDoctor(client.client));
      }
    } catch (e) {
      const verb = kind === 'configure' ? 'set up' : kind === 'restore' ? 'restored' : 'checked';
      setError(`${client.name} could not be ${verb}: ${messageOf(e)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card client-card" aria-labelledby={`${idBase}-title`}>
      <h3 id={`${idBase}-title`}>{client.name}</h3>
      <div className={`client-status ${status.ok ? 'ok' : 'bad'}`}>
        <span className="status">{status.ok ? 'Ready: uses this Switchboard.' : client.problem ? 'Cannot read its settings.' : 'Not using this Switchboard.'}</span>
      </div>
      <ul className="plain small">
        {status.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
        {client.configPath && (
          <li className="muted">
            Settings file: <code>{client.configPath}</code>
          </li>
        )}
      </ul>

      <details>
        <summary>Models (optional)</summary>
        <p className="small muted">
          {client.client === 'codex'
            ? 'The field shows the model the Codex CLI is set to now. It needs one: without one, configure writes sonnet. '
            : `Each field shows the model ${client.name} is set to now; empty, it picks one of its own. `}
          Change a field and press {client.configured ? 'Configure again' : 'Configure'} to write it; one left as it is, or emptied, is not sent and keeps its
          model. The aliases <code>sonnet</code>, <code>opus</code> and <code>haiku</code> stand for the newest model of their family here, so they never go stale.
        </p>
        <div className="client-models" style={{ '--model-chars': modelChars } as CSSProperties}>
          {fields.map((f) => {
            const problem = edits[f.id] === undefined ? client.models.find((model) => model.slot === f.id)?.problem : null;
            return (
              <label key={f.id} htmlFor={`${idBase}-${f.id}`}>
                {f.label}
                <input
                  id={`${idBase}-${f.id}`}
                  value={shown[f.id] ?? ''}
                  onChange={(e) => setEdits((m) => ({ ...m, [f.id]: e.target.value }))}
                  placeholder={placeholders[f.id]}
                  list={SERVED_MODELS_LIST}
                  autoComplete="off"
                  spellCheck={false}
                  aria-describedby={problem ? `${idBase}-${f.id}-problem` : undefined}
                />
                {problem && (
                  <span id={`${idBase}-${f.id}-problem`} className="error small model-problem">
                    {problem}
                  </span>
                )}
              </label>
            );
          })}
        </div>
      </details>

      <div className="actions">
        <button type="button" onClick={() => void act('configure')} disabled={busy !== null}>
          {busy === 'configure' ? 'Configuring…' : client.configured ? 'Configure again' : 'Configure'}
        </button>
        <button type="button" className="secondary" onClick={() => void act('restore')} disabled={busy !== null}>
          {busy === 'restore' ? 'Restoring…' : 'Restore'}
        </button>
        <button type="button" className="secondary" onClick={() => void act('doctor')} disabled={busy !== null}>
          {busy === 'doctor' ? 'Running doctor…' : 'Run doctor'}
        </button>
      </div>

      <div aria-live="polite">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {outcome && <OutcomeView outcome={outcome} />}
        {findings && <FindingsView findings={findings} />}
      </div>
    </section>
  );
}

function OutcomeView({ outcome }: { outcome: NonNullable<Outcome> }) {
  if (outcome.kind === 'configure') {
    const r = outcome.result;
    return (
      <div className="small">
        <p>
          {r.changed.length === 0 ? (
            <>
              <code>{r.path}</code> already said all of it: nothing changed.
            </>
          ) : (
            <>
              Changed in <code>{r.path}</code>: {r.changed.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ', ' : ''}
                  <code>{k}</code>
                </span>
              ))}
              .
            </>
          )}
        </p>
        {r.backupPath && (
          <p className="muted">
            The file as it was before Switchboard: <code>{r.backupPath}</code>
          </p>
        )}
        {r.keyId && (
          <p className="muted">
            It uses the key <code>{r.keyId}</code>.
          </p>
        )}
      </div>
    );
  }
  const r = outcome.result;
  return (
    <div className="small">
      {r.mode === 'nothing' && <p>Nothing to restore: Switchboard had not changed this client.</p>}
      {r.mode === 'backup' && <p>The settings file is back exactly as it was before Switchboard.</p>}
      {r.mode === 'keys' && (
        <p>
          The file had been edited since, so only Switchboard's settings were put back
          {r.restored.length > 0 ? (
            <>
              : {r.restored.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ', ' : ''}
                  <code>{k}</code>
                </span>
              ))}
            </>
          ) : null}
          .
        </p>
      )}
      {r.revokedKey && (
        <p className="muted">
          The key made for it, <code>{r.revokedKey}</code>, was revoked.
        </p>
      )}
    </div>
  );
}

const SEVERITY_WORDS: Record<Finding['severity'], string> = { error: 'Problem', warning: 'Warning', info: 'OK' };

function FindingsView({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="small">The doctor found nothing to report.</p>;
  return (
    <>
      <h4 className="small">Doctor</h4>
      <ul className="plain findings small">
        {findings.map((f, i) => (
          <li key={i}>
            <span className={`severity ${f.severity}`}>{SEVERITY_WORDS[f.severity]}:</span>
            {f.message}
            {f.fix && <div className="muted">Fix: {f.fix}</div>}
          </li>
        ))}
      </ul>
    </>
  );
}

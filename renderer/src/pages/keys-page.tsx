import { useId, useState, type FormEvent } from 'react';
import { messageOf, type AdminApi, type CreatedKey, type KeyLimits, type KeyRole, type KeyView } from '../admin-api';
import { CopyButton, ErrorNote, Loading, Meter, SelectField, type Choice } from '../components/ui';
import { useLoad, useNow } from '../components/use-load';
import { formatAgo, formatCount, formatDate, formatMoney, formatTokens } from '../format';
import { cliCommand } from '../cli-command';

/** The limits form as text fields (empty = no limit). */
interface LimitsDraft {
  owner: string;
  role: KeyRole;
  expiresAt: string;
  allowedModels: string;
  monthlyTokenBudget: string;
  monthlyCostBudgetUsd: string;
  rpmLimit: string;
  concurrencyLimit: string;
}

const ROLES: Choice<KeyRole>[] = [
  { id: 'client', label: 'client — the API only' },
  { id: 'admin', label: 'admin — also this dashboard' },
];

const EMPTY_DRAFT: LimitsDraft = { owner: '', role: 'client', expiresAt: '', allowedModels: '', monthlyTokenBudget: '', monthlyCostBudgetUsd: '', rpmLimit: '', concurrencyLimit: '' };

function draftOf(key: KeyView): LimitsDraft {
  const text = (value: number | null) => (value === null ? '' : String(value));
  return {
    owner: key.owner ?? '',
    role: key.role,
    expiresAt: formatDate(key.expiresAt),
    allowedModels: key.allowedModels?.join(', ') ?? '',
    monthlyTokenBudget: text(key.monthlyTokenBudget),
    monthlyCostBudgetUsd: text(key.monthlyCostBudgetUsd),
    rpmLimit: text(key.rpmLimit),
    concurrencyLimit: text(key.concurrencyLimit),
  };
}

/** Text fields → limits; throws an Error in words for a value that is not a number. */
export function limitsOf(draft: LimitsDraft): KeyLimits {
  const number = (value: string, name: string, integer: boolean): number | null => {
    const trimmed = value.trim();
    if (trimmed === '') return null;
    const parsed = Number(trimmed);
    if (!Number.isFinite(parsed) || parsed < 0 || (integer && !Number.isInteger(parsed))) {
      throw new Error(`${name} must be ${integer ? 'a whole number' : 'a number'} of 0 or more (or empty for no limit).`);
    }
    return parsed;
  };
  let expiresAt: number | null = null;
  if (draft.expiresAt.trim() !== '') {
    const parsed = new Date(`${draft.expiresAt}T23:59:59`).getTime();
    if (!Number.isFinite(parsed)) throw new Error('The expiry date is not a date.');
    expiresAt = parsed;
  }
  const models = draft.allowedModels
    .split(',')
    .map((model) => model.trim())
    .filter((model) => model !== '');
  return {
    owner: draft.owner.trim() === '' ? null : draft.owner.trim(),
    role: draft.role,
    expiresAt,
    allowedModels: models.length === 0 ? null : models,
    monthlyTokenBudget: number(draft.monthlyTokenBudget, 'The monthly token budget', true),
    monthlyCostBudgetUsd: number(draft.monthlyCostBudgetUsd, 'The monthly cost budget', false),
    rpmLimit: number(draft.rpmLimit, 'Requests per minute', true),
    concurrencyLimit: number(draft.concurrencyLimit, 'Concurrent requests', true),
  };
}

function keyState(key: KeyView, now: number): { text: string; tone: string } {
  if (key.revokedAt !== null) return { text: 'revoked', tone: 'bad' };
  if (!key.enabled) return { text: 'disabled', tone: 'warn' };
  if (key.expiresAt !== null && key.expiresAt <= now) return { text: 'expired', tone: 'bad' };
  return { text: 'active', tone: 'ok' };
}

export function KeysPage({ api }: { api: AdminApi }) {
  const { state, reload } = useLoad(() => api.keys(), [api]);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);

  const keys = state.phase === 'done' ? state.value.filter((key) => showRevoked || key.revokedAt === null) : [];
  const revokedCount = state.phase === 'done' ? state.value.filter((key) => key.revokedAt !== null).length : 0;

  return (
    <section aria-labelledby="keys-title">
      <div className="section-head">
        <h2 id="keys-title">API keys</h2>
        <div className="actions">
          <button type="button" className="secondary" onClick={reload}>
            Refresh list
          </button>
        </div>
      </div>
      <p className="muted small">
        Managed keys for other people and tools, each with its own limits. The owner key (<code>{cliCommand('key show')}</code>) is not listed here.
      </p>
      {created && <CreatedSecret created={created} onDone={() => setCreated(null)} />}
      <CreateKeyForm
        api={api}
        onCreated={(key) => {
          setCreated(key);
          reload();
        }}
      />
      {state.phase === 'loading' && <Loading what="keys" />}
      {state.phase === 'error' && <ErrorNote message={state.error} onRetry={reload} />}
      {state.phase === 'done' && (
        <>
          {revokedCount > 0 && (
            <label className="inline-check">
              <input type="checkbox" checked={showRevoked} onChange={(event) => setShowRevoked(event.target.checked)} /> Show {revokedCount} revoked key
              {revokedCount === 1 ? '' : 's'}
            </label>
          )}
          {keys.length === 0 ? (
            <p className="card">No managed keys yet. Create one above for each person or tool that should use this proxy.</p>
          ) : (
            <ul className="cards">
              {keys.map((key) => (
                <KeyCard key={key.id} apiKey={key} api={api} onChanged={reload} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function CreatedSecret({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  return (
    <div className="card secret" role="alert">
      <h3>Key “{created.label}” created</h3>
      <p>
        <strong>Copy the secret now: it is shown only this once.</strong> Switchboard keeps only its hash, so it cannot show it again.
      </p>
      <div className="copy-row">
        <code className="endpoint">{created.secret}</code>
        <CopyButton text={created.secret} label="Copy secret" />
      </div>
      <div className="actions">
        <button type="button" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  );
}

function LimitsFields({ draft, onChange }: { draft: LimitsDraft; onChange: (draft: LimitsDraft) => void }) {
  const id = useId();
  const field = (name: keyof LimitsDraft, label: string, props: { type?: string; placeholder?: string; inputMode?: 'numeric' | 'decimal'; help?: string } = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        value={draft[name]}
        onChange={(event) => onChange({ ...draft, [name]: event.target.value })}
      />
      {props.help && <span className="muted small">{props.help}</span>}
    </div>
  );
  return (
    <div className="fields">
      {field('owner', 'Owner', { placeholder: 'optional' })}
      <SelectField id={`${id}-role`} label="Role" value={draft.role} choices={ROLES} onChange={(role) => onChange({ ...draft, role })} />
      {field('monthlyTokenBudget', 'Monthly tokens', { inputMode: 'numeric', placeholder: 'no limit' })}
      {field('monthlyCostBudgetUsd', 'Monthly cost (USD)', { inputMode: 'decimal', placeholder: 'no limit' })}
      {field('rpmLimit', 'Requests per minute', { inputMode: 'numeric', placeholder: 'no limit' })}
      {field('concurrencyLimit', 'Concurrent requests', { inputMode: 'numeric', placeholder: 'no limit' })}
      {field('allowedModels', 'Allowed models', { placeholder: 'all', help: 'Comma-separated, e.g. claude-haiku-4-5, sonnet' })}
      {field('expiresAt', 'Expires on', { type: 'date' })}
    </div>
  );
}

function CreateKeyForm({ api, onCreated }: { api: AdminApi; onCreated: (key: CreatedKey) => void }) {
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState('');
  const [draft, setDraft] = useState<LimitsDraft>(EMPTY_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labelId = useId();

  if (!open) {
    return (
      <div className="actions">
        <button type="button" onClick={() => setOpen(true)}>
          Create a key
        </button>
      </div>
    );
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (label.trim() === '') {
      setError('Give the key a label, e.g. who or what will use it.');
      return;
    }
    setBusy(true);
    try {
      onCreated(await api.createKey({ label: label.trim(), ...limitsOf(draft) }));
      setLabel('');
      setDraft(EMPTY_DRAFT);
      setOpen(false);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${labelId}-title`}>
      <h3 id={`${labelId}-title`}>New key</h3>
      <div className="field">
        <label htmlFor={labelId}>Label</label>
        <input id={labelId} value={label} onChange={(event) => setLabel(event.target.value)} placeholder="CI bot" required />
      </div>
      <LimitsFields draft={draft} onChange={setDraft} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function describeLimits(key: KeyView): string {
  const parts: string[] = [];
  if (key.rpmLimit !== null) parts.push(`${key.rpmLimit} requests/min`);
  if (key.concurrencyLimit !== null) parts.push(`${key.concurrencyLimit} at a time`);
  if (key.allowedModels) parts.push(`models: ${key.allowedModels.join(', ')}`);
  if (key.expiresAt !== null) parts.push(`expires ${new Date(key.expiresAt).toLocaleDateString()}`);
  return parts.length === 0 ? 'no rate limits, all models' : parts.join(' · ');
}

function KeyCard({ apiKey: key, api, onChanged }: { apiKey: KeyView; api: AdminApi; onChanged: () => void }) {
  const now = useNow();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-revoke'>('view');
  const [draft, setDraft] = useState<LimitsDraft>(() => draftOf(key));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = keyState(key, now);
  const revoked = key.revokedAt !== null;
  const spend = key.spend;

  const run = (call: () => Promise<unknown>, after: () => void = () => undefined) => {
    setBusy(true);
    setError(null);
    call()
      .then(
        () => {
          after();
          onChanged();
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setBusy(false));
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Async, so a draft limitsOf refuses becomes the card's error like a refusal from the proxy.
    run(async () => api.updateKey(key.id, limitsOf(draft)), () => setMode('view'));
  };

  return (
    <li className="card key" aria-busy={busy}>
      <div className="account-head">
        <div>
          <h4>{key.label}</h4>
          <p className="muted small">
            <code>{key.prefix}…</code> · {key.role}
            {key.owner ? ` · ${key.owner}` : ''} · last used {formatAgo(key.lastUsedAt, now)}
          </p>
        </div>
        <span className={`badge state ${state.tone}`}>{state.text}</span>
      </div>
      <p className="small">{describeLimits(key)}</p>
      <div className="quota">
        {spend === null ? (
          <p className="muted small">No spend recorded this month.</p>
        ) : (
          <>
            <p className="small">
              This month: {formatCount(spend.requests)} {spend.requests === 1 ? 'request' : 'requests'}, {formatTokens(spend.tokens)} tokens, {formatMoney(spend.requests === spend.unpricedRequests && spend.requests > 0 ? null : spend.costUsd, spend.unpricedRequests)}
            </p>
            {key.monthlyTokenBudget !== null && key.monthlyTokenBudget > 0 && (
              <Meter label="Monthly token budget" percent={(spend.tokens / key.monthlyTokenBudget) * 100} detail={`${formatTokens(spend.tokens)} of ${formatTokens(key.monthlyTokenBudget)}`} />
            )}
            {key.monthlyCostBudgetUsd !== null && key.monthlyCostBudgetUsd > 0 && (
              <Meter label="Monthly cost budget" percent={(spend.costUsd / key.monthlyCostBudgetUsd) * 100} detail={`${formatMoney(spend.costUsd)} of ${formatMoney(key.monthlyCostBudgetUsd)}`} />
            )}
          </>
        )}
      </div>
      {!revoked && mode === 'view' && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(draftOf(key));
              setMode('edit');
            }}
          >
            Edit limits
          </button>
          <button type="button" className="secondary" onClick={() => run(() => api.updateKey(key.id, { enabled: !key.enabled }))} disabled={busy}>
            {key.enabled ? 'Disable' : 'Enable'}
          </button>
          <button type="button" className="secondary danger" onClick={() => setMode('confirm-revoke')}>
            Revoke…
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <form onSubmit={save}>
          <LimitsFields draft={draft} onChange={setDraft} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save limits'}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {mode === 'confirm-revoke' && (
        <div className="confirm" role="alertdialog" aria-label={`Revoke ${key.label}?`}>
          <p>
            Revoke “{key.label}”? Clients using it get 401 from now on. This cannot be undone.
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => run(() => api.revokeKey(key.id), () => setMode('view'))} disabled={busy} autoFocus>
              {busy ? 'Revoking…' : 'Yes, revoke'}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { messageOf, type AdminApi, type CreatedKey, type KeyRole, type KeyView } from '../admin-api';
import { CopyButton, ErrorNote, Loading, Meter, SelectField, type Choice } from '../components/ui';
import { useLoad, useNow } from '../components/use-load';
import { formatAgo, formatCost, formatDay, formatTokens } from '../format';
import { spendLine } from '../keys/key-spend';
import { checkKeyForm, draftOf, EMPTY_DRAFT, FIELD_LABELS, type FieldProblem, type KeyField, type LimitsDraft } from '../keys/key-form';
import { keyState } from '../keys/key-state';
import '../keys/keys.css';
import { cliCommand } from '../cli-command';

const ROLES: Choice<KeyRole>[] = [
  { id: 'client', label: 'client — the API only' },
  { id: 'admin', label: 'admin — also this dashboard' },
];

/** The local start of today: an expiry day before it is in the past. */
function startOfToday(now: number): number {
  const date = new Date(now);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
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

/**
 * What is wrong with the form, all of it at once: one line naming every field at fault (each field also shows
 * its own reason under it).
 */
function FormProblems({ problems, id }: { problems: FieldProblem[]; id: string }) {
  if (problems.length === 0) return null;
  const names = problems.map((problem) => FIELD_LABELS[problem.field]);
  return (
    <p className="error form-problems" role="alert" id={id}>
      {problems.length === 1 ? problems[0]?.message : `Please fix ${problems.length} fields: ${names.slice(0, -1).join(', ')} and ${names.at(-1)}.`}
    </p>
  );
}

function LimitsFields({ draft, onChange, problems }: { draft: LimitsDraft; onChange: (draft: LimitsDraft) => void; problems: FieldProblem[] }) {
  const id = useId();
  const field = (name: Exclude<keyof LimitsDraft, 'role'>, label: string, props: { type?: string; placeholder?: string; inputMode?: 'numeric' | 'decimal'; help?: string } = {}) => {
    const problem = problems.find((candidate) => candidate.field === name);
    return (
      <div className={problem ? 'field invalid' : 'field'}>
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          placeholder={props.placeholder}
          value={draft[name]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-${name}-problem` : undefined}
          onChange={(event) => onChange({ ...draft, [name]: event.target.value })}
        />
        {problem && (
          <span id={`${id}-${name}-problem`} className="error small">
            {problem.message}
          </span>
        )}
        {props.help && <span className="muted small">{props.help}</span>}
      </div>
    );
  };
  return (
    <div className="fields">
      {field('owner', 'Owner', { placeholder: 'optional' })}
      <SelectField id={`${id}-role`} label="Role" value={draft.role} choices={ROLES} onChange={(role) => onChange({ ...draft, role })} />
      {field('monthlyTokenBudget', 'Monthly tokens', { inputMode: 'numeric', placeholder: 'no limit' })}
      {field('monthlyCostBudgetUsd', 'Monthly cost (USD)', { inputMode: 'decimal', placeholder: 'no limit' })}
      {field('rpmLimit', 'Requests per minute', { inputMode: 'numeric', placeholder: 'no limit' })}
      {field('concurrencyLimit', 'Concurrent requests', { inputMode: 'numeric', placeholder: 'no limit' })}
      {field('allowedModels', 'Allowed models', { placeholder: 'all', help: 'Comma-separated model names, as clients send them' })}
      {field('expiresAt', 'Expires on', { type: 'date' })}
      {field('pinnedTarget', 'Only target', { placeholder: 'any', help: 'Its requests go to this target alone, e.g. claude' })}
      {field('pinnedAccount', 'Only account', { placeholder: 'any', help: 'Billed to this account, never another' })}
    </div>
  );
}

/** The problems of one field, or none. */
const problemOf = (problems: FieldProblem[], field: KeyField) => problems.find((problem) => problem.field === field);

function CreateKeyForm({ api, onCreated }: { api: AdminApi; onCreated: (key: CreatedKey) => void }) {
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState('');
  const [draft, setDraft] = useState<LimitsDraft>(EMPTY_DRAFT);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
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
    const check = checkKeyForm(draft, startOfToday(Date.now()), label);
    setProblems(check.ok ? [] : check.problems);
    if (!check.ok) return;
    setBusy(true);
    try {
      onCreated(await api.createKey({ label: label.trim(), ...check.limits }));
      setLabel('');
      setDraft(EMPTY_DRAFT);
      setOpen(false);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const labelProblem = problemOf(problems, 'label');
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${labelId}-title`} noValidate>
      <h3 id={`${labelId}-title`}>New key</h3>
      <div className={labelProblem ? 'field invalid' : 'field'}>
        <label htmlFor={labelId}>Label</label>
        <input
          id={labelId}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          placeholder="CI bot"
          required
          aria-invalid={labelProblem ? true : undefined}
          aria-describedby={labelProblem ? `${labelId}-problem` : undefined}
        />
        {labelProblem && (
          <span id={`${labelId}-problem`} className="error small">
            {labelProblem.message}
          </span>
        )}
      </div>
      <LimitsFields draft={draft} onChange={setDraft} problems={problems} />
      <FormProblems problems={problems} id={`${labelId}-problems`} />
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
  if (key.expiresAt !== null) parts.push(`expires ${formatDay(key.expiresAt, { year: true })}`);
  if (key.pinnedTarget) parts.push(`only target ${key.pinnedTarget}`);
  if (key.pinnedAccount) parts.push(`only account ${key.pinnedAccount}`);
  return parts.length === 0 ? 'no rate limits, all models' : parts.join(' · ');
}

function KeyCard({ apiKey: key, api, onChanged }: { apiKey: KeyView; api: AdminApi; onChanged: () => void }) {
  const now = useNow();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-revoke'>('view');
  const [draft, setDraft] = useState<LimitsDraft>(() => draftOf(key));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
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
    const check = checkKeyForm(draft, startOfToday(Date.now()));
    setProblems(check.ok ? [] : check.problems);
    if (check.ok) run(() => api.updateKey(key.id, check.limits), () => setMode('view'));
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
        <span className={`badge state ${state.tone}`} title={state.reason}>
          {state.text}
        </span>
      </div>
      {state.reason && <p className="small error">Requests with this key are refused: {state.reason} (the budget starts again at the turn of the month, UTC).</p>}
      <p className="small">{describeLimits(key)}</p>
      <div className="quota">
        {spend === null ? (
          <p className="muted small">No spend recorded this month.</p>
        ) : (
          <>
            <p className="small">{spendLine(spend)}</p>
            {key.monthlyTokenBudget !== null && key.monthlyTokenBudget > 0 && (
              <Meter label="Monthly token budget" percent={(spend.tokens / key.monthlyTokenBudget) * 100} detail={`${formatTokens(spend.tokens)} of ${formatTokens(key.monthlyTokenBudget)}`} />
            )}
            {key.monthlyCostBudgetUsd !== null && key.monthlyCostBudgetUsd > 0 && (
              <Meter label="Monthly cost budget" percent={(spend.costUsd / key.monthlyCostBudgetUsd) * 100} detail={`${formatCost(spend.costUsd)} of ${formatCost(key.monthlyCostBudgetUsd)}`} />
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
              setProblems([]);
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
        <form onSubmit={save} noValidate aria-label={`Limits of ${key.label}`}>
          <LimitsFields draft={draft} onChange={setDraft} problems={problems} />
          <FormProblems problems={problems} id={`${key.id}-problems`} />
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

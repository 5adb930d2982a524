import { useState, type FormEvent } from 'react';
import { messageOf, type AdminApi, type ProviderCatalogEntry } from '../admin-api';
import type { ApiKeyField } from '../../../proxy/providers/catalog.js';

/** What POST /admin/targets answers: never the key. */
export interface AddedKey {
  account: string;
  target: string;
  served: boolean;
}

/** The `api-key` login method of a catalog entry, or null. */
export function apiKeyMethod(provider: ProviderCatalogEntry): { label: string; fields: readonly ApiKeyField[] } | null {
  const method = provider.loginMethods.find((candidate) => candidate.kind === 'api-key');
  return method?.kind === 'api-key' ? method : null;
}

/**
 * "Add an OpenAI API key" and the like: a form drawn from the provider's `api-key` login method (its fields as the
 * catalog lists them). The key goes in a password field, is sent once to POST /admin/targets and is never shown again.
 */
export function AddApiKey({ api, provider, onAdded }: { api: Pick<AdminApi, 'request'>; provider: ProviderCatalogEntry; onAdded: () => void }) {
  const method = apiKeyMethod(provider);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  if (!method) return null;
  const formId = `add-key-${provider.id}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = Object.fromEntries(method.fields.map((field) => [field.name, String(new FormData(form).get(field.name) ?? '').trim()]).filter(([, value]) => value !== ''));
    setBusy(true);
    setResult(null);
    api
      .request<AddedKey>('POST', '/admin/targets', { provider: provider.id, ...values })
      .then(
        (added) => {
          form.reset();
          setOpen(false);
          setResult({ ok: true, text: `Added ${added.target}. ${added.served ? 'It serves requests from now on.' : 'It is served once Switchboard restarts.'}` });
          onAdded();
        },
        (error: unknown) => setResult({ ok: false, text: messageOf(error) }),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className="add-api-key">
      {open ? (
        <form className="card key-form" aria-labelledby={`${formId}-title`} onSubmit={submit}>
          <h3 id={`${formId}-title`}>{method.label}</h3>
          {method.fields.map((field) => (
            <label key={field.name}>
              <span>
                {field.label}
                {!field.required && <span className="muted small"> (optional)</span>}
              </span>
              <input
                name={field.name}
                type={field.secret ? 'password' : 'text'}
                autoComplete={field.secret ? 'new-password' : 'off'}
                required={field.required}
                placeholder={field.placeholder || undefined}
                spellCheck={false}
              />
            </label>
          ))}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Adding…' : 'Add'}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setResult(null);
            setOpen(true);
          }}
        >
          {method.label}
        </button>
      )}
      {result && (
        <p className={result.ok ? 'notice' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </div>
  );
}

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { accountLoginApi, type AccountLoginApi, type ProviderCatalogEntry } from '../admin-api';
import { AddAccount } from './add-account';
import { missingPasteMessage, PasteSteps, type PasteCodeMethod } from './paste-steps';
import { browserLoginMethod } from './use-provider-catalog';
import { ImportAccount } from './import-account';
import { RemoveAccount } from './remove-account';

const never: AccountLoginApi = {
  startLogin: () => new Promise(() => undefined),
  finishLogin: () => new Promise(() => undefined),
  loginStatus: () => new Promise(() => undefined),
  cancelLogin: () => new Promise(() => undefined),
  removeAccount: () => new Promise(() => undefined),
  importAccount: () => new Promise(() => undefined),
  providers: () => new Promise(() => undefined),
};

/** A provider as the catalog (GET /admin/providers) lists it: the page draws its buttons from this, not from literals. */
const claude: ProviderCatalogEntry = {
  id: 'anthropic',
  displayName: 'Claude',
  credentialKinds: ['oauth'],
  protocol: 'anthropic-messages',
  loginMethods: [{ kind: 'paste-code', id: 'manual', label: 'Log in with a pasted code', paste: { step: 'Copy the code and paste it below.', field: 'The code', example: 'code#state' } }],
  importers: [{ id: 'claude-code', label: 'Import from Claude Code' }],
  policyNote: null,
  quotaSources: [],
};

describe('account login api', () => {
  it('calls the login and remove endpoints through request', async () => {
    const calls: unknown[][] = [];
    const api = accountLoginApi({
      request: <T,>(method: string, path: string, body?: unknown): Promise<T> => {
        calls.push([method, path, body]);
        const answer = path.startsWith('/admin/accounts/login/') ? { account: { id: 'a', email: 'e@x', plan: 'max' } } : { attemptId: 'x' };
        return Promise.resolve(answer as T);
      },
    });
    await api.startLogin('anthropic');
    await api.startLogin('anthropic', 'anthropic-work');
    await api.startLogin('codex', null, 'device');
    expect(await api.finishLogin('id/1', 'code#state')).toEqual({ id: 'a', email: 'e@x', plan: 'max' });
    await api.loginStatus('id/2');
    await api.cancelLogin('id/2');
    await api.removeAccount('anthropic-e@x');
    await api.importAccount('claude-code');
    await api.providers();
    expect(calls).toEqual([
      ['POST', '/admin/accounts/login', { provider: 'anthropic' }],
      ['POST', '/admin/accounts/login', { provider: 'anthropic', accountId: 'anthropic-work' }],
      ['POST', '/admin/accounts/login', { provider: 'codex', method: 'device' }],
      ['POST', '/admin/accounts/login/id%2F1', { code: 'code#state' }],
      ['GET', '/admin/accounts/login/id%2F2', undefined],
      ['DELETE', '/admin/accounts/login/id%2F2', undefined],
      ['DELETE', '/admin/accounts/anthropic-e%40x', undefined],
      ['POST', '/admin/accounts/import', { source: 'claude-code' }],
      ['GET', '/admin/providers', undefined],
    ]);
  });
});

describe('account login controls render', () => {
  it("offers to add an account of the catalog's provider, by its display name", () => {
    expect(renderToStaticMarkup(<AddAccount api={never} provider={claude} onAdded={() => undefined} />)).toContain('Add a Claude account');
    expect(renderToStaticMarkup(<AddAccount api={never} provider={{ ...claude, id: 'codex', displayName: 'ChatGPT' }} onAdded={() => undefined} />)).toContain('Add a ChatGPT account');
  });

  it('offers each other login a browser can drive by its catalog label, beside the first', () => {
    const methods = [{ kind: 'loopback', id: 'oauth', label: 'Sign in…' }, { kind: 'device-code', id: 'device', label: 'Sign in using a code' }, ...claude.loginMethods] as const;
    const html = renderToStaticMarkup(<AddAccount api={never} provider={{ ...claude, displayName: 'ChatGPT', loginMethods: methods }} onAdded={() => undefined} />);
    expect([...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((match) => match[1])).toEqual(['Add a ChatGPT account', 'Log in with a pasted code']);
  });

  it("offers each importer of the catalog, by its label", () => {
    expect(renderToStaticMarkup(<ImportAccount api={never} importer={claude.importers[0]!} onAdded={() => undefined} />)).toContain('Import from Claude Code');
  });

  it('offers to remove an account, named', () => {
    const html = renderToStaticMarkup(<RemoveAccount api={never} accountId="a" name="me@example.com" onRemoved={() => undefined} />);
    expect(html).toContain('Remove');
    expect(html).toContain('Remove me@example.com');
  });
});

describe('the login the dashboard runs for a provider', () => {
  it("is the catalog's first method a browser can drive: a pasted code, a device code or a polled page", () => {
    const loopback = { kind: 'loopback', id: 'oauth', label: 'Log in…' } as const;
    expect(browserLoginMethod(claude)?.id).toBe('manual');
    expect(browserLoginMethod({ loginMethods: [loopback, { kind: 'device-code', id: 'device', label: 'Code' }] })?.kind).toBe('device-code');
    expect(browserLoginMethod({ loginMethods: [{ kind: 'poll', id: 'page', label: 'Page' }] })?.kind).toBe('poll');
    expect(browserLoginMethod({ loginMethods: [loopback] })).toBeNull();
  });
});

describe('the steps of a paste-code login', () => {
  const address: PasteCodeMethod = {
    kind: 'paste-code',
    id: 'manual',
    label: 'Sign in and paste the address',
    paste: { step: 'Copy the whole address the browser ended on and paste it below.', field: 'Paste the address the browser ended on', example: 'http://localhost:1455/auth/callback?code=…' },
  };

  it("say what the method says to paste, in the provider's words, with nothing of another provider's", () => {
    const html = renderToStaticMarkup(<PasteSteps method={address} providerName="ChatGPT" url="https://auth.example/authorize" renewing={false} />);
    expect(html).toContain('Open the ChatGPT login page</a> and sign in with the account to add.');
    expect(html).toContain('<li>Copy the whole address the browser ended on and paste it below.</li>');
    expect(html).not.toMatch(/code#state|Authorize|#/);
  });

  it('tell an empty paste what a good one looks like', () => {
    expect(missingPasteMessage(address)).toBe('Paste the address the browser ended on (it looks like "http://localhost:1455/auth/callback?code=…").');
  });
});

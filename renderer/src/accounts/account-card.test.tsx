import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AccountView, AdminApi } from '../admin-api';
import { AccountCard, type AccountCardProps } from './account-card';

const REASON = 'the refresh token was refused — run `switchboard login anthropic`';

// An account whose refresh token Anthropic refused, as GET /admin/accounts answers it after a request met it.
const needsLogin: AccountView = {
  id: 'anthropic-alice@example.com',
  provider: 'anthropic',
  target: 'anthropic',
  email: 'alice@example.com',
  label: null,
  plan: 'max',
  priority: 0,
  enabled: true,
  status: 'needs_login',
  state: `needs login: ${REASON}`,
  cooldownUntil: null,
  cooldownReason: null,
  needsLogin: REASON,
  quota: null,
  usage: { requests: 34, errors: 10, lastUsedAt: null, lastError: `an account needs a new login: ${REASON} — account anthropic-alice@example.com` },
};

// The card only reads the account until a button is pressed.
const CLAUDE = {
  id: 'anthropic',
  displayName: 'Claude',
  loginMethods: [{ kind: 'paste-code', id: 'manual', label: 'Log in with a pasted code', paste: { step: 'Copy the code and paste it below.', field: 'The code', example: 'code#state' } }],
  quotaSources: ['headers', 'usage-endpoint'],
} as const;
const render = (account: AccountView, provider: AccountCardProps['provider'] = CLAUDE) =>
  renderToStaticMarkup(<AccountCard account={account} api={{} as AdminApi} windowRelogin={null} provider={provider} onChanged={() => undefined} onRenewed={() => undefined} onRemoved={() => undefined} />);

const count = (text: string, part: string) => text.split(part).length - 1;

describe('AccountCard', () => {
  it("offers quota readings only where the provider reports quota windows (an API key's does not)", () => {
    const ready = { ...needsLogin, status: 'ready', state: 'ready', needsLogin: null } as const;
    expect(render(ready)).toContain('Refresh quota');
    const key = render({ ...ready, provider: 'openai-key', target: 'openai-key:personal' }, { id: 'openai-key', displayName: 'OpenAI API key', loginMethods: [], quotaSources: [] });
    expect(key).not.toContain('Refresh quota');
    expect(key).not.toContain('No quota reading yet');
    expect(key).toContain('No quota windows');
    expect(render(ready)).toContain('it arrives with the first request');
    const cursor = render({ ...ready, provider: 'cursor', target: 'cursor' }, { id: 'cursor', displayName: 'Cursor', loginMethods: [], quotaSources: ['usage-endpoint'] });
    expect(cursor).toContain('it arrives with the next usage poll or “Refresh quota”');
    expect(cursor).not.toContain('with the first request');
  });

  it('says an account needs a login in a short badge, and why and how once, in its text', () => {
    const html = render(needsLogin);
    expect(html).toContain('<span class="badge state bad">needs login</span>');
    expect(count(html, 'the refresh token was refused')).toBe(0);
    expect(count(html, 'The refresh token was refused')).toBe(1);
    expect(count(html, '<code>switchboard login anthropic</code>')).toBe(1);
    expect(html).toContain('Log in again');
    expect(html).not.toContain('Last error');
  });

  it('still shows a last error that says something else', () => {
    const html = render({ ...needsLogin, usage: { ...needsLogin.usage, lastError: 'Anthropic answered 500: overloaded' } });
    expect(html).toContain('<dt>Last error</dt><dd class="error">Anthropic answered 500: overloaded</dd>');
    expect(count(html, 'refresh token was refused')).toBe(1);
  });

  it("shows the plan's credits with its quota when the provider reports them", () => {
    const ready = { ...needsLogin, status: 'ready', state: 'ready', needsLogin: null } as const;
    const quota = { windows: [], observedAt: null, source: 'headers', lastError: null };
    expect(render({ ...ready, quota: { ...quota, credits: { hasCredits: true, unlimited: false, balance: '12.5' } } })).toContain('Credits: 12.5');
    expect(render({ ...ready, quota: { ...quota, credits: { hasCredits: false, unlimited: false, balance: '0' } } })).toContain('No credits');
    expect(render({ ...ready, quota })).not.toMatch(/[Cc]redits/);
  });
});

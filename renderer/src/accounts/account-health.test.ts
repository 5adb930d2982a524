import { describe, expect, it } from 'vitest';
import type { AccountList, AccountView, HealthAnswer } from '../admin-api';
import { attentionItems, overallStatus, readiness } from './account-health';

const account = (overrides: Partial<AccountView>): AccountView => ({
  id: 'a1',
  provider: 'anthropic',
  target: 'anthropic',
  email: 'me@example.com',
  label: null,
  plan: 'max',
  priority: 0,
  enabled: true,
  status: 'ready',
  state: 'ready',
  cooldownUntil: null,
  cooldownReason: null,
  needsLogin: null,
  quota: null,
  usage: { requests: 0, errors: 0, lastUsedAt: null, lastError: null },
  ...overrides,
});

const list = (accounts: AccountView[], invalid: AccountList['invalid'] = []): AccountList => ({ accounts, invalid });
const health: HealthAnswer = { status: 'ok', version: '0.1.0', providers: { anthropic: { accounts: 2, usable: 2 } } };
const now = Date.UTC(2026, 0, 1);

const needsLogin = account({ id: 'login', status: 'needs_login', state: 'needs login: run `switchboard login anthropic`' });
const cooling = account({ id: 'cool', status: 'cooling', state: 'cooling until 14:05: 5-hour limit' });
const disabled = account({ id: 'off', status: 'disabled', state: 'disabled', enabled: false });
const broken = { path: '/auth/anthropic-broken.json', problem: 'not JSON: Unexpected end of JSON input' };

describe('attentionItems', () => {
  it('lists accounts needing a login or cooling down, and windows above 90 %', () => {
    const items = attentionItems(
      list([
        account({ id: 'ok' }),
        needsLogin,
        cooling,
        account({ id: 'full', quota: { windows: [{ name: '7d', label: 'Weekly', usedPercent: 95, resetsAt: now + 3_600_000 }], observedAt: null, source: null, lastError: null } }),
        account({ id: 'fine', quota: { windows: [{ name: '5h', label: '5-hour', usedPercent: 90, resetsAt: null }], observedAt: null, source: null, lastError: null } }),
      ]),
      now,
    );
    expect(items.map((item) => item.key)).toEqual(['login:state', 'cool:state', 'full:7d']);
    expect(items[2]?.text).toContain('Weekly at 95 %, resets in 1 h');
  });

  it('says when no account of a provider can serve, also when they are only disabled', () => {
    const items = attentionItems(list([disabled, account({ id: 'off2', status: 'disabled', state: 'disabled' })]), now);
    expect(items).toEqual([{ key: 'anthropic:none-ready', text: 'No anthropic account can serve requests now (0 of 2 accounts ready: 2 disabled).' }]);
    expect(attentionItems(list([needsLogin, cooling, disabled]), now)[0]?.text).toBe(
      'No anthropic account can serve requests now (0 of 3 accounts ready: 1 need a login, 1 cooling down, 1 disabled).',
    );
  });

  it('names each provider as the catalog does', () => {
    const nameOf = (id: string) => (id === 'anthropic' ? 'Claude' : id);
    expect(attentionItems(list([disabled]), now, nameOf)[0]?.text).toBe('No Claude account can serve requests now (0 of 1 account ready: 1 disabled).');
    expect(attentionItems(list([account({}), needsLogin]), now, nameOf).map((item) => item.text)).toEqual([`me@example.com (Claude): ${needsLogin.state}`]);
  });

  it('names every account file that could not be read, with its problem', () => {
    const items = attentionItems(list([account({})], [broken]), now);
    expect(items).toEqual([{ key: `file:${broken.path}`, text: `An account file could not be read: ${broken.path} (${broken.problem}).` }]);
  });
});

describe('overallStatus', () => {
  it('is OK only when an account can serve and nothing needs attention', () => {
    expect(overallStatus(health, list([account({}), account({ id: 'a2' })]), now)).toEqual({ tone: 'ok', label: 'OK' });
  });

  it('is "Not serving" when no account is ready, whatever the reason', () => {
    expect(overallStatus(health, list([needsLogin, disabled]), now)).toEqual({ tone: 'bad', label: 'Not serving' });
    expect(overallStatus(health, list([cooling]), now)).toEqual({ tone: 'bad', label: 'Not serving' });
    expect(overallStatus(health, list([], [broken]), now)).toEqual({ tone: 'bad', label: 'Not serving' });
  });

  it('needs attention for an unreadable file or an account that cannot serve beside ready ones', () => {
    expect(overallStatus(health, list([account({})], [broken]), now)).toEqual({ tone: 'warn', label: 'Needs attention' });
    expect(overallStatus(health, list([account({}), needsLogin]), now)).toEqual({ tone: 'warn', label: 'Needs attention' });
  });

  it('waits for the accounts, and says when there is none yet or the proxy is not well', () => {
    expect(overallStatus(health, null, now)).toBeNull();
    expect(overallStatus(health, list([]), now)).toEqual({ tone: 'warn', label: 'No account yet' });
    expect(overallStatus({ ...health, status: 'degraded' }, list([account({})]), now)).toEqual({ tone: 'warn', label: 'degraded' });
  });
});

describe('readiness', () => {
  it('counts the accounts ready now per provider', () => {
    expect(readiness(health, [account({}), needsLogin])).toEqual([{ provider: 'anthropic', text: '1 of 2 accounts ready now' }]);
    expect(readiness(health, [])).toEqual([{ provider: 'anthropic', text: null }]);
    expect(readiness(health, null)).toEqual([{ provider: 'anthropic', text: '2 of 2 accounts usable' }]);
  });

  it('counts an API key under its own target, as /health names it', () => {
    const withKey: HealthAnswer = { ...health, providers: { anthropic: { accounts: 0, usable: 0 }, 'openai-key:personal': { accounts: 1, usable: 1 } } };
    const key = account({ id: 'openai-key-personal', provider: 'openai-key', target: 'openai-key:personal', email: null });
    expect(readiness(withKey, [key])).toEqual([
      { provider: 'anthropic', text: null },
      { provider: 'openai-key:personal', text: '1 of 1 account ready now' },
    ]);
  });
});

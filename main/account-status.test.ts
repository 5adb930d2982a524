import { describe, expect, it } from 'vitest';
import { AccountStatusError, accountsNeedingLogin, busiestWindow, fetchAccountStatus, type AccountStatus } from './account-status.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

/** One account as GET /admin/accounts answers it (proxy/http/routes/admin.ts accountView), with extra fields. */
function adminAccount(overrides: Record<string, unknown> = {}) {
  return {
    id: 'anthropic-me-example-com',
    provider: 'anthropic',
    email: 'me@example.com',
    label: null,
    plan: 'max',
    priority: 0,
    enabled: true,
    state: 'ready',
    cooldownUntil: null,
    cooldownReason: null,
    needsLogin: null,
    quota: {
      windows: [
        { name: 'five_hour', label: '5-hour limit', usedPercent: 40, resetsAt: '2026-03-01T14:00:00Z' },
        { name: 'seven_day', label: 'weekly limit', usedPercent: 72, resetsAt: '2026-03-05T00:00:00Z' },
      ],
      observedAt: '2026-03-01T11:59:00Z',
      source: 'headers',
      lastError: null,
    },
    usage: { requests: 3, errors: 0, lastUsedAt: null, lastError: null },
    ...overrides,
  };
}

function answering(status: number, body: unknown) {
  const calls: { url: string; auth: string | null }[] = [];
  const fetchImpl = (async (input: URL | string, init?: RequestInit) => {
    calls.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

describe('fetchAccountStatus', () => {
  it('asks the admin API with the owner key and keeps what the shell needs', async () => {
    const { fetchImpl, calls } = answering(200, { accounts: [adminAccount()] });
    const accounts = await fetchAccountStatus('http://127.0.0.1:8317', 'sk-sb-owner', fetchImpl);
    expect(calls).toEqual([{ url: 'http://127.0.0.1:8317/admin/accounts', auth: 'Bearer sk-sb-owner' }]);
    expect(accounts).toEqual([
      {
        id: 'anthropic-me-example-com',
        provider: 'anthropic',
        name: 'me@example.com',
        enabled: true,
        needsLogin: null,
        windows: [
          { name: 'five_hour', label: '5-hour limit', usedPercent: 40, resetsAt: Date.parse('2026-03-01T14:00:00Z') },
          { name: 'seven_day', label: 'weekly limit', usedPercent: 72, resetsAt: Date.parse('2026-03-05T00:00:00Z') },
        ],
      },
    ]);
  });

  it('reads "needs login" from its field', async () => {
    const { fetchImpl } = answering(200, {
      accounts: [
        adminAccount({ id: 'a', needsLogin: 'the refresh token was refused', state: 'needs login: the refresh token was refused' }),
        adminAccount({ id: 'b', needsLogin: 'the token expired and there is no refresh token', state: 'needs login: the token expired and there is no refresh token', quota: null, label: 'Work' }),
      ],
    });
    const [a, b] = await fetchAccountStatus('http://127.0.0.1:8317', 'k', fetchImpl);
    expect(a?.needsLogin).toBe('the refresh token was refused');
    expect(b).toMatchObject({ name: 'Work', needsLogin: 'the token expired and there is no refresh token', windows: [] });
  });

  it('says when the key was refused, and refuses answers of the wrong shape', async () => {
    await expect(fetchAccountStatus('http://127.0.0.1:8317', 'old', answering(401, { error: {} }).fetchImpl)).rejects.toThrow('the proxy refused the owner key (401)');
    await expect(fetchAccountStatus('http://127.0.0.1:8317', 'k', answering(500, {}).fetchImpl)).rejects.toThrow(/answered 500/);
    const wrongShape = fetchAccountStatus('http://127.0.0.1:8317', 'k', answering(200, { accounts: [{ id: 1 }] }).fetchImpl);
    await expect(wrongShape).rejects.toBeInstanceOf(AccountStatusError);
    await expect(wrongShape).rejects.toThrow(/unexpected shape/);
  });
});

function account(id: string, windows: [string, number, number | null][], extra: Partial<AccountStatus> = {}): AccountStatus {
  return {
    id,
    provider: 'anthropic',
    name: id,
    enabled: true,
    needsLogin: null,
    windows: windows.map(([name, usedPercent, resetsAt]) => ({ name, label: name, usedPercent, resetsAt })),
    ...extra,
  };
}

describe('busiestWindow', () => {
  it('finds the fullest window over the enabled accounts', () => {
    const accounts = [
      account('a', [['five_hour', 40, NOW + 1000], ['seven_day', 72, NOW + 5000]]),
      account('b', [['five_hour', 95, NOW + 1000]], { enabled: false }),
      account('c', [['five_hour', 81, null]]),
    ];
    expect(busiestWindow(accounts, NOW)).toMatchObject({ account: { id: 'c' }, window: { name: 'five_hour', usedPercent: 81 } });
  });

  it('skips windows that have already reset and is null when nothing is known', () => {
    expect(busiestWindow([account('a', [['five_hour', 99, NOW - 1]])], NOW)).toBeNull();
    expect(busiestWindow([], NOW)).toBeNull();
  });
});

describe('accountsNeedingLogin', () => {
  it('lists enabled accounts that need a login', () => {
    const accounts = [account('a', [], { needsLogin: 'refused' }), account('b', [], { needsLogin: 'refused', enabled: false }), account('c', [])];
    expect(accountsNeedingLogin(accounts).map((entry) => entry.id)).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import type { AccountView } from '../admin-api';
import { accountExplanation, lastErrorToShow, STATUS_BADGE } from './account-explanation';

const account = (overrides: Partial<AccountView>): AccountView => ({
  id: 'anthropic-alice@example.com',
  provider: 'anthropic',
  target: 'anthropic',
  email: 'alice@example.com',
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
  usage: { requests: 34, errors: 10, lastUsedAt: null, lastError: null },
  ...overrides,
});

// As the admin API answers for an account whose refresh token Anthropic refused (a new user's screenshot 31).
const REASON = 'the refresh token was refused — run `switchboard login anthropic`';
const needsLogin = account({
  status: 'needs_login',
  state: `needs login: ${REASON}`,
  needsLogin: REASON,
  usage: { requests: 34, errors: 10, lastUsedAt: null, lastError: `an account needs a new login: ${REASON} — account anthropic-alice@example.com` },
});

describe('an account card’s badge and explanation', () => {
  it('keeps the badge to a word or two', () => {
    expect(STATUS_BADGE[needsLogin.status]).toBe('needs login');
    for (const words of Object.values(STATUS_BADGE)) expect(words.split(' ').length).toBeLessThanOrEqual(2);
  });

  it('explains a needed login once, with the command for CLI users and the button', () => {
    expect(accountExplanation(needsLogin)).toEqual({ tone: 'error', text: 'The refresh token was refused — run `switchboard login anthropic`, or press “Log in again”.' });
  });

  it('adds the command when the reason names none', () => {
    const expired = account({ status: 'needs_login', state: 'needs login: the token expired and there is no refresh token', needsLogin: 'the token expired and there is no refresh token' });
    expect(accountExplanation(expired)?.text).toBe('The token expired and there is no refresh token — run `switchboard login anthropic`, or press “Log in again”.');
  });

  it('says until when a cooling account waits, and what a ready one’s token does', () => {
    expect(accountExplanation(account({ status: 'cooling', state: 'cooling until 14:05: 5-hour limit' }))).toEqual({ tone: 'warn', text: 'Cooling until 14:05: 5-hour limit.' });
    expect(accountExplanation(account({ state: 'ready (token valid until 15:05)' }))).toEqual({ tone: 'note', text: 'Token valid until 15:05.' });
    expect(accountExplanation(account({}))).toBeNull();
    expect(accountExplanation(account({ status: 'disabled', state: 'disabled', enabled: false }))).toBeNull();
  });
});

describe('lastErrorToShow', () => {
  it('leaves out a last error that says again why the account needs a login', () => {
    expect(lastErrorToShow(needsLogin)).toBeNull();
  });

  it('leaves out the reason a cooling account cools down, said in its explanation', () => {
    const cooling = account({ status: 'cooling', state: 'cooling until 14:05: rate limited (429)', cooldownReason: 'rate limited (429)', usage: { requests: 1, errors: 1, lastUsedAt: null, lastError: 'rate limited (429)' } });
    expect(lastErrorToShow(cooling)).toBeNull();
  });

  it('shows a last error that says something else', () => {
    const other = 'Anthropic answered 500: overloaded';
    expect(lastErrorToShow({ ...needsLogin, usage: { ...needsLogin.usage, lastError: other } })).toBe(other);
    expect(lastErrorToShow(account({ usage: { requests: 1, errors: 1, lastUsedAt: null, lastError: other } }))).toBe(other);
    expect(lastErrorToShow(account({}))).toBeNull();
  });
});

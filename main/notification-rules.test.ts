import { describe, expect, it } from 'vitest';
import type { AccountStatus } from './account-status.js';
import type { DesktopProvider } from './desktop-providers.js';
import { decideAccountNotices, describeReset, type SentNotices } from './notification-rules.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 60 * 60 * 1000;

const providers: DesktopProvider[] = [
  {
    id: 'anthropic',
    name: 'Claude',
    logins: [
      { id: 'import-claude-code', label: 'Import from Claude Code', kind: 'import' },
      { id: 'oauth', label: 'Log in to Claude…', kind: 'oauth-window' },
    ],
  },
];

function account(overrides: Partial<AccountStatus> = {}): AccountStatus {
  return { id: 'me', provider: 'anthropic', name: 'me@example.com', enabled: true, needsLogin: null, windows: [], ...overrides };
}

function weekly(usedPercent: number, resetsAt: number | null = NOW + 50 * HOUR) {
  return { name: 'seven_day', label: 'weekly limit', usedPercent, resetsAt };
}

/** Runs the rules over a sequence of polls, carrying the memory along; answers the keys notified at each. */
function run(polls: { accounts: AccountStatus[]; at: number }[], sent: SentNotices = {}): string[][] {
  let memory = sent;
  return polls.map(({ accounts, at }) => {
    const decision = decideAccountNotices(accounts, memory, at, providers);
    memory = decision.sent;
    return decision.notices.map((notice) => notice.key);
  });
}

describe('decideAccountNotices: needs login', () => {
  it('announces an account that needs a login once, with the provider\'s in-app login as the action', () => {
    const needs = account({ needsLogin: 'the refresh token was refused' });
    const first = decideAccountNotices([needs], {}, NOW, providers);
    expect(first.notices).toEqual([
      {
        key: 'needs-login:me',
        title: 'Claude account needs a new login',
        body: 'me@example.com: the refresh token was refused. Click to log in again.',
        action: { type: 'login', providerId: 'anthropic', methodId: 'oauth' },
      },
    ]);
    expect(decideAccountNotices([needs], first.sent, NOW + HOUR, providers).notices).toEqual([]);
  });

  it('announces it again only after it was fixed and broke again', () => {
    const broken = account({ needsLogin: 'refused' });
    const fixed = account();
    expect(run([
      { accounts: [broken], at: NOW },
      { accounts: [broken], at: NOW + 1 },
      { accounts: [fixed], at: NOW + 2 },
      { accounts: [broken], at: NOW + 3 },
    ])).toEqual([['needs-login:me'], [], [], ['needs-login:me']]);
  });

  it('says nothing about disabled accounts, and opens the dashboard for a provider without an app login', () => {
    expect(decideAccountNotices([account({ needsLogin: 'x', enabled: false })], {}, NOW, providers).notices).toEqual([]);
    const other = decideAccountNotices([account({ provider: 'cursor', needsLogin: 'x' })], {}, NOW, providers).notices[0];
    expect(other).toMatchObject({ title: 'cursor account needs a new login', action: { type: 'open-dashboard' } });
  });
});

describe('decideAccountNotices: quota windows', () => {
  it('announces a window above 90 % once per period, with the reset time', () => {
    const hot = account({ windows: [weekly(93)] });
    const decision = decideAccountNotices([hot], {}, NOW, providers);
    expect(decision.notices).toEqual([
      {
        key: 'quota:me:seven_day',
        title: 'Claude: weekly limit at 93 %',
        body: 'me@example.com, resets in 2 days.',
        action: { type: 'open-dashboard' },
      },
    ]);
    expect(decision.sent).toEqual({ 'quota:me:seven_day': NOW + 50 * HOUR });
    expect(run([
      { accounts: [account({ windows: [weekly(95)] })], at: NOW + HOUR },
      { accounts: [account({ windows: [weekly(99)] })], at: NOW + 2 * HOUR },
    ], decision.sent)).toEqual([[], []]);
  });

  it('does not announce 90 % or less', () => {
    expect(decideAccountNotices([account({ windows: [weekly(90)] })], {}, NOW, providers).notices).toEqual([]);
  });

  it('announces again in the next period, but not for the old period\'s stale numbers', () => {
    const reset = NOW + 2 * HOUR;
    const nextReset = reset + 5 * HOUR;
    expect(run([
      { accounts: [account({ windows: [{ ...weekly(95, reset), name: 'five_hour', label: '5-hour limit' }] })], at: NOW },
      // After the reset the tracker may still hold the old window: it is stale, not news.
      { accounts: [account({ windows: [{ ...weekly(95, reset), name: 'five_hour', label: '5-hour limit' }] })], at: reset + 1 },
      { accounts: [account({ windows: [{ ...weekly(92, nextReset), name: 'five_hour', label: '5-hour limit' }] })], at: reset + HOUR },
    ])).toEqual([['quota:me:five_hour'], [], ['quota:me:five_hour']]);
  });

  it('treats reset times a few minutes apart as the same period', () => {
    const first = decideAccountNotices([account({ windows: [weekly(95, NOW + HOUR)] })], {}, NOW, providers);
    const later = NOW + HOUR + 60_000; // past the first reset time, but the window says it resets 10 min later
    expect(decideAccountNotices([account({ windows: [weekly(96, NOW + HOUR + 10 * 60_000)] })], first.sent, later, providers).notices).toEqual([]);
  });

  it('re-arms when the window drops below 80 %, not when it hovers around 90 %', () => {
    const at = (usedPercent: number, step: number) => ({ accounts: [account({ windows: [weekly(usedPercent)] })], at: NOW + step });
    expect(run([at(91, 0), at(89, 1), at(91, 2), at(50, 3), at(91, 4)])).toEqual([['quota:me:seven_day'], [], [], [], ['quota:me:seven_day']]);
  });

  it('keeps a window without a reset time quiet for six hours', () => {
    const noReset = (step: number) => ({ accounts: [account({ windows: [weekly(95, null)] })], at: NOW + step });
    expect(run([noReset(0), noReset(5 * HOUR), noReset(6 * HOUR + 1)])).toEqual([['quota:me:seven_day'], [], ['quota:me:seven_day']]);
  });

  it('forgets accounts that are gone, so the memory stays small', () => {
    const first = decideAccountNotices([account({ needsLogin: 'x', windows: [weekly(95)] })], {}, NOW, providers);
    expect(Object.keys(first.sent).sort()).toEqual(['needs-login:me', 'quota:me:seven_day']);
    expect(decideAccountNotices([], first.sent, NOW + 1, providers).sent).toEqual({});
  });
});

describe('describeReset', () => {
  it('words the time left', () => {
    expect(describeReset({ resetsAt: null }, NOW)).toBe('');
    expect(describeReset({ resetsAt: NOW + 5 * 60_000 }, NOW)).toBe(', resets in 5 min');
    expect(describeReset({ resetsAt: NOW + 2 * HOUR + 10 * 60_000 }, NOW)).toBe(', resets in 2 h 10 min');
    expect(describeReset({ resetsAt: NOW + 3 * HOUR }, NOW)).toBe(', resets in 3 h');
    expect(describeReset({ resetsAt: NOW + 72 * HOUR }, NOW)).toBe(', resets in 3 days');
  });
});

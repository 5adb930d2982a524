import { describe, expect, it } from 'vitest';
import { describeLoginOutcome } from './desktop-logins';

describe('describeLoginOutcome', () => {
  it('names the added account and passes on what the app says', () => {
    expect(describeLoginOutcome('Claude', { status: 'done', accountId: 'anthropic-me', account: 'me@example.com', message: null })).toEqual({
      ok: true,
      text: 'Added me@example.com. It serves requests from now on.',
    });
    expect(describeLoginOutcome('Claude', { status: 'done', accountId: null, message: 'Both tools now share one login.' }).text).toBe('Added the Claude account. Both tools now share one login.');
  });

  it('says a closed window cancelled the login, and shows a failure as it is', () => {
    expect(describeLoginOutcome('Claude', { status: 'cancelled' })).toEqual({ ok: true, text: 'Login cancelled: the window was closed.' });
    expect(describeLoginOutcome('Claude', { status: 'failed', message: 'The state does not match.' })).toEqual({ ok: false, text: 'The state does not match.' });
  });
});

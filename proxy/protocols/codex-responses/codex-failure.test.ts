import { describe, expect, it } from 'vitest';
import { classifyCodexFailure } from './codex-failure.js';

const NOW = Date.parse('2026-12-06T08:00:00Z');
const classify = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  classifyCodexFailure(status, new Headers(headers), typeof body === 'string' ? body : JSON.stringify(body), { versionGateFix: 'raise the client version', now: NOW });

describe('the Codex backend\'s errors for the account (PROTOCOLS.md §2 table)', () => {
  it('cools a used-up window until resets_at, and a burst only for seconds', () => {
    const resetsAt = NOW / 1000 + 7200;
    expect(classify(429, { error: { type: 'usage_limit_reached', message: 'The usage limit has been reached', resets_at: resetsAt } })).toEqual({ class: 'rate_limit', retryAt: new Date(resetsAt * 1000), reason: 'ChatGPT usage limit reached' });
    expect(classify(429, { error: { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again in 2s.' } }).retryAt).toEqual(new Date(NOW + 2000));
    expect(classify(429, { error: { code: 'rate_limit_exceeded', message: 'Please try again in 300ms.' } }).retryAt).toEqual(new Date(NOW + 300));
    // A plain 429 while a window is at 100 % is the window, not a burst.
    expect(classify(429, { error: { message: 'slow down' } }, { 'x-codex-secondary-used-percent': '100', 'x-codex-secondary-reset-at': String(resetsAt) }).retryAt).toEqual(new Date(resetsAt * 1000));
  });

  it('names the version gate with its fix, and plan gating, as the request\'s problem, not the account\'s', () => {
    const gate = classify(400, { detail: "The 'gpt-6' model requires a newer version of Codex. Please upgrade." });
    expect(gate.class).toBe('bad_request');
    expect(gate.reason).toMatch(/requires a newer version of Codex.*raise the client version/);
    // The same once put in the OpenAI shape for a client.
    expect(classify(400, { error: { message: "The 'gpt-6' model requires a newer version of Codex." } }).reason).toMatch(/raise the client version/);
    expect(classify(400, { detail: "The 'x' model is not supported when using Codex with a ChatGPT account." }).class).toBe('bad_request');
    expect(classify(400, { error: { code: 'context_length_exceeded', message: 'too long' } }).class).toBe('bad_request');
  });

  it('fails over on overload and a deactivated workspace; refreshes on 401; plan without the model is a permission', () => {
    expect(classify(200, { error: { code: 'server_is_overloaded', message: 'Our servers are currently overloaded.' } }).class).toBe('overloaded');
    expect(classify(503, { error: { type: 'service_unavailable_error', message: 'x' } }).class).toBe('overloaded');
    expect(classify(402, { detail: { code: 'deactivated_workspace' } })).toMatchObject({ class: 'quota_exhausted', reason: 'the ChatGPT workspace was deactivated' });
    expect(classify(401, { error: { code: 'token_invalidated', message: 'x' } })).toMatchObject({ class: 'auth', reason: 'OpenAI ended this login (token invalidated)' });
    expect(classify(403, { error: { code: 'usage_not_included', message: 'x' } }).class).toBe('permission');
    expect(classify(403, '<html><body>Just a moment...</body></html>').reason).toMatch(/Cloudflare/);
  });
});

import { describe, expect, it } from 'vitest';
import { buildUpstreamHeaders, mergeBetas } from './upstream-headers.js';

describe('mergeBetas', () => {
  it("keeps the client's betas first and adds the required ones once", () => {
    expect(mergeBetas('claude-code-20250219, interleaved-thinking-2025-05-14', ['oauth-2025-04-20'])).toBe(
      'claude-code-20250219,interleaved-thinking-2025-05-14,oauth-2025-04-20',
    );
    expect(mergeBetas(['a,b', 'oauth-2025-04-20'], ['oauth-2025-04-20', 'c'])).toBe('a,b,oauth-2025-04-20,c');
    expect(mergeBetas(undefined, ['oauth-2025-04-20'])).toBe('oauth-2025-04-20');
  });
});

describe('buildUpstreamHeaders', () => {
  const client = {
    host: '127.0.0.1:8317',
    authorization: 'Bearer sk-sb-client-key',
    'x-api-key': 'sk-sb-client-key',
    'anthropic-version': '2023-06-01',
    'anthropic-beta': 'context-1m-2025-08-07',
    'user-agent': 'claude-cli/2.1.330 (external, cli)',
    'x-app': 'cli',
    'x-stainless-os': 'Linux',
    'content-length': '123',
    'accept-encoding': 'gzip',
    'x-custom': 'kept',
  };

  it("replaces the client's credentials with the account's token and forwards the rest", () => {
    const headers = buildUpstreamHeaders(client, { credentialHeaders: { authorization: 'Bearer sk-ant-oat01-abc', 'anthropic-beta': 'oauth-2025-04-20' }, betas: [], clientIdentity: null });
    expect(headers.get('authorization')).toBe('Bearer sk-ant-oat01-abc');
    expect(headers.has('x-api-key')).toBe(false);
    expect(headers.has('host')).toBe(false);
    expect(headers.has('content-length')).toBe(false);
    expect(headers.get('anthropic-beta')).toBe('context-1m-2025-08-07,oauth-2025-04-20');
    expect(headers.get('user-agent')).toBe('claude-cli/2.1.330 (external, cli)');
    expect(headers.get('x-stainless-os')).toBe('Linux');
    expect(headers.get('x-custom')).toBe('kept');
  });

  it('lets the profile replace the user agent and the x-stainless headers', () => {
    const headers = buildUpstreamHeaders(
      { ...client, 'user-agent': 'OpenAI/JS 7.57', 'x-stainless-lang': 'python' },
      { credentialHeaders: { authorization: 'Bearer t' }, betas: [], clientIdentity: { 'user-agent': 'claude-cli/9.9.9 (external, cli)', 'x-stainless-lang': 'js' } },
    );
    expect(headers.get('user-agent')).toBe('claude-cli/9.9.9 (external, cli)');
    expect(headers.get('x-stainless-lang')).toBe('js');
    expect(headers.has('x-stainless-os')).toBe(false);
  });

  it('forwards no hop-by-hop header: connection-specific ones, expect, proxy-*, and those Connection names', () => {
    const headers = buildUpstreamHeaders(
      { ...client, connection: 'keep-alive, x-next-hop', 'x-next-hop': '1', 'keep-alive': 'timeout=5', expect: '100-continue', te: 'trailers', upgrade: 'h2c', 'proxy-authorization': 'Basic eA==' },
      { credentialHeaders: { authorization: 'Bearer t' }, betas: [], clientIdentity: null },
    );
    for (const name of ['connection', 'x-next-hop', 'keep-alive', 'expect', 'te', 'upgrade', 'proxy-authorization']) expect(headers.has(name), name).toBe(false);
    expect(headers.get('x-custom')).toBe('kept');
  });

  it('defaults anthropic-version and accept', () => {
    const headers = buildUpstreamHeaders({}, { credentialHeaders: { 'x-api-key': 'sk-ant-api03-k' }, betas: [], clientIdentity: null });
    expect(headers.get('anthropic-version')).toBe('2023-06-01');
    expect(headers.get('accept')).toBe('application/json');
  });

  it("sends a static API key as the credential gives it, with no Authorization and no empty beta list", () => {
    const headers = buildUpstreamHeaders(client, { credentialHeaders: { 'x-api-key': 'sk-ant-api03-k' }, betas: [], clientIdentity: null });
    expect(headers.get('x-api-key')).toBe('sk-ant-api03-k');
    expect(headers.has('authorization')).toBe(false);
    expect(headers.get('anthropic-beta')).toBe('context-1m-2025-08-07');
    expect(buildUpstreamHeaders({}, { credentialHeaders: { 'x-api-key': 'k' }, betas: [], clientIdentity: null }).has('anthropic-beta')).toBe(false);
  });
});

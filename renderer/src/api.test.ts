import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorMessage, fetchHealth, fetchModels, parseHealth, parseModels } from './api';

describe('parseHealth', () => {
  it('reads the proxy health answer', () => {
    expect(parseHealth({ status: 'ok', version: '0.1.0', uptime_seconds: 3, providers: { anthropic: { accounts: 2, usable: 1 } } })).toEqual({
      version: '0.1.0',
      providers: { anthropic: { accounts: 2, usable: 1 } },
    });
  });

  it('tolerates missing or odd fields and refuses what is not a health answer', () => {
    expect(parseHealth({ status: 'ok' })).toEqual({ version: null, providers: {} });
    expect(parseHealth({ status: 'ok', providers: { x: { accounts: -1, usable: 'two' }, y: 3 } })).toEqual({ version: null, providers: { x: { accounts: 0, usable: 0 } } });
    expect(parseHealth({ status: 'down' })).toBeNull();
    expect(parseHealth('<html>')).toBeNull();
    expect(parseHealth(null)).toBeNull();
  });
});

describe('parseModels', () => {
  it('reads both list shapes', () => {
    expect(
      parseModels({
        object: 'list',
        data: [
          { id: 'claude-opus-4-7', object: 'model', type: 'model', display_name: 'Claude Opus 4.7', owned_by: 'anthropic' },
          { id: 'plain' },
          { id: 7 },
        ],
      }),
    ).toEqual([
      { id: 'claude-opus-4-7', name: 'Claude Opus 4.7', provider: 'anthropic' },
      { id: 'plain', name: null, provider: null },
    ]);
    expect(parseModels({ data: [] })).toEqual([]);
    expect(parseModels({ models: [] })).toBeNull();
  });
});

describe('errorMessage', () => {
  it('finds the message in the OpenAI and Anthropic error shapes', () => {
    expect(errorMessage({ error: { message: 'invalid API key', type: 'invalid_request_error' } })).toBe('invalid API key');
    expect(errorMessage({ type: 'error', error: { type: 'authentication_error', message: 'missing API key' } })).toBe('missing API key');
    expect(errorMessage({})).toBeNull();
  });
});

describe('fetchHealth and fetchModels', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends the key as a bearer token and says when it is refused', async () => {
    const fetchMock = vi.fn(async (_path: string, _init?: RequestInit) => Response.json({ type: 'error', error: { message: 'invalid API key: it is not a key of this Switchboard' } }, { status: 401 }));
    vi.stubGlobal('fetch', fetchMock);
    const result = await fetchModels('sk-sb-abc');
    expect(result).toEqual({ ok: false, error: 'The API key was not accepted: invalid API key: it is not a key of this Switchboard.' });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/v1/models');
    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get('authorization')).toBe('Bearer sk-sb-abc');
  });

  it('words a proxy that cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await fetchHealth()).toEqual({ ok: false, error: 'Cannot reach the proxy. Is it running?' });
  });

  it('returns the parsed health', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ status: 'ok', version: '0.1.0', providers: { anthropic: { accounts: 0, usable: 0 } } }));
    expect(await fetchHealth()).toEqual({ ok: true, value: { version: '0.1.0', providers: { anthropic: { accounts: 0, usable: 0 } } } });
  });
});

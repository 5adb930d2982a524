import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicStandIn, type AnthropicStandIn } from '../../../e2e/stand-ins/anthropic-api.js';
import { TokenRegistry } from '../../../e2e/stand-ins/token-registry.js';
import { claudeWindowReset, fetchUsage, parseUsageResponse, quotaFromUnifiedHeaders, rateLimitResetFromHeaders, UsageEndpointError } from './limits.js';

const NOW = new Date('2026-09-01T12:00:00.000Z');
const FIVE_HOUR_RESET = 1788274800; // 2026-09-01T15:00:00Z
const WEEKLY_RESET = 1788652800; // 2026-09-06T00:00:00Z
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** Headers as a Max subscription's 200 answer carries them. */
const allowedHeaders = () =>
  new Headers({
    'content-type': 'application/json',
    'request-id': 'req_011CSHx3w6SWHwJ7p2ZJdvFr',
    'anthropic-ratelimit-unified-status': 'allowed',
    'anthropic-ratelimit-unified-reset': String(FIVE_HOUR_RESET),
    'anthropic-ratelimit-unified-representative-claim': 'five_hour',
    'anthropic-ratelimit-unified-fallback-percentage': '0.5',
    'anthropic-ratelimit-unified-5h-status': 'allowed',
    'anthropic-ratelimit-unified-5h-utilization': '0.634',
    'anthropic-ratelimit-unified-5h-reset': String(FIVE_HOUR_RESET),
    'anthropic-ratelimit-unified-7d-status': 'allowed',
    'anthropic-ratelimit-unified-7d-utilization': '0.21',
    'anthropic-ratelimit-unified-7d-reset': String(WEEKLY_RESET),
    'anthropic-ratelimit-unified-overage-status': 'rejected',
    'anthropic-ratelimit-unified-overage-disabled-reason': 'org_level_disabled',
  });

describe('quotaFromUnifiedHeaders', () => {
  it('reads the 5-hour and weekly windows as percent with their resets', () => {
    expect(quotaFromUnifiedHeaders(allowedHeaders(), NOW)).toEqual({
      windows: [
        { name: 'five_hour', label: '5-hour limit', usedPercent: 63.4, resetsAt: iso(FIVE_HOUR_RESET) },
        { name: 'seven_day', label: 'weekly limit', usedPercent: 21, resetsAt: iso(WEEKLY_RESET) },
      ],
      source: 'headers',
      observedAt: NOW.toISOString(),
    });
  });

  it('adds the model-scoped weekly windows (either spelling) and extra usage when present', () => {
    const headers = allowedHeaders();
    headers.set('anthropic-ratelimit-unified-7d-sonnet-utilization', '0.0512');
    headers.set('anthropic-ratelimit-unified-7d-sonnet-reset', String(WEEKLY_RESET));
    headers.set('anthropic-ratelimit-unified-7d_opus-utilization', '1');
    headers.set('anthropic-ratelimit-unified-overage-utilization', '0.25');
    headers.set('anthropic-ratelimit-unified-overage-reset', '1790812800');
    const windows = quotaFromUnifiedHeaders(headers, NOW)?.windows ?? [];
    expect(windows.map((window) => [window.name, window.label, window.usedPercent, window.resetsAt])).toEqual([
      ['five_hour', '5-hour limit', 63.4, iso(FIVE_HOUR_RESET)],
      ['seven_day', 'weekly limit', 21, iso(WEEKLY_RESET)],
      ['seven_day_sonnet', 'weekly Sonnet limit', 5.1, iso(WEEKLY_RESET)],
      ['seven_day_opus', 'weekly Opus limit', 100, null],
      ['overage', 'extra usage', 25, iso(1790812800)],
    ]);
  });

  it('is null without unified headers, or when none of them is a window', () => {
    expect(quotaFromUnifiedHeaders(new Headers({ 'content-type': 'application/json' }), NOW)).toBeNull();
    expect(quotaFromUnifiedHeaders(new Headers({ 'anthropic-ratelimit-unified-status': 'allowed' }), NOW)).toBeNull();
    expect(quotaFromUnifiedHeaders(new Headers({ 'anthropic-ratelimit-unified-5h-utilization': 'n/a' }), NOW)).toBeNull();
  });
});

describe('rateLimitResetFromHeaders', () => {
  /** A 429 whose weekly window is spent while the 5-hour one is not. */
  const weeklyRejected = () => {
    const headers = allowedHeaders();
    headers.set('retry-after', '3600');
    headers.set('anthropic-ratelimit-unified-status', 'rejected');
    headers.set('anthropic-ratelimit-unified-representative-claim', 'seven_day');
    headers.set('anthropic-ratelimit-unified-reset', String(WEEKLY_RESET));
    headers.set('anthropic-ratelimit-unified-7d-status', 'rejected');
    headers.set('anthropic-ratelimit-unified-7d-utilization', '1.0');
    return headers;
  };

  it("gives the representative claim's own reset", () => {
    expect(rateLimitResetFromHeaders(weeklyRejected())).toEqual({ resetsAt: new Date(WEEKLY_RESET * 1000), window: 'seven_day' });
  });

  it('falls back to the unified reset when the claimed window has no reset of its own', () => {
    const headers = weeklyRejected();
    headers.set('anthropic-ratelimit-unified-representative-claim', 'seven_day_opus');
    expect(rateLimitResetFromHeaders(headers)).toEqual({ resetsAt: new Date(WEEKLY_RESET * 1000), window: 'seven_day_opus' });
  });

  it('without a claim, takes the window whose own status is rejected', () => {
    const headers = weeklyRejected();
    headers.delete('anthropic-ratelimit-unified-representative-claim');
    headers.delete('anthropic-ratelimit-unified-reset');
    expect(rateLimitResetFromHeaders(headers)).toEqual({ resetsAt: new Date(WEEKLY_RESET * 1000), window: 'seven_day' });
  });

  it('names the window in words for the cooldown (the window hook Claude gives the Anthropic protocol)', () => {
    expect(claudeWindowReset(weeklyRejected())).toEqual({ resetsAt: new Date(WEEKLY_RESET * 1000), reason: 'weekly limit' });
    const headers = weeklyRejected();
    headers.set('anthropic-ratelimit-unified-representative-claim', 'ten_day');
    expect(claudeWindowReset(headers)?.reason).toBe('ten_day limit');
    expect(claudeWindowReset(allowedHeaders())).toBeNull();
  });

  it('is null unless the request was rejected, or when no reset is given', () => {
    expect(rateLimitResetFromHeaders(allowedHeaders())).toBeNull();
    expect(rateLimitResetFromHeaders(new Headers({ 'anthropic-ratelimit-unified-status': 'allowed_warning' }))).toBeNull();
    expect(rateLimitResetFromHeaders(new Headers({ 'anthropic-ratelimit-unified-status': 'rejected' }))).toBeNull();
  });
});

describe('parseUsageResponse', () => {
  it('reads the classic body in percent, skipping null windows', () => {
    const snapshot = parseUsageResponse(
      {
        five_hour: { utilization: 19.0, resets_at: '2026-09-01T15:00:00.288792+00:00' },
        seven_day: { utilization: 7.0, resets_at: '2026-09-06T00:00:00.288804+00:00' },
        seven_day_oauth_apps: null,
        seven_day_opus: null,
        seven_day_sonnet: { utilization: 3.0, resets_at: null },
        extra_usage: { is_enabled: false, monthly_limit: null, used_credits: null, utilization: null },
      },
      NOW,
    );
    expect(snapshot).toEqual({
      windows: [
        { name: 'five_hour', label: '5-hour limit', usedPercent: 19, resetsAt: '2026-09-01T15:00:00.288Z' },
        { name: 'seven_day', label: 'weekly limit', usedPercent: 7, resetsAt: '2026-09-06T00:00:00.288Z' },
        { name: 'seven_day_sonnet', label: 'weekly Sonnet limit', usedPercent: 3, resetsAt: null },
      ],
      source: 'usage-endpoint',
      observedAt: NOW.toISOString(),
    });
  });

  it('reads a body in fractions (all ≤ 1, one fractional) as 0–1', () => {
    const snapshot = parseUsageResponse({ five_hour: { utilization: 0.42, resets_at: null }, seven_day: { utilization: 1, resets_at: null } }, NOW);
    expect(snapshot.windows.map((window) => window.usedPercent)).toEqual([42, 100]);
  });

  it('keeps whole numbers ≤ 1 in percent (1 means 1%)', () => {
    const snapshot = parseUsageResponse({ five_hour: { utilization: 1, resets_at: null }, seven_day: { utilization: 0, resets_at: null } }, NOW);
    expect(snapshot.windows.map((window) => window.usedPercent)).toEqual([1, 0]);
  });

  it('prefers limits[] and names its kinds like the classic windows', () => {
    const snapshot = parseUsageResponse(
      {
        five_hour: { utilization: 50.0, resets_at: '2026-09-01T15:00:00+00:00' },
        limits: [
          { kind: 'session', group: 'session', percent: 53, severity: 'normal', resets_at: '2026-09-01T15:00:00+00:00', scope: null, is_active: true },
          { kind: 'weekly_all', group: 'weekly', percent: 8, resets_at: '2026-09-06T00:00:00+00:00', scope: null },
          { kind: 'weekly_scoped', group: 'weekly', percent: '6.5', resets_at: '2026-09-06T00:00:00+00:00', scope: { model: { id: null, display_name: 'Sonnet' } } },
          { kind: 'weekly_scoped', group: 'weekly', percent: 12, resets_at: null, scope: { model: { id: null, display_name: 'Fable' }, surface: null } },
          { kind: 'monthly_special', percent: 85, resets_at: null },
          { kind: 'burst', percent: null, resets_at: null },
        ],
      },
      NOW,
    );
    expect(snapshot.windows.map((window) => [window.name, window.label, window.usedPercent, window.resetsAt])).toEqual([
      ['five_hour', '5-hour limit', 53, '2026-09-01T15:00:00.000Z'],
      ['seven_day', 'weekly limit', 8, '2026-09-06T00:00:00.000Z'],
      ['seven_day_sonnet', 'weekly Sonnet limit', 6.5, '2026-09-06T00:00:00.000Z'],
      ['seven_day_fable', 'weekly Fable limit', 12, null],
      ['monthly_special', 'monthly special limit', 85, null],
    ]);
  });

  it('falls back to the classic windows when limits[] is empty', () => {
    const snapshot = parseUsageResponse({ limits: [], five_hour: { utilization: 41, resets_at: null } }, NOW);
    expect(snapshot.windows.map((window) => window.name)).toEqual(['five_hour']);
  });

  it('accepts a body whose windows are all null (nothing used yet)', () => {
    expect(parseUsageResponse({ five_hour: null, seven_day: null, seven_day_opus: null, seven_day_sonnet: null }, NOW).windows).toEqual([]);
  });

  it.each([
    ['null', null],
    ['a string', 'rate limited'],
    ['an array', [{ utilization: 5 }]],
    ['an unrelated object', { type: 'error', error: { type: 'not_found_error', message: 'Not found' } }],
    ['a window of the wrong type', { five_hour: 'high' }],
    ['a limit without kind', { limits: [{ percent: 5 }] }],
  ])('throws a clear error for %s', (_name, body) => {
    expect(() => parseUsageResponse(body, NOW)).toThrow(/unexpected answer from Anthropic's usage endpoint/);
  });
});

describe('fetchUsage against the stand-in', () => {
  const tokens = new TokenRegistry();
  let api: AnthropicStandIn;
  beforeAll(async () => {
    api = await startAnthropicStandIn({ tokens });
  });
  afterAll(() => api.close());

  const read = (accessToken: string) => fetchUsage({ baseUrl: `${api.url}/`, accessToken, fetch, timeoutMs: 5000, now: () => NOW });

  it('reads the windows with the OAuth headers, without a model request', async () => {
    const { accessToken } = tokens.issue('usage@example.com');
    api.setUtilization(0.42, 0.1);
    const before = api.requests.length;
    const snapshot = await read(accessToken);
    expect(snapshot.source).toBe('usage-endpoint');
    expect(snapshot.observedAt).toBe(NOW.toISOString());
    expect(snapshot.windows.map((window) => [window.name, window.usedPercent])).toEqual([
      ['five_hour', 42],
      ['seven_day', 10],
      ['seven_day_sonnet', 0],
    ]);
    expect(snapshot.windows.every((window) => window.resetsAt !== null && Date.parse(window.resetsAt) > Date.now())).toBe(true);
    const sent = api.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'GET', path: '/api/oauth/usage' });
    expect(sent[0]!.headers).toMatchObject({
      authorization: `Bearer ${accessToken}`,
      'anthropic-beta': 'oauth-2025-04-20',
      'anthropic-version': '2023-06-01',
      accept: 'application/json',
    });
  });

  it('says the token was refused on 401', async () => {
    const error = await read('sk-ant-oat01-unknown').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageEndpointError);
    expect((error as UsageEndpointError).status).toBe(401);
    expect((error as Error).message).toMatch(/refused the access token.*401/);
  });

  it('names the status of any other failure', async () => {
    const answer = (status: number, body: string) => () => Promise.resolve(new Response(body, { status }));
    const failing = (status: number, body: string) => fetchUsage({ baseUrl: 'http://unused', accessToken: 't', fetch: answer(status, body), timeoutMs: 1000 });
    await expect(failing(429, '{"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}')).rejects.toThrow(/HTTP 429: Rate limited/);
    await expect(failing(503, '<html>down</html>')).rejects.toThrow(/HTTP 503/);
    await expect(failing(200, '<html>not json</html>')).rejects.toThrow(/not JSON/);
  });

  it('says when the endpoint cannot be reached', async () => {
    const unreachable = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }));
    await expect(fetchUsage({ baseUrl: 'http://127.0.0.1:9', accessToken: 't', fetch: unreachable, timeoutMs: 1000 })).rejects.toThrow(
      /could not read Anthropic's usage endpoint .*ECONNREFUSED/,
    );
  });
});

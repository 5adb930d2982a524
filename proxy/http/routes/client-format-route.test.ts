import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountPool } from '../../accounts/account-pool.js';
import { TokenStore } from '../../accounts/token-store.js';
import { validateConfig } from '../../config/load.js';
import { createAnthropicProvider } from '../../providers/anthropic/provider.js';
import type { Target } from '../../providers/provider.js';
import { ModelRouter } from '../../router/model-router.js';
import { anthropicFormat } from '../../wire/anthropic/anthropic-format.js';
import { errorHandler } from '../error-handler.js';
import { passthroughSpecs } from './passthrough-specs.js';
import { clientFormatRoute, passthroughOnlyRoute, type ClientRouteContext } from './client-format-route.js';

const frame = (payload: { type: string } & Record<string, unknown>) => `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
const UPSTREAM_MESSAGE = { id: 'msg_from_upstream', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 3, output_tokens: 2 } };
const UPSTREAM_STREAM = [
  frame({ type: 'message_start', message: { ...UPSTREAM_MESSAGE, content: [], stop_reason: null } }),
  frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } }),
  frame({ type: 'content_block_stop', index: 0 }),
  frame({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }),
  frame({ type: 'message_stop' }),
].join('');

/**
 * The upstream as Anthropic answers: a whole message when the request does not stream, else the event stream.
 * It notes whether each request asked for a stream (the IR path always streams upstream).
 */
function anthropicUpstream(asked: boolean[]): typeof fetch {
  return async (_url, init) => {
    const streams = (JSON.parse(String(init?.body ?? '{}')) as { stream?: boolean }).stream === true;
    asked.push(streams);
    return streams
      ? new Response(UPSTREAM_STREAM, { headers: { 'content-type': 'text/event-stream' } })
      : new Response(JSON.stringify(UPSTREAM_MESSAGE), { headers: { 'content-type': 'application/json' } });
  };
}

describe('one route per client format', () => {
  let home: string;
  let server: Server | null = null;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sb-client-route-'));
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(home, { recursive: true, force: true });
  });

  /** The /v1/messages route over one Claude account, with the target's protocol declaring `nativeFormats`. */
  const messagesRoute = (nativeFormats: Target['protocol']['nativeFormats'], asked: boolean[]) =>
    routeOverClaude({ nativeFormats }, asked, '/v1/messages', (context) => clientFormatRoute('/v1/messages', anthropicFormat, context, passthroughSpecs.messages));

  /** A route over one Claude account whose target's protocol is changed by `protocol`; the route's URL. */
  async function routeOverClaude(protocol: Partial<Target['protocol']>, asked: boolean[], path: string, mount: (context: ClientRouteContext) => Router): Promise<string> {
    const config = validateConfig({ 'auth-dir': join(home, 'auth'), 'data-dir': join(home, 'data') }, join(home, 'config.yaml'));
    const claude = createAnthropicProvider(config.providers.anthropic, { fetch: anthropicUpstream(asked), refreshTimeoutMs: 1000 });
    const target: Target = { ...claude, protocol: { ...claude.protocol, ...protocol } };
    const store = new TokenStore(config['auth-dir']);
    await store.upsert({ provider: 'anthropic', access_token: 'token', refresh_token: 'refresh', expires_at: new Date(Date.now() + 86_400_000).toISOString(), email: 'me@example.com' }, 'me@example.com');
    const pool = new AccountPool(store, new Map([[target.id, target]]));
    await pool.load();
    const context = { router: new ModelRouter([target]), failover: { pool, failoverMs: 10_000 }, timeouts: { firstByteMs: 10_000, idleMs: 10_000 } };
    const app = express().use(express.json());
    app.use(mount(context));
    app.use(errorHandler('1mb'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server?.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  }

  const ask = (url: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }) });

  it("passes an Anthropic client's request through when the target's protocol speaks Anthropic Messages", async () => {
    const asked: boolean[] = [];
    const answer = (await (await ask(await messagesRoute(['anthropic'], asked))).json()) as { id: string };
    expect(answer.id).toBe('msg_from_upstream'); // the upstream's own answer, as it was
    expect(asked).toEqual([false]);
  });

  it("serves it through the IR when the target's protocol does not list the format, whatever the provider", async () => {
    const asked: boolean[] = [];
    const response = await ask(await messagesRoute([], asked));
    const answer = (await response.json()) as { id: string; content: { text: string }[] };
    expect(response.status).toBe(200);
    expect(answer.id).toMatch(/^msg_[0-9a-f]{24}$/); // rendered from IR events, not the upstream's body
    expect(answer.content[0]?.text).toBe('hi');
    expect(asked).toEqual([true]);
  });

  describe('an extra endpoint (responses/compact)', () => {
    const compactRoute = (protocol: Partial<Target['protocol']>, asked: boolean[]) =>
      routeOverClaude(protocol, asked, '/v1/responses/compact', (context) => passthroughOnlyRoute('/v1/responses/compact', context, passthroughSpecs.responsesCompact));
    const compact = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-sonnet-4-6', input: 'hi' }) });

    it("is refused in the OpenAI shape when the target's protocol speaks Responses but does not list it, the upstream never asked", async () => {
      const asked: boolean[] = [];
      const response = await compact(await compactRoute({ nativeFormats: ['responses'] }, asked));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('invalid_request_error');
      expect(body.error.message).toMatch(/has no \/v1\/responses\/compact endpoint/);
      expect(asked).toEqual([]);
    });

    it("is refused when the target does not speak Responses at all", async () => {
      const asked: boolean[] = [];
      const response = await compact(await compactRoute({}, asked));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/cannot serve responses\/compact without translating it/);
      expect(asked).toEqual([]);
    });

    it('passes through to a target whose protocol lists it', async () => {
      const asked: boolean[] = [];
      await compact(await compactRoute({ nativeFormats: ['responses'], extraEndpoints: ['responses/compact'] }, asked));
      expect(asked).toEqual([false]);
    });
  });
});

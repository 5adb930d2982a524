import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import { createSwitchboard, validateConfig, type Config, type Switchboard } from '../../proxy/index.js';
import { configureLogging } from '../../proxy/log.js';
import { accountParts } from '../../proxy/providers/index.js';
import { startAnthropicStandIn, type AnthropicStandIn, type StandInModel } from '../stand-ins/anthropic-api.js';
import type { Account } from '../../proxy/accounts/account-file.js';
import { startAnthropicOAuthStandIn, oauthConfigFor, type AnthropicOAuthStandIn } from '../stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';

export const TEST_API_KEY = 'sk-sb-integration-test-key-0123456789';
export const ACCOUNT_EMAIL = 'person@example.com';

export interface Stack {
  switchboard: Switchboard;
  /** Base URL of the running Switchboard, e.g. http://127.0.0.1:40123 */
  url: string;
  api: AnthropicStandIn;
  oauth: AnthropicOAuthStandIn;
  tokens: TokenRegistry;
  store: TokenStore;
  config: Config;
  /** The account as written before the server started (start-up already uses it: it reads the model list). */
  firstAccount: Account | null;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Extra config keys, merged over the test defaults. */
  config?: Record<string, unknown>;
  /** Log in an account before the server starts (default true). */
  withAccount?: boolean;
  /** Lifetime of the account's first access token. */
  accessTokenTtlSeconds?: number;
  /** What the stand-in lists at GET /v1/models (its default list otherwise); a number: the status it fails with. */
  upstreamModels?: StandInModel[] | number;
  /**
   * API-key instances, each defined by its key file (written before the start, which checks the routing table's
   * targets): e.g. `anthropic-key:work` at a stand-in in API-key mode. Their stand-ins close with the stack.
   */
  keyInstances?: readonly KeyInstance[];
}

/** One key of an API-key instance at the stand-in that serves it. */
export interface KeyInstance {
  provider: 'anthropic-key' | 'openai-key' | 'compat';
  instance: string;
  key: string;
  standIn: { url: string; close(): Promise<void> };
  /** The instance's base URL: the stand-in's URL unless given (OpenAI's APIs are under /v1). */
  baseUrl?: string;
  /** The key file's name (the account id is `<provider>-<name>`); the instance's name unless given. */
  file?: string;
  /** What the key file says besides: the models it serves, its priority… */
  extra?: Record<string, unknown>;
}

/** Starts a Switchboard on a test config; one that does not come up fails the test with its reason. */
export async function startTestSwitchboard(config: Config): Promise<{ switchboard: Switchboard; url: string }> {
  const switchboard = createSwitchboard(config);
  const status = await switchboard.start();
  if (status.state !== 'running' || !status.url) throw new Error(`Switchboard did not start: ${status.error}`);
  return { switchboard, url: status.url };
}

/**
 * A test server's config in `home`: port 0, its own auth and data folders, the test key, no price download (a
 * test that needs one names its own stand-in URL) — with `extra` keys over these.
 */
export function testConfig(home: string, extra: Record<string, unknown> = {}): Config {
  return validateConfig(
    { port: 0, 'auth-dir': join(home, 'auth'), 'data-dir': join(home, 'data'), 'api-keys': [TEST_API_KEY], 'price-data': { 'auto-update': false }, ...extra },
    join(home, 'config.yaml'),
  );
}

/** Switchboard on 127.0.0.1:0 in front of the stand-in Anthropic API and OAuth server, with one account. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  configureLogging({ level: process.env.SWITCHBOARD_TEST_LOG ?? 'silent' });
  const tokens = new TokenRegistry();
  const api = await startAnthropicStandIn({ tokens });
  const oauth = await startAnthropicOAuthStandIn({ tokens });
  const home = mkdtempSync(join(tmpdir(), 'sb-it-'));
  const extra = options.config ?? {};
  const config = testConfig(home, {
    ...extra,
    providers: {
      ...(extra.providers as object | undefined),
      anthropic: {
        'base-url': api.url,
        oauth: oauthConfigFor(oauth),
        ...((extra.providers as { anthropic?: object } | undefined)?.anthropic ?? {}),
      },
    },
  });
  const store = new TokenStore(config['auth-dir'], { parts: accountParts });
  if (typeof options.upstreamModels === 'number') api.failModelList(options.upstreamModels);
  else if (options.upstreamModels) api.setModels(options.upstreamModels);
  const firstAccount = options.withAccount === false ? null : await addAccount(store, tokens, ACCOUNT_EMAIL, options.accessTokenTtlSeconds);
  const keyInstances = options.keyInstances ?? [];
  for (const instance of keyInstances) await writeKeyFile(store, instance);
  const { switchboard, url } = await startTestSwitchboard(config);
  return {
    switchboard,
    url,
    api,
    oauth,
    tokens,
    store,
    config,
    firstAccount,
    async close() {
      await switchboard.stop();
      await Promise.all([api.close(), oauth.close(), ...[...new Set(keyInstances.map((instance) => instance.standIn))].map((standIn) => standIn.close())]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Writes an account file holding freshly issued stand-in tokens, as a login would. */
export async function addAccount(store: TokenStore, tokens: TokenRegistry, email: string, ttlSeconds?: number) {
  const issued = tokens.issue(email, ttlSeconds);
  return store.upsert(
    {
      provider: 'anthropic',
      access_token: issued.accessToken,
      refresh_token: issued.refreshToken,
      expires_at: new Date(Date.now() + issued.expiresIn * 1000).toISOString(),
      email,
      source: 'login',
    },
    email,
  );
}

/** Writes (or rewrites) an API-key instance's key file. */
export function writeKeyFile(store: TokenStore, instance: KeyInstance) {
  return store.upsert(
    { provider: instance.provider, instance: instance.instance, access_token: instance.key, base_url: instance.baseUrl ?? instance.standIn.url, ...instance.extra },
    instance.file ?? instance.instance,
  );
}

/** One admin API call with the test key (or another), answered with its status and JSON body. */
export async function adminCall<T = unknown>(stack: Pick<Stack, 'url'>, method: string, path: string, body?: unknown, key = TEST_API_KEY): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A 1×1 PNG, as clients send images inline. */
export const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The last model request (messages or count_tokens) the stand-in Anthropic API received. */
export function lastModelRequest(stack: Stack) {
  return stack.api.requests.filter((request) => request.path.startsWith('/v1/messages')).at(-1)!;
}

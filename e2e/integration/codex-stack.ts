import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../proxy/accounts/account-file.js';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import type { Config, Switchboard } from '../../proxy/index.js';
import { configureLogging } from '../../proxy/log.js';
import { saveLogin } from '../../proxy/providers/codex/account.js';
import { jwtExpiry } from '../../proxy/providers/codex/id-token.js';
import { accountParts } from '../../proxy/providers/index.js';
import { startCodexAuthStandIn, type CodexAuthStandIn } from '../stand-ins/codex-auth.js';
import { startCodexBackendStandIn, type CodexBackendStandIn } from '../stand-ins/codex-backend.js';
import type { CodexUser } from '../stand-ins/codex-identity.js';
import { CodexTokenRegistry } from '../stand-ins/codex-tokens.js';
import type { RecordedRequest } from '../stand-ins/http-request.js';
import { startTestSwitchboard, testConfig } from './harness.js';

export interface CodexStack {
  switchboard: Switchboard;
  url: string;
  auth: CodexAuthStandIn;
  backend: CodexBackendStandIn;
  tokens: CodexTokenRegistry;
  store: TokenStore;
  config: Config;
  /** Writes an account file of a fresh stand-in login, as `switchboard login codex` would. */
  login(user: CodexUser): Promise<Account>;
  /** Another Switchboard on the same auth-dir (a second process sharing the logins); stopped by close(). */
  second(): Promise<{ url: string }>;
  close(): Promise<void>;
}

/** Switchboard with only the codex provider, in front of the Codex auth and backend stand-ins, with these logins. */
export async function startCodexStack(users: readonly CodexUser[]): Promise<CodexStack> {
  configureLogging({ level: process.env.SWITCHBOARD_TEST_LOG ?? 'silent' });
  const tokens = new CodexTokenRegistry();
  const auth = await startCodexAuthStandIn({ tokens });
  const backend = await startCodexBackendStandIn({ tokens });
  const home = mkdtempSync(join(tmpdir(), 'sb-codex-'));
  const config = testConfig(home, { providers: { anthropic: { enabled: false }, codex: { 'base-url': backend.baseUrl, oauth: { issuer: auth.url } } } });
  const store = new TokenStore(config['auth-dir'], { parts: accountParts, sealer: null });
  const login = (user: CodexUser) => {
    const issued = tokens.issue(user);
    return saveLogin(config, { idToken: issued.idToken, accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: jwtExpiry(issued.accessToken) }, { source: 'login', store });
  };
  for (const user of users) await login(user);
  const start = (own: Config = config) => startTestSwitchboard(own);
  const { switchboard, url } = await start();
  const others: Switchboard[] = [];
  return {
    switchboard,
    url,
    auth,
    backend,
    tokens,
    store,
    config,
    login,
    async second() {
      // Its own data-dir (usage ledger, queue): only the logins are shared.
      const other = await start({ ...config, 'data-dir': join(home, `data-${others.length + 2}`) });
      others.push(other.switchboard);
      return { url: other.url };
    },
    async close() {
      await Promise.all([switchboard.stop(), ...others.map((other) => other.stop())]);
      await Promise.all([auth.close(), backend.close()]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** One input item of a Responses request the backend stand-in received, as the conversation tests read it. */
export interface BackendInputItem {
  type?: string;
  role?: string;
  content?: unknown;
  call_id?: string;
  encrypted_content?: string;
  name?: string;
  arguments?: string;
  output?: unknown;
}

/** The input items of one request the backend stand-in received, in order. */
export function inputOf(request: RecordedRequest): BackendInputItem[] {
  return (request.body as { input?: BackendInputItem[] }).input ?? [];
}

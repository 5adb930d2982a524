import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../proxy/accounts/account-file.js';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import type { Switchboard } from '../../proxy/index.js';
import { configureLogging } from '../../proxy/log.js';
import { saveCursorLogin } from '../../proxy/providers/cursor/account.js';
import { accountParts } from '../../proxy/providers/index.js';
import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN } from '../stand-ins/cursor-agent.js';
import { CursorAuthStandIn } from '../stand-ins/cursor-auth.js';
import { startTestSwitchboard, testConfig } from './harness.js';

export interface CursorStack {
  switchboard: Switchboard;
  url: string;
  agent: CursorAgentStandIn;
  auth: CursorAuthStandIn;
  store: TokenStore;
  account: Account;
  close(): Promise<void>;
}

/**
 * Switchboard with only the cursor provider, in front of the Cursor agent and auth stand-ins, with one login (the
 * agent stand-in's token unless another is given; `refreshSubject` gives it a refresh token the auth stand-in takes).
 * `prepare` sets the stand-ins up before Switchboard starts (and reads its first model list, say).
 */
export async function startCursorStack(
  login: { accessToken?: string; refreshSubject?: string } = {},
  prepare: (standIns: { agent: CursorAgentStandIn; auth: CursorAuthStandIn }) => void = () => {},
): Promise<CursorStack> {
  configureLogging({ level: process.env.SWITCHBOARD_TEST_LOG ?? 'silent' });
  const agent = new CursorAgentStandIn();
  await agent.listen();
  const auth = new CursorAuthStandIn({ accessTokens: [STAND_IN_CURSOR_TOKEN] });
  await auth.listen();
  prepare({ agent, auth });
  const home = mkdtempSync(join(tmpdir(), 'sb-cursor-'));
  const config = testConfig(home, { providers: { anthropic: { enabled: false }, cursor: { 'auth-url': auth.url, agent: { baseUrl: agent.url } } } });
  const store = new TokenStore(config['auth-dir'], { parts: accountParts, sealer: null });
  const tokens = { accessToken: login.accessToken ?? STAND_IN_CURSOR_TOKEN, refreshToken: login.refreshSubject ? auth.grantRefreshToken(login.refreshSubject) : null };
  const account = await saveCursorLogin(config, tokens, { source: 'login', details: { machineId: STAND_IN_CURSOR_MACHINE_ID }, store });
  const { switchboard, url } = await startTestSwitchboard(config);
  return {
    switchboard,
    url,
    agent,
    auth,
    store,
    account,
    async close() {
      await switchboard.stop();
      await Promise.all([agent.close(), auth.close()]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

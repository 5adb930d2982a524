import { mkdtemp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodexAuthStandIn, type CodexAuthStandIn } from '../../../e2e/stand-ins/codex-auth.js';
import type { CodexUser } from '../../../e2e/stand-ins/codex-identity.js';
import { CodexTokenRegistry } from '../../../e2e/stand-ins/codex-tokens.js';
import { TokenStore } from '../../accounts/token-store.js';
import { LoginError } from '../login-error.js';
import { codexConfigSchema, type CodexRunConfig } from './config-schema.js';
import { exchangeDeviceCode, pollDeviceCode, requestDeviceCode } from './device-code.js';
import { importCodexCli } from './import-codex-cli.js';
import { CodexPasteLogin, loginWithBrowser, startWindowLogin } from './login.js';

const ALICE: CodexUser = { email: 'alice@team.example', userId: 'user-alice', accountId: 'ws-team', plan: 'team' };
const BOB: CodexUser = { email: 'bob@team.example', userId: 'user-bob', accountId: 'ws-team', plan: 'team', fedramp: true };

/** Two free ports on loopback, so the test never fights a real Codex login for 1455/1457. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

describe('Codex logins against the auth stand-in', () => {
  const tokens = new CodexTokenRegistry();
  let auth: CodexAuthStandIn;
  let ports: number[];
  let config: CodexRunConfig;
  let store: TokenStore;
  /** A browser: follows the authorize redirect to the loopback address the login listens on. */
  const browser = async (url: string) => {
    const authorized = await fetch(url, { redirect: 'manual' });
    const location = authorized.headers.get('location');
    if (!location) throw new Error(`authorize answered ${authorized.status}: ${await authorized.text()}`);
    await fetch(location);
  };

  beforeAll(async () => {
    ports = await freePorts(2);
    auth = await startCodexAuthStandIn({ tokens, redirectUris: ports.map((port) => `http://localhost:${port}/auth/callback`) });
  });
  afterAll(() => auth.close());

  const freshConfig = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-codex-login-'));
    config = { 'auth-dir': dir, timeouts: { refresh: 5000 }, providers: { codex: codexConfigSchema.parse({ oauth: { issuer: auth.url, 'loopback-ports': ports } }) } };
    store = new TokenStore(dir, { sealer: null });
  };

  it('logs in through the browser: identity from the id token, keyed by user and workspace, file 0600', async () => {
    await freshConfig();
    auth.signInAs(ALICE);
    const alice = await loginWithBrowser(config, { openBrowser: browser, print: () => undefined, store });
    expect(alice.data).toMatchObject({ provider: 'codex', email: ALICE.email, plan: 'team', chatgpt_account_id: 'ws-team', chatgpt_user_id: 'user-alice', fedramp: false, source: 'login' });
    expect(Date.parse(alice.data.expires_at!)).toBeGreaterThan(Date.now());
    expect((await stat(alice.path)).mode & 0o777).toBe(0o600);
    // A second member of the same Team workspace is a second account, not an overwrite.
    auth.signInAs(BOB);
    const bob = await loginWithBrowser(config, { openBrowser: browser, print: () => undefined, store });
    expect(bob.id).not.toBe(alice.id);
    expect(bob.data['fedramp']).toBe(true);
    expect((await store.list()).accounts.map((account) => account.data.email).sort()).toEqual([ALICE.email, BOB.email]);
  });

  it('asks a stale login server on the first port to cancel, and takes its port', async () => {
    await freshConfig();
    auth.signInAs(ALICE);
    let cancelled = false;
    const stale = createServer((request, response) => {
      if (request.url === '/cancel') {
        cancelled = true;
        response.end('cancelled', () => stale.close());
        stale.closeAllConnections();
      } else response.end();
    });
    await new Promise<void>((resolve) => stale.listen(ports[0], '127.0.0.1', () => resolve()));
    let redirect = '';
    await loginWithBrowser(config, { openBrowser: async (url) => ((redirect = new URL(url).searchParams.get('redirect_uri')!), browser(url)), print: () => undefined, store });
    expect(cancelled).toBe(true);
    expect(redirect).toBe(`http://localhost:${ports[0]}/auth/callback`);
  });

  it('falls back to the second registered port when the first is held by something that does not cancel', async () => {
    await freshConfig();
    const squatter = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => squatter.listen(ports[0], '127.0.0.1', () => resolve()));
    try {
      let redirect = '';
      await loginWithBrowser(config, { openBrowser: async (url) => ((redirect = new URL(url).searchParams.get('redirect_uri')!), browser(url)), print: () => undefined, store });
      expect(redirect).toBe(`http://localhost:${ports[1]}/auth/callback`);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('--manual: takes the pasted redirect address; a foreign state can be pasted again, a spent code needs a new login', async () => {
    await freshConfig();
    auth.signInAs(ALICE);
    const login = CodexPasteLogin.start(config, { store });
    const authorized = await fetch(login.url, { redirect: 'manual' });
    const address = authorized.headers.get('location')!;
    expect(new URL(address).port).toBe(String(ports[0]));
    const foreign = address.replace(/state=[^&]+/, 'state=someone-elses');
    await expect(login.finish(foreign)).rejects.toMatchObject({ recovery: 'paste-again' });
    await expect(login.finish('not an address')).rejects.toBeInstanceOf(LoginError);
    const account = await login.finish(address);
    expect(account.data.email).toBe(ALICE.email);
    const again = CodexPasteLogin.start(config, { store });
    const spent = address.replace(/state=[^&]+/, `state=${new URL(again.url).searchParams.get('state')!}`);
    await expect(again.finish(spent)).rejects.toMatchObject({ recovery: 'start-again' });
  });

  it('the desktop window: its redirect (caught in the window, nothing listening) finishes the login', async () => {
    await freshConfig();
    auth.signInAs(ALICE);
    const { url, callback } = startWindowLogin(config, { renews: null }, { store });
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(callback.redirectUri);
    expect(location.searchParams.get('state')).toBe(callback.state);
    const account = await callback.finish(location.searchParams.get('code')!);
    expect(account.data.email).toBe(ALICE.email);
  });

  it('device code: asks for a user code, polls (pending until approved), and exchanges on the device redirect', async () => {
    await freshConfig();
    const oauth = config.providers.codex.oauth;
    const start = await requestDeviceCode(oauth);
    expect(start.verificationUrl).toBe(`${auth.url}/codex/device`);
    expect(start.intervalSeconds).toBe(1);
    expect(await pollDeviceCode(oauth, start)).toEqual({ status: 'pending' });
    auth.signInAs(BOB);
    auth.approveDevice(start.userCode);
    const granted = await pollDeviceCode(oauth, start);
    expect(granted.status).toBe('granted');
    if (granted.status !== 'granted') return;
    const issued = await exchangeDeviceCode(oauth, granted);
    expect(issued.refreshToken).toMatch(/^rt_/);
  });

  it('device code turned off for the workspace is said plainly', async () => {
    const off = await startCodexAuthStandIn({ tokens, deviceCodeDisabled: true });
    try {
      const oauth = codexConfigSchema.parse({ oauth: { issuer: off.url } }).oauth;
      await expect(requestDeviceCode(oauth)).rejects.toThrow(/device-code login is not turned on/);
    } finally {
      await off.close();
    }
  });

  describe('import codex-cli', () => {
    const codexHome = async (auth: unknown, configToml = '') => {
      const home = await mkdtemp(join(tmpdir(), 'sb-codex-home-'));
      if (auth !== undefined) await writeFile(join(home, 'auth.json'), typeof auth === 'string' ? auth : JSON.stringify(auth));
      if (configToml) await writeFile(join(home, 'config.toml'), configToml);
      return home;
    };

    it('copies a ChatGPT login and warns that Codex revokes it on its next login or logout', async () => {
      await freshConfig();
      const issued = tokens.issue(ALICE);
      const home = await codexHome({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: issued.idToken, access_token: issued.accessToken, refresh_token: issued.refreshToken, account_id: ALICE.accountId }, last_refresh: new Date().toISOString() });
      const { account, message } = await importCodexCli(config, { codexHome: home, store });
      expect(account.data).toMatchObject({ source: 'codex-cli', email: ALICE.email, refresh_token: issued.refreshToken, chatgpt_user_id: 'user-alice' });
      expect(message).toMatch(/Codex revokes it when you next log in to or out of Codex/);
      const saved = JSON.parse(await readFile(account.path, 'utf8')) as Record<string, unknown>;
      expect(saved['access_token']).toBe(issued.accessToken);
    });

    it('refuses an agent identity, an API key, a keyring login and a missing one, each in words', async () => {
      await freshConfig();
      await expect(importCodexCli(config, { codexHome: await codexHome({ auth_mode: 'agentIdentity', agent_identity: { key: 'x' } }), store })).rejects.toThrow(/agent identity, not a ChatGPT sign-in/);
      await expect(importCodexCli(config, { codexHome: await codexHome({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-x' }), store })).rejects.toThrow(/an API key, not a ChatGPT sign-in/);
      await expect(importCodexCli(config, { codexHome: await codexHome(undefined, 'cli_auth_credentials_store = "keyring"\n'), store })).rejects.toThrow(/OS keyring/);
      const empty = await codexHome(undefined);
      await mkdir(empty, { recursive: true });
      await expect(importCodexCli(config, { codexHome: empty, store })).rejects.toThrow(/no Codex CLI login found/);
      expect((await store.list()).accounts).toEqual([]);
    });
  });
});

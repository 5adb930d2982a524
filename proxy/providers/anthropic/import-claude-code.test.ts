import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicOAuthStandIn, type AnthropicOAuthStandIn } from '../../../e2e/stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../../../e2e/stand-ins/token-registry.js';
import { validateConfig, type Config } from '../../config/load.js';
import { ImportError } from '../import-error.js';
import { importClaudeCode } from './import-claude-code.js';
import { parseAccountFile } from '../../accounts/token-store.js';

const EXPIRES_AT = Date.UTC(2030, 0, 1);

function credentials(accessToken: string, refreshToken = 'sk-ant-ort01-from-claude-code'): string {
  return JSON.stringify({
    claudeAiOauth: {
      accessToken,
      refreshToken,
      expiresAt: EXPIRES_AT,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'pro',
      rateLimitTier: 'default_claude_ai',
    },
  });
}

const noNetwork: typeof fetch = () => Promise.reject(new Error('no network in this test'));

describe('importClaudeCode', () => {
  let home: string;
  let authDir: string;
  let config: Config;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'switchboard-home-'));
    authDir = join(home, 'switchboard-auth');
    config = validateConfig({ 'auth-dir': authDir, providers: { anthropic: { 'base-url': 'http://127.0.0.1:9' } } }, '/tmp/x/config.yaml');
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  async function writeCredentials(text: string): Promise<void> {
    await mkdir(join(home, '.claude'), { recursive: true });
    await writeFile(join(home, '.claude', '.credentials.json'), text, { mode: 0o600 });
  }

  it('copies the login into a 0600 account file and warns about the shared refresh token', async () => {
    await writeCredentials(credentials('sk-ant-oat01-from-claude-code'));
    await writeFile(join(home, '.claude.json'), JSON.stringify({ oauthAccount: { emailAddress: 'ada@example.com', accountUuid: 'acc-1' } }));

    const result = await importClaudeCode(config, { home, fetch: noNetwork, platform: 'linux' });

    expect(result.account.path).toBe(join(authDir, 'anthropic-ada@example.com.json'));
    expect((await stat(result.account.path)).mode & 0o777).toBe(0o600);
    const saved = parseAccountFile(await readFile(result.account.path, 'utf8'));
    expect(saved).toMatchObject({
      provider: 'anthropic',
      access_token: 'sk-ant-oat01-from-claude-code',
      refresh_token: 'sk-ant-ort01-from-claude-code',
      expires_at: new Date(EXPIRES_AT).toISOString(),
      scopes: ['user:inference', 'user:profile'],
      email: 'ada@example.com',
      account_uuid: 'acc-1',
      plan: 'pro',
      source: 'claude-code',
    });
    expect(result.message).toContain(result.account.path);
    expect(result.message).toMatch(/share one refresh-token family/);
    expect(result.message).not.toContain('sk-ant-');
  });

  it('reads the e-mail and plan from the profile endpoint when it answers', async () => {
    const tokens = new TokenRegistry();
    const standIn: AnthropicOAuthStandIn = await startAnthropicOAuthStandIn({ tokens, plan: 'max' });
    try {
      const issued = tokens.issue('grace@example.com');
      await writeCredentials(credentials(issued.accessToken, issued.refreshToken));
      const withProfile = validateConfig({ 'auth-dir': authDir, providers: { anthropic: { 'base-url': standIn.url } } }, '/tmp/x/config.yaml');
      const result = await importClaudeCode(withProfile, { home, platform: 'linux' });
      expect(result.account.data).toMatchObject({ email: 'grace@example.com', plan: 'max' });
      expect(result.account.data.account_uuid).toBeTruthy();
    } finally {
      await standIn.close();
    }
  });

  it('falls back to the identity "claude-code" when no e-mail is known', async () => {
    await writeCredentials(credentials('sk-ant-oat01-x'));
    const result = await importClaudeCode(config, { home, fetch: noNetwork, platform: 'linux' });
    expect(result.account.id).toBe('anthropic-claude-code');
    expect(result.account.data.email).toBeNull();
  });

  it('says where it looked and how to fix it when there is no login', async () => {
    const error = await importClaudeCode(config, { home, fetch: noNetwork, platform: 'linux' }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toBe(`no Claude Code login found at ${join(home, '.claude', '.credentials.json')}: run \`claude\` and log in first`);
  });

  it('refuses a credentials file without a login, without echoing its secrets', async () => {
    await writeCredentials(JSON.stringify({ claudeAiOauth: { refreshToken: 'sk-ant-ort01-secret' } }));
    const error = await importClaudeCode(config, { home, fetch: noNetwork, platform: 'linux' }).catch((reason: unknown) => reason);
    expect((error as Error).message).toMatch(/does not hold a Claude Code login \(problem with: claudeAiOauth.accessToken\)/);
    expect((error as Error).message).not.toContain('secret');
  });

  it('uses the macOS Keychain when the file is missing on darwin', async () => {
    const result = await importClaudeCode(config, {
      home,
      fetch: noNetwork,
      platform: 'darwin',
      readKeychain: () => Promise.resolve(credentials('sk-ant-oat01-from-keychain')),
    });
    expect(result.account.data.access_token).toBe('sk-ant-oat01-from-keychain');
    expect(result.message).toMatch(/macOS Keychain/);
  });

  it('names both places on darwin when neither has a login', async () => {
    const error = await importClaudeCode(config, { home, fetch: noNetwork, platform: 'darwin', readKeychain: () => Promise.resolve(null) }).catch(
      (reason: unknown) => reason,
    );
    expect((error as Error).message).toMatch(/or in the macOS Keychain \("Claude Code-credentials"\): run `claude` and log in first/);
  });
});

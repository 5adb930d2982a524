import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodexAuthStandIn, type CodexAuthStandIn } from '../stand-ins/codex-auth.js';
import { startCodexBackendStandIn, type CodexBackendStandIn } from '../stand-ins/codex-backend.js';
import { CODEX_REJECTED_FIELDS, CODEX_STAND_IN_MODELS } from '../stand-ins/codex-backend-rules.js';
import { ada, type CodexUser } from '../stand-ins/codex-identity.js';
import { CodexTokenRegistry } from '../stand-ins/codex-tokens.js';
import type { RecordedRequest } from '../stand-ins/http-request.js';
import { createTestCertificates } from '../stand-ins/test-ca.js';
import { codexTestConfig } from './codex-config.js';
import { runCli } from './run-cli.js';

/**
 * Issue #16: the real Codex CLI straight against the ChatGPT backend stand-in, with no Switchboard in between, on a
 * login file of the auth stand-in's tokens — so the stand-ins answer what Codex's own client expects (CLIENTS.md
 * "Codex CLI 0.171 against a ChatGPT backend"). The backend serves HTTPS with a throwaway CA (Codex routes only to
 * an HTTPS workspace origin); token refresh reaches the auth stand-in through Codex's URL overrides. Skipped
 * without the CLI (`npm ci --prefix e2e/clients`) or without `openssl`, never in CI (.ci/run installs both).
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const CODEX = join(HERE, 'node_modules', '.bin', 'codex');
const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
const installed = existsSync(CODEX) && (onPath('openssl') || Boolean(process.env.CI));
const RUN_TIMEOUT_MS = 90_000;
const ADA = ada('pro');
const BOB: CodexUser = { email: 'bob@example.com', userId: 'user-bob', accountId: 'ws-bob', plan: 'plus' };

interface CodexRun {
  code: number | null;
  stdout: string;
  stderr: string;
  lastMessage: string;
  /** The login file after the run (Codex writes rotated tokens back). */
  authFile: { tokens: { access_token: string; refresh_token: string; id_token: string; account_id: string } };
}

function codexConfig(baseUrl: string): string {
  return codexTestConfig([`chatgpt_base_url = "${baseUrl}/"`, `openai_base_url = "${baseUrl}/codex"`, 'model = "gpt-5.5"']);
}

describe.skipIf(!installed)('the real Codex CLI straight against the ChatGPT backend stand-in', () => {
  const tokens = new CodexTokenRegistry();
  const temporary: string[] = [];
  let auth: CodexAuthStandIn;
  let backend: CodexBackendStandIn;
  let caFile: string;

  beforeAll(async () => {
    const certificates = mkdtempSync(join(tmpdir(), 'sb-codex-ca-'));
    temporary.push(certificates);
    const created = createTestCertificates(certificates);
    caFile = created.caFile;
    auth = await startCodexAuthStandIn({ tokens });
    backend = await startCodexBackendStandIn({ tokens, tls: created.server });
  });
  afterAll(async () => {
    await Promise.all([auth?.close(), backend?.close()]);
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  interface CodexHome {
    home: string;
    cwd: string;
    codexHome: string;
    authPath: string;
  }

  /** A fresh CODEX_HOME pointed at the stand-ins, holding `login`'s tokens in ChatGPT auth mode when given. */
  function codexHome(login?: { tokens: ReturnType<CodexTokenRegistry['issue']>; user: CodexUser }): CodexHome {
    const home = mkdtempSync(join(tmpdir(), 'sb-codex-standin-home-'));
    const cwd = mkdtempSync(join(tmpdir(), 'sb-codex-standin-cwd-'));
    temporary.push(home, cwd);
    const codexHome = join(home, '.codex');
    mkdirSync(codexHome);
    writeFileSync(join(codexHome, 'config.toml'), codexConfig(backend.baseUrl));
    const authPath = join(codexHome, 'auth.json');
    if (login) {
      const { tokens: issued, user } = login;
      const authFile = { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: issued.idToken, access_token: issued.accessToken, refresh_token: issued.refreshToken, account_id: user.accountId }, last_refresh: new Date().toISOString() };
      writeFileSync(authPath, JSON.stringify(authFile), { mode: 0o600 });
    }
    return { home, cwd, codexHome, authPath };
  }

  /** Runs `codex <argv>` in that home; `onOutput` sees stdout and stderr as they grow. */
  function spawnCodex(where: CodexHome, argv: string[], onOutput?: (output: string) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: where.home,
      CODEX_HOME: where.codexHome,
      TMPDIR: where.home,
      CODEX_CA_CERTIFICATE: caFile,
      CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${auth.url}/oauth/token`,
      CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${auth.url}/oauth/revoke`,
      // Anything not on this machine (ab.chatgpt.com, say) meets a proxy that refuses: the run stays offline.
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
    };
    return runCli(CODEX, argv, { cwd: where.cwd, env, timeoutMs: RUN_TIMEOUT_MS, onOutput });
  }

  /** One `codex exec` of `prompt` on a fresh home holding `login`'s tokens. */
  async function runCodex(login: ReturnType<CodexTokenRegistry['issue']>, user: CodexUser, prompt: string): Promise<CodexRun> {
    const where = codexHome({ tokens: login, user });
    const lastMessageFile = join(where.home, 'last-message.txt');
    const run = await spawnCodex(where, ['exec', '--skip-git-repo-check', '--strict-config', '--color', 'never', '--output-last-message', lastMessageFile, prompt]);
    return {
      ...run,
      lastMessage: existsSync(lastMessageFile) ? readFileSync(lastMessageFile, 'utf8') : '',
      authFile: JSON.parse(readFileSync(where.authPath, 'utf8')) as CodexRun['authFile'],
    };
  }

  const modelRequests = (since: number): RecordedRequest[] => backend.requests.slice(since).filter((request) => request.method === 'POST' && request.path === '/backend-api/codex/responses');

  it('answers a prompt: Codex\'s own request passes the backend\'s rules, and the streamed text survives an empty response.completed output', async () => {
    const before = backend.requests.length;
    const run = await runCodex(tokens.issue(ADA), ADA, 'Say exactly: hello from the stand-in');
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    // The stand-in's response.completed always carries `output: []` (as the real backend's): this text reached
    // Codex only through the streamed deltas and output_item.done events.
    expect(run.lastMessage.trim()).toBe('hello from the stand-in');
    const seen = backend.requests.slice(before).map((request) => `${request.method} ${request.path.split('?')[0]}`);
    expect(seen).toContain('GET /backend-api/wham/accounts/check');
    // The models list is one Codex can read (it drops the whole list for one missing field, and says so).
    expect(seen).toContain('GET /backend-api/codex/models');
    expect(run.stderr).not.toMatch(/failed to (decode|refresh available) models/);
    const sent = modelRequests(before);
    expect(sent).toHaveLength(1);
    const request = sent[0]!;
    expect(request.headers['content-encoding']).toBe('zstd');
    expect(request.headers['chatgpt-account-id']).toBe(ADA.accountId);
    expect(request.headers['originator']).toBe('codex_exec');
    expect(request.headers['version']).toBe('0.171.0');
    const body = request.body as Record<string, unknown> & { input: Array<Record<string, unknown>> };
    expect(body).toMatchObject({ model: 'gpt-5.5', stream: true, store: false });
    // Codex 0.171 sends no `instructions` field: its base instructions are the first developer message, so marked.
    expect(body.input[0]).toMatchObject({ role: 'developer', internal_chat_message_metadata_passthrough: { content_item_kinds: ['model.base_instructions'] } });
    for (const field of CODEX_REJECTED_FIELDS) expect(body).not.toHaveProperty(field);
  }, RUN_TIMEOUT_MS + 10_000);

  // Both end the turn: Codex does not retry a stream the backend failed itself, it says why.
  it.each([
    { code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.', shown: /context window/i },
    { code: 'server_is_overloaded', message: 'Our servers are currently overloaded. Please try again later.', shown: /at capacity/i },
  ])('reports an error the backend sends inside a 200 stream ($code)', async ({ code, message, shown }) => {
    const before = backend.requests.length;
    backend.failNext({ inStream: { code, message } });
    const run = await runCodex(tokens.issue(ADA), ADA, 'Say exactly: this never arrives');
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).not.toBe(0);
    expect(run.lastMessage.trim()).toBe('');
    expect(`${run.stdout}\n${run.stderr}`).toMatch(shown);
    expect(modelRequests(before)).toHaveLength(1);
  }, RUN_TIMEOUT_MS + 10_000);

  it('refreshes a rejected access token at the auth stand-in: the refresh token rotates and the old one is spent', async () => {
    const login = tokens.issue(BOB);
    tokens.expireAccessTokens(BOB.userId);
    const before = auth.requests.length;
    const run = await runCodex(login, BOB, 'Say exactly: fresh tokens');
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(run.lastMessage.trim()).toBe('fresh tokens');
    const refreshes = auth.requests.slice(before).filter((request) => request.path === '/oauth/token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: login.refreshToken });
    expect(tokens.refreshCount.get(BOB.userId)).toBe(1);
    // Codex kept the rotated tokens; the old refresh token is retired (presenting it again is reuse).
    expect(run.authFile.tokens.refresh_token).not.toBe(login.refreshToken);
    expect(run.authFile.tokens.access_token).not.toBe(login.accessToken);
    expect(tokens.check(run.authFile.tokens.access_token)).toEqual({ user: BOB });
    expect(tokens.rotate(login.refreshToken)).toEqual({ refused: 'refresh_token_reused' });
  }, RUN_TIMEOUT_MS + 10_000);

  it('refuses a model this client version is too old for, and Codex says to upgrade', async () => {
    const before = backend.requests.length;
    backend.setModels(CODEX_STAND_IN_MODELS.map((model) => (model.slug === 'gpt-5.5' ? { ...model, minimalClientVersion: '0.999.0' } : model)));
    try {
      const run = await runCodex(tokens.issue(ADA), ADA, 'Say exactly: too old');
      expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).not.toBe(0);
      expect(`${run.stdout}\n${run.stderr}`).toMatch(/requires a newer version of Codex/);
      expect(modelRequests(before).length).toBeGreaterThanOrEqual(1);
    } finally {
      backend.setModels(CODEX_STAND_IN_MODELS);
    }
  }, RUN_TIMEOUT_MS + 10_000);

  it('logs in with a device code: Codex polls while the code waits, and keeps the approved login', async () => {
    const carol: CodexUser = { email: 'carol@example.com', userId: 'user-carol', accountId: 'ws-carol', plan: 'team' };
    auth.signInAs(carol);
    const where = codexHome();
    const before = auth.requests.length;
    let approved = false;
    let waiting: ReturnType<typeof setInterval> | undefined;
    const polled = () => auth.requests.slice(before).some((request) => request.path === '/api/accounts/deviceauth/token');
    const run = await spawnCodex(where, ['login', '--device-auth', '--experimental_issuer', auth.url], (output) => {
      // The code as Codex prints it (coloured): four and six characters, e.g. 852F-1255E8.
      const code = /(?:^|[^0-9A-F])([0-9A-F]{4}-[0-9A-F]{6})(?![0-9A-F])/.exec(stripColours(output))?.[1];
      if (!code || waiting) return;
      // The person approves only once Codex is polling, so it sees the code pending first.
      waiting = setInterval(() => {
        if (!polled()) return;
        clearInterval(waiting);
        approved = true;
        auth.approveDevice(code);
      }, 50);
    });
    clearInterval(waiting);
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(approved).toBe(true);
    const polls = auth.requests.slice(before).filter((request) => request.path === '/api/accounts/deviceauth/token');
    expect(polls.length).toBeGreaterThanOrEqual(2);
    const saved = JSON.parse(readFileSync(where.authPath, 'utf8')) as CodexRun['authFile'] & { auth_mode: string };
    expect(saved.auth_mode).toBe('chatgpt');
    expect(saved.tokens.account_id).toBe(carol.accountId);
    expect(tokens.check(saved.tokens.access_token)).toEqual({ user: carol });
  }, RUN_TIMEOUT_MS + 10_000);

  it('revokes its refresh token on logout, which ends that login at the auth stand-in', async () => {
    const login = tokens.issue(BOB);
    const where = codexHome({ tokens: login, user: BOB });
    const run = await spawnCodex(where, ['logout']);
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(auth.revoked).toContain(login.refreshToken);
    expect(existsSync(where.authPath)).toBe(false);
    expect(tokens.check(login.accessToken)).toEqual({ problem: 'revoked' });
    expect(tokens.rotate(login.refreshToken)).toEqual({ refused: 'refresh_token_invalidated' });
  }, RUN_TIMEOUT_MS + 10_000);
});

function stripColours(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

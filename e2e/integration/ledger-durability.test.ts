import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAccountFile, STALE_TEMP_FILE_MS, TokenStore } from '../../proxy/accounts/token-store.js';
import { databasePath } from '../../proxy/usage/database.js';
import { startAnthropicStandIn, type AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { oauthConfigFor, startAnthropicOAuthStandIn, submitAuthorizeForm, textOfId, type AnthropicOAuthStandIn } from '../stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { addAccount, TEST_API_KEY } from './harness.js';

/** A request the client saw finish: its whole answer arrived (an error answer counts: it is recorded too). */
interface Finished {
  model: string;
  endpoint: string;
}

/** Every client format, streamed and not; each request names a model of its own, so its usage row can be found. */
const REQUESTS: { endpoint: string; body: (model: string) => object }[] = [
  { endpoint: '/v1/messages', body: (model) => ({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }) },
  { endpoint: '/v1/messages', body: (model) => ({ model, max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] }) },
  { endpoint: '/v1/chat/completions', body: (model) => ({ model, messages: [{ role: 'user', content: 'hi' }] }) },
  { endpoint: '/v1/chat/completions', body: (model) => ({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }) },
  { endpoint: '/v1/responses', body: (model) => ({ model, input: 'hi' }) },
  { endpoint: '/v1/responses', body: (model) => ({ model, input: 'hi', stream: true }) },
];
const CLIENTS = 6;
const ROUNDS = 3;
/** What write-file-atomic leaves when its process dies between writing and renaming (token-store.ts). */
const TEMP_FILE = /\.json\.\d+$/;
const TEMP_FILE_OR_LOCK = /\.json\.(\d+|lock)$/;

const headers = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };

/**
 * `switchboard serve` as its own process, killed with SIGKILL at a random moment of a mixed load — every client
 * format streamed and not, logins through the admin API, and a token refresh (an account file write) on nearly
 * every request — again and again on the same directories. Every request a client saw finish has its usage row
 * once the server has started again (the start commits what the kill cut off: usage-queue.ts), and after each kill auth-dir holds only whole account files (and, at most, the temporary file of a write the
 * kill cut short, which the next start removes once stale).
 */
describe('durability under kill -9', () => {
  let api: AnthropicStandIn;
  let oauth: AnthropicOAuthStandIn;
  let home: string;
  // Access tokens live a minute: inside the five-minute refresh margin, so nearly every request refreshes and
  // writes its account file first.
  const tokens = new TokenRegistry(60);
  const authDir = () => join(home, 'auth');

  beforeAll(async () => {
    api = await startAnthropicStandIn({ tokens });
    oauth = await startAnthropicOAuthStandIn({ tokens });
    home = mkdtempSync(join(tmpdir(), 'sb-kill-'));
    await addAccount(new TokenStore(authDir()), tokens, 'durable@example.com', 60);
    const oauthYaml = Object.entries(oauthConfigFor(oauth))
      .map(([key, value]) => `      ${key}: ${value ?? 'null'}`)
      .join('\n');
    writeFileSync(
      join(home, 'config.yaml'),
      `port: 0\nauth-dir: ./auth\ndata-dir: ./data\napi-keys: [${TEST_API_KEY}]\nrate-limit:\n  requests-per-minute: 0\nprice-data:\n  auto-update: false\n` +
        `providers:\n  anthropic:\n    base-url: ${api.url}\n    oauth:\n${oauthYaml}\n`,
    );
  });
  afterAll(async () => {
    await Promise.all([api.close(), oauth.close()]);
    rmSync(home, { recursive: true, force: true });
  });

  /** One server process (node with tsx's loader, not the tsx wrapper, which would leave its child running). */
  async function serve(): Promise<{ url: string; server: ChildProcessWithoutNullStreams; exited: Promise<NodeJS.Signals | null> }> {
    const server = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', join(home, 'config.yaml'), 'serve'], {
      cwd: process.cwd(),
      env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'silent' },
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => server.once('exit', (_code, signal) => resolve(signal)));
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      server.stderr.resume();
      server.once('exit', () => reject(new Error(`the server exited early: ${output}`)));
    });
    return { url, server, exited };
  }

  /** A login from the dashboard: start it, approve it as the person, paste the code. Writes an account file. */
  async function logIn(url: string, email: string): Promise<void> {
    const started = await fetch(`${url}/admin/accounts/login`, { method: 'POST', headers, body: JSON.stringify({ provider: 'anthropic' }) });
    const { attemptId, url: authorizeUrl } = (await started.json()) as { attemptId: string; url: string };
    const code = textOfId(await (await fetch(await submitAuthorizeForm(authorizeUrl, { email }))).text(), 'code');
    const finished = await fetch(`${url}/admin/accounts/login/${attemptId}`, { method: 'POST', headers, body: JSON.stringify({ code }) });
    await finished.text();
    if (!finished.ok) throw new Error(`login answered ${finished.status}`);
  }

  /** Sends requests one after the other until the server is gone; records each one whose answer arrived whole. */
  async function client(url: string, name: string, finished: Finished[]): Promise<void> {
    for (let n = 0; ; n++) {
      const request = REQUESTS[n % REQUESTS.length]!;
      const model = `claude-durable-${name}-${n}`;
      try {
        const response = await fetch(`${url}${request.endpoint}`, { method: 'POST', headers, body: JSON.stringify(request.body(model)) });
        await response.text();
      } catch {
        return; // killed before the answer was whole: not finished
      }
      finished.push({ model, endpoint: request.endpoint });
    }
  }

  async function logInRepeatedly(url: string, round: number): Promise<void> {
    for (let n = 0; ; n++) {
      try {
        await logIn(url, `login-${round}-${n}@example.com`);
      } catch {
        return;
      }
    }
  }

  function usageRows(): Map<string, string> {
    const db = new Database(databasePath(join(home, 'data')), { readonly: true });
    try {
      const rows = db.prepare("SELECT model_requested AS model, endpoint FROM usage_events WHERE model_requested LIKE 'claude-durable-%'").all() as Finished[];
      return new Map(rows.map((row) => [row.model, row.endpoint]));
    } finally {
      db.close();
    }
  }

  /**
   * auth-dir after a kill: whole account files, and at most temporary files of writes the kill cut short and the
   * lock of an account the killed process was refreshing (the next start removes both).
   */
  function checkAuthDir(): { accounts: string[]; temporary: string[] } {
    const accounts: string[] = [];
    const temporary: string[] = [];
    for (const name of readdirSync(authDir())) {
      if (name.endsWith('.json')) {
        expect(() => parseAccountFile(readFileSync(join(authDir(), name), 'utf8'), null), name).not.toThrow();
        accounts.push(name);
      } else {
        expect(name).toMatch(TEMP_FILE_OR_LOCK);
        if (TEMP_FILE.test(name)) temporary.push(name);
      }
    }
    return { accounts, temporary };
  }

  /** Makes every temporary file stale, and leaves one more, as a write killed long ago would. */
  function ageTemporaryFiles(temporary: string[], accounts: string[]): string[] {
    const planted = `${accounts[0]}.${Date.now()}`;
    copyFileSync(join(authDir(), accounts[0]!), join(authDir(), planted));
    const longAgo = (Date.now() - STALE_TEMP_FILE_MS - 60_000) / 1000;
    for (const name of [...temporary, planted]) utimesSync(join(authDir(), name), longAgo, longAgo);
    return [...temporary, planted];
  }

  it('loses no finished request and leaves no half-written account file, killed at random moments', { timeout: 180_000 }, async () => {
    let stale: string[] = [];
    const totals = { finished: 0, temporaryAfterKill: 0 };
    /**
     * The requests the last round saw finish. Their rows are checked once the next start has run: an answer's event
     * is journaled before its last byte and committed right after it, so a kill between the two leaves the row to
     * the next start (usage-queue.ts), which commits it before it serves.
     */
    let finishedBefore: Finished[] = [];
    const expectRowsOf = (finished: Finished[]) => {
      const rows = usageRows();
      const missing = finished.filter((request) => rows.get(request.model) !== request.endpoint);
      expect(missing).toEqual([]);
    };
    for (let round = 0; round < ROUNDS; round++) {
      const { url, server, exited } = await serve();
      expectRowsOf(finishedBefore);
      // The previous kill's leftovers, made stale, are gone once the server has started.
      for (const name of stale) expect(() => statSync(join(authDir(), name)), name).toThrow();
      await logIn(url, `first-${round}@example.com`); // at least one usable account whatever the last kill cut short

      const finished: Finished[] = [];
      const load = [...Array.from({ length: CLIENTS }, (_, id) => client(url, `${round}-${id}`, finished)), logInRepeatedly(url, round)];
      await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 1600));
      server.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      await Promise.all(load);
      await expect(fetch(`${url}/health`)).rejects.toThrow(); // really gone

      expect(finished.length).toBeGreaterThan(0);
      finishedBefore = finished;
      const { accounts, temporary } = checkAuthDir();
      totals.finished += finished.length;
      totals.temporaryAfterKill += temporary.length;
      stale = ageTemporaryFiles(temporary, accounts);
    }

    // One more start: the leftovers of the last kill are removed too, and the accounts are all there.
    const { url, server, exited } = await serve();
    try {
      expectRowsOf(finishedBefore);
      for (const name of stale) expect(() => statSync(join(authDir(), name)), name).toThrow();
      // The new process may be refreshing an account at start: its own lock is live, not a leftover.
      expect(readdirSync(authDir()).filter((name) => !name.endsWith('.json') && !lockHeldBy(server.pid!, join(authDir(), name)))).toEqual([]);
      const listed = (await (await fetch(`${url}/admin/accounts`, { headers })).json()) as { accounts: unknown[]; invalid: unknown[] };
      expect(listed.invalid).toEqual([]);
      expect(listed.accounts.length).toBe(readdirSync(authDir()).length);
    } finally {
      server.kill('SIGKILL');
      await exited;
    }
    // The load wrote account files all along: logins and refreshes.
    expect(oauth.exchanges).toBeGreaterThan(ROUNDS);
    expect(oauth.refreshes).toBeGreaterThan(ROUNDS);
    console.info(
      `durability: ${ROUNDS} kills, ${totals.finished} finished requests all recorded, ${oauth.exchanges} logins, ${oauth.refreshes} refreshes, ` +
        `${totals.temporaryAfterKill} temporary files left by cut writes`,
    );
  });
});

/** Whether `path` is a lock file (`<pid>@<host>`) of process `pid`; a lock that went away meanwhile is no leftover either. */
function lockHeldBy(pid: number, path: string): boolean {
  if (!path.endsWith('.lock')) return false;
  try {
    return readFileSync(path, 'utf8').startsWith(`${pid}@`);
  } catch {
    return true;
  }
}

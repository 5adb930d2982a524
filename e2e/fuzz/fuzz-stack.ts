/**
 * The system under fuzz: `switchboard serve` as a process of its own (so a crash, an unhandled rejection or its
 * memory are its own and show), in front of the stand-in Anthropic API and OAuth server, which run here and are
 * never told to fail — so every 5xx the fuzzer sees was caused by the request. HOME is a temporary folder: the
 * client setup routes write Claude Code's and the Codex CLI's files there, never into the real home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import type { Account } from '../../proxy/accounts/account-file.js';
import { ownerKeyPath } from '../../proxy/keys/owner-key.js';
import { startAnthropicStandIn, type AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { oauthConfigFor, startAnthropicOAuthStandIn, type AnthropicOAuthStandIn } from '../stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { addAccount } from '../integration/harness.js';
import { FUZZ_BODY_LIMIT_BYTES, SERVER_HEAP_MB } from './budget.js';
import { sendCase, type Answer, type FuzzRequest } from './send.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ACCOUNT_EMAILS = ['fuzz-first@example.com', 'fuzz-second@example.com'];
/** Long enough that no token expires (and no refresh rewrites an account file) during a soak. */
const TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
/** The most of the server's error log kept to explain a finding. */
const LOG_TAIL_CHARS = 16_000;

/** Who sends a request: the owner key, a managed admin key, a managed client key, a key that is no key of this server, or none. */
export type Caller = 'owner' | 'admin' | 'client' | 'stranger' | 'none';
export const CALLERS: readonly Caller[] = ['owner', 'admin', 'client', 'stranger', 'none'];

/** What the fuzzer compares before and after a request: what an account's trouble looks like from outside. */
export interface AccountState {
  id: string;
  status: string;
  cooldownUntil: string | null;
  needsLogin: string | null;
  errors: number;
  lastError: string | null;
}

export interface AccountsSnapshot {
  accounts: AccountState[];
  /** Every file in auth-dir with the SHA-256 of its bytes. */
  files: Record<string, string>;
}

export interface FuzzStack {
  url: string;
  api: AnthropicStandIn;
  oauth: AnthropicOAuthStandIn;
  /** The ids of the accounts logged in at start. */
  accountIds: string[];
  /** The secret a caller sends (undefined for `none`). */
  keyOf(caller: Caller): string | undefined;
  /** After POST /admin/owner-key/rotate answered with the owner key: the new one. */
  ownerKeyRotated(key: string): void;
  /** A managed key the fuzzer may change or revoke (never one it calls with); a new one after a revoke. */
  targetKeyId(): string;
  replaceTargetKey(): Promise<void>;
  send(request: Omit<FuzzRequest, 'baseUrl'>): Promise<Answer>;
  snapshot(): Promise<AccountsSnapshot>;
  /** Puts the accounts back as they were at start (files and pool) after a request that was allowed to change them. */
  restoreAccounts(): Promise<void>;
  /** The server process's resident set size, bytes. */
  rss(): number;
  /** Null while the process runs; how it ended otherwise. */
  exit(): string | null;
  /** How the process ended, waiting up to `ms` for it to end (a crash breaks connections a moment before its exit shows); null if it runs on. */
  exitWithin(ms: number): Promise<string | null>;
  /** Kills the server process (SIGKILL), as a crash would end it. */
  kill(): Promise<void>;
  logTail(): string;
  close(): Promise<void>;
}

export async function startFuzzStack(): Promise<FuzzStack> {
  const tokens = new TokenRegistry(TOKEN_TTL_SECONDS);
  const api = await startAnthropicStandIn({ tokens });
  const oauth = await startAnthropicOAuthStandIn({ tokens });
  const home = mkdtempSync(join(tmpdir(), 'sb-fuzz-'));
  const authDir = join(home, 'auth');
  const dataDir = join(home, 'data');
  mkdirSync(join(home, 'home'), { recursive: true });
  const store = new TokenStore(authDir);
  const accounts: Account[] = [];
  for (const email of ACCOUNT_EMAILS) accounts.push(await addAccount(store, tokens, email, TOKEN_TTL_SECONDS));
  const accountFiles = new Map(readdirSync(authDir).map((name) => [name, readFileSync(join(authDir, name))]));
  const configPath = join(home, 'config.yaml');
  writeFileSync(configPath, configYaml(api, oauth));

  const server = startServerProcess(configPath, join(home, 'home'));
  const url = await server.listening;
  const keys: Record<Exclude<Caller, 'none'>, string> = {
    owner: readFileSync(ownerKeyPath(dataDir), 'utf8').trim(),
    admin: '',
    client: '',
    stranger: 'sk-sb-not-a-key-of-this-switchboard-0123456789',
  };
  const send = (request: Omit<FuzzRequest, 'baseUrl'>) => sendCase({ ...request, baseUrl: url });
  const createKey = async (label: string, role: 'admin' | 'client'): Promise<{ id: string; secret: string }> => {
    const answer = await send(adminJson('POST', '/admin/keys', keys.owner, { label, role }));
    if (answer.status !== 201) throw new Error(`could not create the ${role} key: ${answer.status} ${answer.body.toString()}`);
    return answer.json() as { id: string; secret: string };
  };
  keys.admin = (await createKey('fuzz admin', 'admin')).secret;
  keys.client = (await createKey('fuzz client', 'client')).secret;
  let target = (await createKey('fuzz target', 'client')).id;

  return {
    url,
    api,
    oauth,
    accountIds: accounts.map((account) => account.id),
    keyOf: (caller) => (caller === 'none' ? undefined : keys[caller]),
    ownerKeyRotated: (key) => void (keys.owner = key),
    targetKeyId: () => target,
    async replaceTargetKey() {
      target = (await createKey('fuzz target', 'client')).id;
    },
    send,
    async snapshot() {
      const answer = await send(adminJson('GET', '/admin/accounts', keys.owner));
      if (answer.status !== 200) throw new Error(`GET /admin/accounts answered ${answer.status}: ${answer.body.toString().slice(0, 500)}`);
      const listed = (answer.json() as { accounts: (AccountState & { usage: { errors: number; lastError: string | null } })[] }).accounts;
      return {
        accounts: listed.map((account) => ({
          id: account.id,
          status: account.status,
          cooldownUntil: account.cooldownUntil,
          needsLogin: account.needsLogin,
          errors: account.usage.errors,
          lastError: account.usage.lastError,
        })),
        files: hashFiles(authDir),
      };
    },
    async restoreAccounts() {
      for (const name of readdirSync(authDir)) if (!accountFiles.has(name)) rmSync(join(authDir, name), { force: true });
      for (const [name, bytes] of accountFiles) writeFileSync(join(authDir, name), bytes, { mode: 0o600 });
      const answer = await send(adminJson('POST', '/admin/reload', keys.owner));
      if (answer.status !== 200) throw new Error(`POST /admin/reload answered ${answer.status}`);
      // "Try now" on each: a restored file does not end a cooldown a fuzzed request may have caused.
      for (const account of accounts) await send(adminJson('POST', `/admin/accounts/${encodeURIComponent(account.id)}/cooldown/clear`, keys.owner));
    },
    rss: () => residentSetSize(server.process.pid),
    exit: server.exit,
    exitWithin: server.exitWithin,
    kill: () => server.stop('SIGKILL'),
    logTail: server.logTail,
    async close() {
      await server.stop();
      await Promise.all([api.close(), oauth.close()]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A JSON admin call, as the dashboard makes it. */
export function adminJson(method: string, path: string, key: string, body?: unknown): Omit<FuzzRequest, 'baseUrl'> {
  return {
    method,
    path,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? null : Buffer.from(JSON.stringify(body)),
  };
}


function configYaml(api: AnthropicStandIn, oauth: AnthropicOAuthStandIn): string {
  const oauthConfig = Object.entries(oauthConfigFor(oauth))
    .map(([key, value]) => `      ${key}: ${value === null ? 'null' : JSON.stringify(value)}`)
    .join('\n');
  return [
    'port: 0',
    'auth-dir: ./auth',
    'data-dir: ./data',
    `body-limit: ${FUZZ_BODY_LIMIT_BYTES}`,
    // The fuzzer sends thousands of requests a minute from one address: the per-IP limit would answer most of them.
    'rate-limit:',
    '  requests-per-minute: 0',
    'price-data:',
    '  auto-update: false',
    // POST /admin/prices/update downloads from here: the stand-in answers 404, so no case reaches the internet.
    `  url: ${JSON.stringify(`${api.url}/price-data.json`)}`,
    'providers:',
    '  anthropic:',
    `    base-url: ${JSON.stringify(api.url)}`,
    '    oauth:',
    oauthConfig,
    '',
  ].join('\n');
}

interface ServerProcess {
  process: ChildProcess;
  listening: Promise<string>;
  exit(): string | null;
  exitWithin(ms: number): Promise<string | null>;
  logTail(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function startServerProcess(configPath: string, home: string): ServerProcess {
  const tsx = import.meta.resolve('tsx');
  const node = [`--max-old-space-size=${SERVER_HEAP_MB}`, '--import', tsx];
  const child = spawn(process.execPath, [...node, join(REPO_ROOT, 'proxy', 'cli.ts'), '--config', configPath, '--log-format', 'json', 'serve'], {
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Errors only: a finding's report quotes them; the request lines of a soak would be millions of bytes.
    env: { ...process.env, HOME: home, USERPROFILE: home, SWITCHBOARD_LOG_LEVEL: 'error', NO_COLOR: '1' },
  });
  let log = '';
  let exitedAs: string | null = null;
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-LOG_TAIL_CHARS);
  };
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedAs = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    }),
  );
  const listening = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-LOG_TAIL_CHARS);
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`switchboard serve ${exitedAs} before it listened:\n${output}\n${log}`)));
  });
  return {
    process: child,
    listening,
    exit: () => exitedAs,
    async exitWithin(ms) {
      await Promise.race([exited, delay(ms, undefined, { ref: false })]);
      return exitedAs;
    },
    logTail: () => log,
    async stop(signal = 'SIGTERM') {
      if (exitedAs === null) child.kill(signal);
      await exited;
    },
  };
}

function hashFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]),
  );
}

/** VmRSS of a process (Linux's /proc; the CI and this machine run Linux). */
function residentSetSize(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kilobytes ? Number(kilobytes) * 1024 : 0;
}

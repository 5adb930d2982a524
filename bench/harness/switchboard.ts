/**
 * Switchboard as people run it, for the paths bench: `node bin/switchboard.js serve` (what `npm run serve` runs,
 * from the built dist/) in its own process, against a temporary config and auth-dir that point every target at the
 * bench upstreams: a Claude account (OAuth tokens, as a login writes them) and an `openai-key` instance. Client
 * keys are checked, requests go through a managed key's policy (budget, requests a minute, concurrency) and every
 * request's usage is recorded, as for a person; the log is at its default level.
 *
 * One setting differs from the defaults, and the report says so: the per-address rate limit is off, since every
 * bench connection comes from 127.0.0.1 (the load test does the same, e2e/load/load-run.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import { readOwnerKey } from '../../proxy/keys/owner-key.js';
import { accountParts } from '../../proxy/providers/index.js';
import { benchEnv, startServe } from './serve.js';
import type { UpstreamUrls } from './upstream.js';

export interface BenchSwitchboard {
  url: string;
  pid: number;
  /** A managed client key, so the key policy runs on every request. */
  clientKey: string;
  stop(): Promise<void>;
}

/** Limits far above what the bench asks for: checked on every request, never reached. */
const MANAGED_KEY = { label: 'bench', rpmLimit: 1_000_000, concurrencyLimit: 10_000, monthlyCostBudgetUsd: 1_000_000 };

async function writeAccounts(authDir: string, upstreams: UpstreamUrls): Promise<void> {
  const store = new TokenStore(authDir, { parts: accountParts });
  const inAYear = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
  await store.upsert({ provider: 'anthropic', access_token: 'sk-ant-oat01-bench', refresh_token: 'sk-ant-ort01-bench', expires_at: inAYear, email: 'bench@example.com', source: 'login' }, 'bench@example.com');
  await store.upsert({ provider: 'openai-key', instance: 'bench', access_token: 'sk-proj-bench-0123456789', base_url: `${upstreams['openai-responses']}/v1` }, 'bench');
}

async function createManagedKey(url: string, ownerKey: string): Promise<string> {
  const answer = await fetch(`${url}/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'application/json' }, body: JSON.stringify(MANAGED_KEY) });
  const body = (await answer.json()) as { secret?: string };
  if (answer.status !== 201 || !body.secret) throw new Error(`POST /admin/keys answered ${answer.status}: ${JSON.stringify(body)}`);
  return body.secret;
}

/** `cpuProfileDir`: the proxy writes a CPU profile there (node --cpu-prof) when it stops. */
export async function startSwitchboard(upstreams: UpstreamUrls, cpuProfileDir?: string): Promise<BenchSwitchboard> {
  const home = mkdtempSync(join(tmpdir(), 'sb-bench-paths-'));
  const configPath = join(home, 'config.yaml');
  writeFileSync(
    configPath,
    [
      'port: 0',
      'auth-dir: ./auth',
      'data-dir: ./data',
      'rate-limit:',
      '  requests-per-minute: 0',
      'price-data:',
      '  auto-update: false',
      'providers:',
      '  anthropic:',
      `    base-url: ${upstreams['anthropic-messages']}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  await writeAccounts(join(home, 'auth'), upstreams);
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const served = await startServe(process.execPath, [...profiling, 'bin/switchboard.js', '--config', configPath, 'serve'], benchEnv(home));
  try {
    const ownerKey = await readOwnerKey(join(home, 'data'));
    if (!ownerKey) throw new Error('switchboard serve wrote no owner key');
    const clientKey = await createManagedKey(served.url, ownerKey);
    return {
      url: served.url,
      pid: served.child.pid!,
      clientKey,
      async stop() {
        await served.stop();
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await served.stop();
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}

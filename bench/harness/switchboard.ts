/**
 * Switchboard as people run it, for the paths bench: `node bin/switchboard.js serve` (what `npm run serve` runs,
 * from the built dist/) in its own process, against a temporary config and auth-dir that point every target at the
 * bench upstreams: every kind of target in targets.ts (a Claude account, an `openai-key` instance, a ChatGPT login, a Cursor login). Client
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
import { stringify } from 'yaml';
import { benchEnv, startServe } from './serve.js';
import { TARGETS, type TargetSetup } from './targets.js';
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

/** The config and the account files of every kind of target the paths reach, each pointed at its bench upstream. */
async function writeSetup(home: string, upstreams: UpstreamUrls): Promise<string> {
  const store = new TokenStore(join(home, 'auth'), { parts: accountParts });
  const providers: Record<string, unknown> = {};
  const routes: Record<string, string[]> = {};
  for (const target of Object.values(TARGETS) as TargetSetup[]) {
    Object.assign(routes, target.routes);
    const { name, data } = target.account(upstreams);
    await store.upsert(data as unknown as Parameters<TokenStore['upsert']>[0], name);
    const config = target.providerConfig?.(upstreams);
    if (config) providers[config.provider] = config.section;
  }
  const configPath = join(home, 'config.yaml');
  const config = {
    port: 0,
    'auth-dir': './auth',
    'data-dir': './data',
    'rate-limit': { 'requests-per-minute': 0 },
    'price-data': { 'auto-update': false },
    providers,
    routing: { models: routes },
  };
  writeFileSync(configPath, stringify(config), { mode: 0o600 });
  return configPath;
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
  const configPath = await writeSetup(home, upstreams);
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

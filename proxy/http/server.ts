import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountPool, isUsable, type AuthDirLoad } from '../accounts/account-pool.js';
import { watchAuthDir } from '../accounts/auth-dir-watcher.js';
import type { QuotaSnapshot } from '../accounts/quota.js';
import { QuotaTracker } from '../accounts/quota-tracker.js';
import type { FailoverContext } from './routes/dispatch.js';
import { TokenStore } from '../accounts/token-store.js';
import type { Config } from '../config/load.js';
import type { ConfigReloader } from '../config/config-reload.js';
import { cliCommand } from '../cli-command.js';
import { KeyRing } from '../keys/key-ring.js';
import { createLogger } from '../log.js';
import { targetOf, type AccountFile, type TargetId } from '../accounts/account-file.js';
import { accountParts, createTargets, isProviderId } from '../providers/index.js';
import type { Target } from '../providers/provider.js';
import type { buildRegistry } from '../providers/registry.js';
import { ModelRouter } from '../router/model-router.js';
import { createApp } from './app.js';
import { ClientService } from '../clients/client-service.js';
import { clientBaseUrl } from '../clients/client-base-url.js';
import { catalogOf } from '../clients/model-catalog.js';
import { databasePath, openDatabase } from '../usage/database.js';
import { KeyPolicy } from '../usage/key-policy.js';
import { KeyStore } from '../usage/key-store.js';
import { createPricing } from '../usage/pricing.js';
import { BUNDLED_PRICES } from '../usage/price-catalog.js';
import { startPriceDataRefresh } from '../usage/price-data-refresh.js';
import { startOfNextMonth, UsageLedger } from '../usage/usage-ledger.js';
import { UsageQueue } from '../usage/usage-queue.js';
import { ConnectionTracker } from './connection-tracker.js';
import { collectAfterLoad, type CollectAfterLoadOptions } from './collect-after-load.js';
import { lowMemoryCollection } from '../low-memory-collection.js';
import { answerClientErrors } from './client-error.js';
import { toOriginForm } from './security/request-target.js';
import { startModelRefresh } from '../models/model-refresh.js';
import { upstreamFetch } from '../upstream/upstream-fetch.js';

const log = createLogger('http/server');

/** The usage endpoints are read this often per account (they cost no quota, but stay polite). */
const QUOTA_POLL_INTERVAL_MS = 15 * 60 * 1000;
/** How long start-up waits for the first live model lists, so the first request already resolves aliases with them. */
const FIRST_MODEL_LIST_WAIT_MS = 1500;
/** Node's own interval for checking the request timeouts; shorter timeouts are checked more often. */
const NODE_CHECKING_INTERVAL_MS = 30_000;

/** Drops usage events older than the retention now and once a day (the hourly and daily totals stay). */
function pruneDaily(ledger: UsageLedger, retentionDays: number): () => void {
  if (retentionDays === 0) return () => {};
  const prune = () => {
    const removed = ledger.prune(retentionDays);
    if (removed > 0) log.info({ removed, retentionDays }, 'old usage events removed');
  };
  prune();
  const timer = setInterval(prune, 24 * 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** When the account's weekly window resets (drain-soonest uses it). */
function weeklyResetOf(snapshot: QuotaSnapshot | undefined): number | null {
  const weekly = snapshot?.windows.find((window) => window.name === 'seven_day' || window.name === 'secondary');
  return weekly?.resetsAt ? Date.parse(weekly.resetsAt) : null;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerDeps {
  fetch?: typeof fetch;
  now?: () => number;
  /** The config file, followed while running: the settings below that can change live register with it. */
  settings?: ConfigReloader;
  /**
   * The provider registry to build targets and read account files with, in place of providers/index.ts's: a test
   * plugs a module in beside the real ones (buildRegistry), with `config.providers` parsed by that registry's schema.
   */
  registry?: Pick<ReturnType<typeof buildRegistry>, 'createTargets' | 'accountParts'>;
  /** How the memory a load used is given back once the server is quiet (a V8 low-memory collection after 10 s). */
  afterLoad?: CollectAfterLoadOptions;
}

/** The targets the config turns on, by the provider registry; named instances (API keys) come from their account files. */
export function createProviders(config: Config, deps: ServerDeps, accountFiles: readonly AccountFile[] = []): Target[] {
  const targetDeps = { fetch: deps.fetch ?? upstreamFetch, refreshTimeoutMs: config.timeouts.refresh, accountFiles };
  return deps.registry ? deps.registry.createTargets(config.providers, targetDeps) : createTargets(config.providers, targetDeps);
}

/**
 * The targets a server started from this config would serve: the config's, and the API-key instances the key files
 * in its auth-dir define. For what runs without a server (the CLI's prices, client setup), so it sees them too.
 */
export async function configuredTargets(config: Config, deps: ServerDeps = {}): Promise<Target[]> {
  const store = new TokenStore(config['auth-dir'], { parts: deps.registry?.accountParts ?? accountParts });
  return createProviders(config, deps, (await store.list()).accounts.map((account) => account.data));
}

/** Builds the proxy from its config and listens; close() drains requests in flight, then stops. */
export async function startServer(config: Config, deps: ServerDeps = {}): Promise<RunningServer> {
  const store = new TokenStore(config['auth-dir'], { parts: deps.registry?.accountParts ?? accountParts });
  await store.removeStaleTempFiles();
  // API-key instances are defined by their key files (followInstances below follows them while running).
  const providers = createProviders(config, deps, (await store.list()).accounts.map((account) => account.data));
  const byId = new Map<TargetId, Target>(providers.map((provider) => [provider.id, provider]));
  const quotas = new QuotaTracker();
  // What may change while running (see ConfigReloader): each is read through a variable its listener replaces.
  let strategies = config.providers;
  const pricing = createPricing(config.pricing, BUNDLED_PRICES, deps.now);
  // Targets defined by key files follow them on every read of auth-dir: a new instance is added, one whose settings
  // changed is built again (its model list is read anew), one whose last file went is removed. The router, the pool
  // and the model refresh read these same collections; the order stays the registry's.
  const followInstances = (files: readonly AccountFile[]): void => {
    const next = createProviders(config, deps, files).map((target) => {
      const known = byId.get(target.id);
      if (known && known.definedBy === target.definedBy) return known;
      log.info({ target: target.id }, known ? 'target changed' : 'target added');
      return target;
    });
    for (const gone of providers.filter((target) => !next.some((kept) => kept.id === target.id))) log.info({ target: gone.id }, 'target removed');
    providers.splice(0, providers.length, ...next);
    byId.clear();
    for (const target of next) byId.set(target.id, target);
  };
  const pool = new AccountPool(store, byId, {
    now: deps.now,
    onFilesRead: (accounts) => followInstances(accounts.map((account) => account.data)),
    strategyOf: (target) => {
      const provider = byId.get(target)?.provider;
      return provider && isProviderId(provider) ? strategies[provider].strategy : 'sticky';
    },
    weeklyResetOf: (accountId) => weeklyResetOf(quotas.get(accountId)),
    onNewLogin: (accountId) => quotas.forgetError(accountId),
  });
  await pool.load();
  const modelRefresh = startModelRefresh(
    () =>
      providers.map((provider) => ({
        directory: provider.modelDirectory,
        accounts: pool.usable(provider.id).map((account) => ({
          id: account.id,
          read: () => pool.withCredentials(account.id, (credentials) => provider.protocol.listModels(credentials)),
        })),
      })),
    { intervalMs: config.models['refresh-interval'], now: deps.now },
  );
  await Promise.race([modelRefresh.refreshStale(), delay(FIRST_MODEL_LIST_WAIT_MS, undefined, { ref: false })]);
  /** Reads auth-dir again: targets of key files and accounts (pool.load follows both), then the model lists not read yet. */
  const followKeyFiles = async (): Promise<AuthDirLoad> => {
    const loaded = await pool.load();
    log.info(loaded, 'accounts reloaded');
    await modelRefresh.refreshStale(); // a new login's or key's models count at once
    return loaded;
  };
  const stopWatching = await watchAuthDir(config['auth-dir'], () => {
    followKeyFiles().catch((error: unknown) => log.warn({ problem: String(error) }, 'reloading accounts failed'));
  });
  const stopPolling = quotas.startBackgroundPolling(
    () =>
      pool
        .all()
        .filter(isUsable)
        .flatMap((account) => {
          const fetchQuota = byId.get(targetOf(account.data))?.fetchQuota;
          return fetchQuota ? [{ id: account.id, fetcher: () => pool.withCredentials(account.id, (credentials) => fetchQuota(credentials)) }] : [];
        }),
    QUOTA_POLL_INTERVAL_MS,
  );
  const failover: FailoverContext = {
    pool,
    failoverMs: config.timeouts.failover,
    observe: (accountId, provider, headers) => {
      const snapshot = provider.quotaFromHeaders(headers);
      if (snapshot) quotas.record(accountId, snapshot);
    },
  };
  const db = openDatabase(databasePath(config['data-dir']));
  const priceData = startPriceDataRefresh(pricing, {
    dataDir: config['data-dir'],
    settings: { url: config['price-data'].url, autoUpdate: config['price-data']['auto-update'], refreshIntervalMs: config['price-data']['refresh-interval'] },
    fetch: deps.fetch ?? fetch,
    timeoutMs: config.timeouts.refresh,
    now: deps.now,
  });
  const ledger = new UsageLedger(db, pricing, deps.now);
  const usage = new UsageQueue(db, ledger, config['data-dir']);
  const managedKeys = new KeyStore(db, deps.now);
  const router = new ModelRouter(
    providers,
    undefined,
    (target) => pool.canServe(target.id),
    (target) => pool.hasUsable(target.id),
  );
  const routingProblems = router.use(config.routing);
  if (routingProblems.length > 0) throw new Error(`the routing table names targets that are not configured: ${routingProblems.join('; ')}`);
  const policy = new KeyPolicy({
    spendOf: (keyId) => usage.monthToDate(keyId),
    startOfNextMonth,
    resolveModel: (name) => router.route(name)?.upstreamModel ?? null,
    now: deps.now,
  });
  const stopPruning = pruneDaily(ledger, config.usage['retention-days']);
  const keys = new KeyRing(config['api-keys'], config['data-dir'], deps.now);
  await keys.refreshOwnerKey(true);
  if (keys.size === 0) throw new Error(`no API key is configured: run \`${cliCommand('key show')}\` to create the owner key, or set "api-keys"`);
  const { settings } = deps;
  const stopFollowing = [
    settings?.onChange('api-keys', (next) => keys.useConfigKeys(next['api-keys'])),
    settings?.onChange('pricing', (next) => pricing.useOverrides(next.pricing)),
    // A table naming an unknown target is refused (router.use logs why) and the running one stays.
    settings?.onChange('routing', (next) => void router.use(next.routing)),
    ...Object.keys(config.providers).map((id) => settings?.onChange(`providers.${id}.strategy`, (next) => (strategies = next.providers))),
  ];

  let publicUrl = '';
  let clients: ClientService | null = null;
  const clientService = () =>
    (clients ??= new ClientService({
      keys: managedKeys,
      dataDir: config['data-dir'],
      baseUrl: publicUrl,
      models: async () => catalogOf(router, [], (target) => pool.canServe(target.id)),
      isOwnKey: (secret) => keys.accepts([secret]),
    }));
  const reloadConfig = settings ? () => settings.reload() : undefined;
  const app = createApp({ config, keys, managedKeys, policy, ledger, usage, router, pool, quotas, failover, clients: clientService, pricing, priceData, reloadConfig, followKeyFiles, startedAt: Date.now() });
  const timeouts = { headersMs: config.timeouts.headers, requestMs: config.timeouts.request };
  const server = createServer(
    {
      // A request must arrive whole in time (a slow body cannot hold its socket for ever); the answer may take as long as it needs.
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(NODE_CHECKING_INTERVAL_MS, Math.max(100, timeouts.headersMs / 4)),
      keepAliveTimeout: 65_000,
      // The host check answers a missing Host in the client's format (security/host-check.ts), not Node with a bare 400.
      requireHostHeader: false,
    },
    (req, res) => app(toOriginForm(req), res),
  );
  const connections = new ConnectionTracker(server);
  answerClientErrors(server, connections, timeouts);
  const stopCollecting = collectAfterLoad(connections, deps.afterLoad ?? { collect: lowMemoryCollection });
  server.listen(config.port, config.host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
  const { port } = server.address() as AddressInfo;
  const url = clientBaseUrl({ host: config.host, port });
  publicUrl = url;
  log.info({ url, accounts: pool.all().length }, 'listening');
  return {
    url,
    port,
    close: async () => {
      for (const stop of stopFollowing) stop?.();
      stopWatching();
      stopPolling();
      modelRefresh.stop();
      priceData.stop();
      stopPruning();
      stopCollecting();
      await closeGracefully(server, connections, config.timeouts.shutdown);
      usage.close();
      db.close();
    },
  };
}

/** Stops accepting, lets requests in flight finish for up to `graceMs`, then cuts what is left. */
async function closeGracefully(server: Server, connections: ConnectionTracker, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A kept-alive connection becomes idle when its last request ends: close each one as soon as it does.
  const sweep = setInterval(() => connections.closeIdle(), 50);
  connections.closeIdle();
  const deadline = setTimeout(() => {
    log.warn({ graceMs }, 'requests still running at shutdown; closing their connections');
    server.closeAllConnections();
  }, graceMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(deadline);
}

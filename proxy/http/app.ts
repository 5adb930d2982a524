import express, { type Express } from 'express';
import type { AccountPool, AuthDirLoad } from '../accounts/account-pool.js';
import type { Config } from '../config/load.js';
import type { ReloadResult } from '../config/config-reload.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { ModelRouter } from '../router/model-router.js';
import { dashboardFiles } from './dashboard.js';
import { errorHandler, notFound } from './error-handler.js';
import { jsonBody } from './json-body.js';
import { boundedModelName } from './model-name-bound.js';
import { requestLog } from './request-log.js';
import { clientFormatRoute, passthroughOnlyRoute } from './routes/client-format-route.js';
import { passthroughSpecs } from './routes/passthrough-specs.js';
import { anthropicLocalCount } from './routes/local-count.js';
import { adminTargetsRoutes } from './routes/admin-targets.js';
import { healthRoutes } from './routes/health.js';
import { modelsRoutes } from './routes/models.js';
import { adminRoutes } from './routes/admin.js';
import { adminLoginRoutes } from './routes/admin-login.js';
import { adminProvidersRoutes } from './routes/admin-providers.js';
import { adminOwnerKeyRoutes } from './routes/admin-owner-key.js';
import type { FailoverContext } from './routes/dispatch.js';
import type { QuotaTracker } from '../accounts/quota-tracker.js';
import { anthropicFormat } from '../wire/anthropic/anthropic-format.js';
import { chatFormat } from '../wire/chat/chat-format.js';
import { responsesFormat } from '../wire/responses/responses-format.js';
import { requireAdmin, requireApiKey } from './security/api-key.js';
import { keyPolicy } from './security/key-policy.js';
import { recordUsage, type UsageSink } from './usage-recording.js';
import { usageRoutesForAdmins, usageRoutesForAnyKey } from './routes/admin-usage.js';
import { adminKeysRoutes } from './routes/admin-keys.js';
import { adminClientsRoutes } from './routes/admin-clients.js';
import type { ClientService } from '../clients/client-service.js';
import type { KeyPolicy } from '../usage/key-policy.js';
import type { KeyStore } from '../usage/key-store.js';
import type { UsageLedger } from '../usage/usage-ledger.js';
import { localhostOnlyCors } from './security/cors.js';
import type { Pricing } from '../usage/pricing.js';
import type { PriceDataRefresh } from '../usage/price-data-refresh.js';
import { adminPricesRoutes } from './routes/admin-prices.js';
import { hostCheck } from './security/host-check.js';
import { perIpRateLimit } from './security/rate-limit.js';
import { requestId } from './security/request-id.js';

export interface AppContext {
  config: Config;
  keys: KeyRing;
  managedKeys: KeyStore;
  policy: KeyPolicy;
  ledger: UsageLedger;
  /** Where each request's usage event goes as its answer ends (then into the ledger). */
  usage: UsageSink;
  router: ModelRouter;
  pool: AccountPool;
  quotas: QuotaTracker;
  failover: FailoverContext;
  /** Configures clients on this machine (known once the server listens: it needs the real port). */
  clients: () => ClientService;
  pricing: Pricing;
  priceData: PriceDataRefresh;
  /** Reads the config file again (POST /admin/reload); absent when the server was not started from one. */
  reloadConfig?: () => Promise<ReloadResult>;
  /** Reads auth-dir again: its accounts and the targets its key files define (added, changed, removed), with their models. */
  followKeyFiles?: () => Promise<AuthDirLoad>;
  startedAt: number;
}

/** The Express app: security first (ARCHITECTURE.md "A request's way through", step 1), then the routes. */
export function createApp(context: AppContext): Express {
  const { config } = context;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('etag', false);

  app.use(requestId);
  app.use(requestLog);
  app.use(hostCheck(config.host, config['allowed-hosts']));
  app.use(localhostOnlyCors());
  app.use(perIpRateLimit(config['rate-limit']['requests-per-minute']));
  // Express answers OPTIONS on any path it routes by itself (200 text/plain listing the methods). A CORS preflight
  // from a local page was answered above; any other OPTIONS is a method no endpoint serves, answered like one.
  app.options('/{*path}', notFound);

  // Every route is the app's own, never in a nested Router: an error a route raises inside a nested Router leaves it
  // for the error handler only on the next turn of the event loop (the router package's setImmediate).
  healthRoutes(context, app);
  app.use(dashboardFiles());

  for (const prefix of ['/v1', '/admin']) app.use(prefix, requireApiKey(context.keys, context.managedKeys));
  app.post('/v1/*path', recordUsage(context.usage));
  app.use(['/v1', '/admin'], jsonBody(config['body-limit']));
  app.post('/v1/*path', boundedModelName, keyPolicy(context.policy, { router: context.router, pricing: context.pricing, pool: context.pool }));
  const routeContext = { router: context.router, failover: context.failover, timeouts: { firstByteMs: config.timeouts['first-byte'], idleMs: config.timeouts.idle } };
  clientFormatRoute('/v1/messages', anthropicFormat, routeContext, passthroughSpecs.messages, app);
  passthroughOnlyRoute('/v1/messages/count_tokens', routeContext, passthroughSpecs.countTokens, anthropicLocalCount(anthropicFormat), app);
  clientFormatRoute('/v1/chat/completions', chatFormat, routeContext, passthroughSpecs.chat, app);
  clientFormatRoute('/v1/responses', responsesFormat, routeContext, passthroughSpecs.responses, app);
  passthroughOnlyRoute('/v1/responses/compact', routeContext, passthroughSpecs.responsesCompact, null, app);
  modelsRoutes(context, app);

  usageRoutesForAnyKey({ ledger: context.ledger, keys: context.managedKeys }, app);
  app.use('/admin', requireAdmin);
  usageRoutesForAdmins({ ledger: context.ledger }, app);
  adminKeysRoutes({ keys: context.managedKeys, spendOf: (keyId) => context.ledger.monthToDate(keyId) }, app);
  adminClientsRoutes(context.clients, app);
  adminOwnerKeyRoutes(context.keys, config['data-dir'], app);
  adminPricesRoutes({ pricing: context.pricing, priceData: context.priceData, router: context.router }, app);
  adminLoginRoutes({ config: context.config, pool: context.pool }, app);
  adminTargetsRoutes({ pool: context.pool, followKeyFiles: context.followKeyFiles, servedTargets: () => context.router.all().map((target) => target.id) }, app);
  adminProvidersRoutes({ enabledProviders: () => [...new Set(context.router.all().map((target) => target.provider))] }, app);
  adminRoutes({ pool: context.pool, quotas: context.quotas, reloadConfig: context.reloadConfig, followKeyFiles: context.followKeyFiles, target: (id) => context.router.byName(id) }, app);

  app.use(notFound);
  app.use(errorHandler(config['body-limit']));
  return app;
}

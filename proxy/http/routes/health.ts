import { type IRouter, Router } from 'express';
import { targetOf } from '../../accounts/account-file.js';
import type { AccountPool } from '../../accounts/account-pool.js';
import type { ModelRouter } from '../../router/model-router.js';
import { VERSION } from '../../paths.js';
import { cliCommand } from '../../cli-command.js';

/** GET /health: liveness and how many accounts can serve, without any secret. Needs no API key. */
export function healthRoutes(context: { router: ModelRouter; pool: AccountPool; startedAt: number }, router: IRouter = Router()): IRouter {
  router.get('/health', (_req, res) => {
    const providers = Object.fromEntries(
      context.router.all().map((provider) => [
        provider.id,
        {
          accounts: context.pool.all().filter((account) => targetOf(account.data) === provider.id).length,
          usable: context.pool.usable(provider.id).length,
        },
      ]),
    );
    // `cli`: how this person runs the CLI, so the dashboard's hints name it the same way (proxy/cli-command.ts).
    res.json({ status: 'ok', version: VERSION, uptime_seconds: Math.round((Date.now() - context.startedAt) / 1000), providers, cli: cliCommand('') });
  });
  return router;
}

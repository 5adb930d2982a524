import { type IRouter, Router } from 'express';
import { providerCatalog } from '../../providers/index.js';
import type { ProviderCatalog } from '../../providers/catalog.js';

/**
 * GET /admin/providers (admin keys): the provider catalog — ids, display names, credential kinds, login methods
 * (as a tagged union), importers, policy notes — for the dashboard and the desktop shell, which draw their
 * provider lists and login buttons from it.
 */
export function adminProvidersRoutes(context: { enabledProviders: () => readonly string[] }, router: IRouter = Router()): IRouter {
  router.get('/admin/providers', (_req, res) => {
    const catalog: ProviderCatalog = { providers: providerCatalog(), enabled: [...context.enabledProviders()] };
    res.json(catalog);
  });
  return router;
}

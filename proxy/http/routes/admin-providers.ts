import { Router } from 'express';
import { providerCatalog } from '../../providers/index.js';
import type { ProviderCatalogEntry } from '../../providers/provider-module.js';

/** What GET /admin/providers answers. */
export interface ProviderCatalog {
  providers: ProviderCatalogEntry[];
  /** The ids of the targets serving now (a provider turned off in the config has none). */
  enabled: string[];
}

/**
 * GET /admin/providers (admin keys): the provider catalog — ids, display names, credential kinds, login methods
 * (as a tagged union), importers, policy notes — for the dashboard and the desktop shell, which draw their
 * provider lists and login buttons from it.
 */
export function adminProvidersRoutes(context: { enabledProviders: () => readonly string[] }): Router {
  const router = Router();
  router.get('/admin/providers', (_req, res) => {
    const catalog: ProviderCatalog = { providers: providerCatalog(), enabled: [...context.enabledProviders()] };
    res.json(catalog);
  });
  return router;
}

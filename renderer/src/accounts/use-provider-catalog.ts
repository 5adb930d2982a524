import { useEffect, useState } from 'react';
import type { AccountLoginApi, ProviderCatalogEntry } from '../admin-api';

/**
 * The provider catalog (GET /admin/providers), loaded once: the page draws its provider names, login buttons and
 * importers from it, never from literals. Empty while loading or when it cannot be read.
 */
export function useProviderCatalog(api: Pick<AccountLoginApi, 'providers'>): ProviderCatalogEntry[] {
  const [providers, setProviders] = useState<ProviderCatalogEntry[]>([]);
  useEffect(() => {
    let live = true;
    api.providers().then((catalog) => live && setProviders(catalog.providers), () => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  return providers;
}

/** Whether the dashboard can drive this provider's login in a browser (a paste-code method). */
export function offersPasteLogin(provider: ProviderCatalogEntry): boolean {
  return provider.loginMethods.some((method) => method.kind === 'paste-code');
}

/** The name a person knows for a provider id; the id itself when the catalog does not list it. */
export function providerName(providers: readonly ProviderCatalogEntry[], id: string): string {
  return providers.find((provider) => provider.id === id)?.displayName ?? id;
}

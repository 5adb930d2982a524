import { useEffect, useState } from 'react';
import type { AccountLoginApi, LoginMethod, ProviderCatalogEntry } from '../admin-api';

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

/** A login method the dashboard drives in a browser: a pasted code, a device code, or a page the server polls. */
export type BrowserLoginMethod = Extract<LoginMethod, { kind: 'paste-code' | 'device-code' | 'poll' }>;

/** The provider's login methods the dashboard can drive in a browser, in the catalog's order (a loopback login needs the app or the CLI). */
export function browserLoginMethods(provider: Pick<ProviderCatalogEntry, 'loginMethods'>): BrowserLoginMethod[] {
  return provider.loginMethods.filter((method): method is BrowserLoginMethod => method.kind === 'paste-code' || method.kind === 'device-code' || method.kind === 'poll');
}

/** The provider's first login method the dashboard can drive in a browser, or null. */
export function browserLoginMethod(provider: Pick<ProviderCatalogEntry, 'loginMethods'>): BrowserLoginMethod | null {
  return browserLoginMethods(provider)[0] ?? null;
}

/** Whether the dashboard can drive this provider's login in a browser. */
export function offersBrowserLogin(provider: ProviderCatalogEntry): boolean {
  return browserLoginMethod(provider) !== null;
}

/** The name a person knows for a provider id; the id itself when the catalog does not list it. */
export function providerName(providers: readonly ProviderCatalogEntry[], id: string): string {
  return providers.find((provider) => provider.id === id)?.displayName ?? id;
}

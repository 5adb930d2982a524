/**
 * The one list through which providers plug into the desktop shell: the tray menu's "Log in…" items and the
 * login windows both read it. It is drawn from the proxy's provider catalog (its loopback logins, which the app
 * runs in a window, and its importers), never from literals. Pure data: no electron import, so the tray menu built
 * from it is unit-tested. What each login method does lives in main/login/login-methods.ts, keyed by provider id
 * and method id.
 */
import { providerCatalog, type ProviderCatalogEntry } from '../proxy/index.js';

/** How a login is carried out by the shell. */
export type DesktopLoginKind =
  /** An embedded BrowserWindow loads the authorize address; main catches the redirect to the callback URL. */
  | 'oauth-window'
  /** Copies a login another tool already holds on this machine (e.g. Claude Code's credentials). */
  | 'import'
  /** A device code to enter, or a page to log in on, in the system browser; the app polls until it is done. */
  | 'waiting';

export interface DesktopLoginMethod {
  /** Stable within its provider, e.g. "oauth" or "import-claude-code". */
  id: string;
  /** Menu wording, e.g. "Log in to Claude…". */
  label: string;
  kind: DesktopLoginKind;
}

/**
 * A sign-in page that refuses to work inside an app window (Google: "This browser or app may not be secure").
 * When the login window meets one, it continues in the system browser instead. main/login/login-navigation.ts
 * holds the refusals every provider shares; a provider lists only its own.
 */
export interface EmbeddedRefusal {
  /** Pages on this host refuse (exact, or "*.example.com" for its subdomains); checked before they load. */
  host?: string;
  /** With `host`: only paths starting with this. */
  pathPrefix?: string;
  /** Words on a loaded page that mean it refused (case does not matter). */
  pageText?: string;
  /** Why, as the window says it, e.g. "Google does not allow signing in inside apps". */
  reason: string;
}

export interface DesktopProvider {
  /** The proxy's provider id, e.g. "anthropic". */
  id: string;
  /** The name a person knows, e.g. "Claude". */
  name: string;
  logins: readonly DesktopLoginMethod[];
  /** Sign-in pages of this provider that refuse embedded windows, beyond the shared ones. */
  embeddedRefusals?: readonly EmbeddedRefusal[];
}

/** A login method the app lists, with its provider; null for one it does not list. */
export function findLoginMethod(
  providers: readonly DesktopProvider[],
  providerId: string,
  methodId: string,
): { provider: DesktopProvider; method: DesktopLoginMethod } | null {
  const provider = providers.find((candidate) => candidate.id === providerId);
  const method = provider?.logins.find((candidate) => candidate.id === methodId);
  return provider && method ? { provider, method } : null;
}

/**
 * The desktop's logins of each catalog provider: a loopback login runs in an app window; a device-code or poll
 * login waits while the person finishes it in the system browser; each importer is one item. A provider with none
 * (an API key, added in the dashboard's form) is not listed.
 */
export function desktopProvidersOf(catalog: readonly ProviderCatalogEntry[]): DesktopProvider[] {
  return catalog.map((provider) => ({
    id: provider.id,
    name: provider.displayName,
    logins: [
      ...provider.loginMethods.flatMap((method): DesktopLoginMethod[] => {
        if (method.kind === 'loopback') return [{ id: method.id, label: method.label, kind: 'oauth-window' as const }];
        if (method.kind === 'device-code' || method.kind === 'poll') return [{ id: method.id, label: method.label, kind: 'waiting' as const }];
        return [];
      }),
      ...provider.importers.map((importer) => ({ id: `import-${importer.id}`, label: importer.label, kind: 'import' as const })),
    ],
  })).filter((provider) => provider.logins.length > 0);
}

export const desktopProviders: readonly DesktopProvider[] = desktopProvidersOf(providerCatalog());

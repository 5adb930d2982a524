/**
 * The provider catalog's shapes: what GET /admin/providers answers, read by the dashboard and the desktop shell.
 * Types only, importing nothing, so the renderer can import them.
 */

/** How an account of a provider authenticates: a login that refreshes, or a key that never changes. */
export type CredentialKind = 'oauth' | 'api-key';

/**
 * One way to log in, as data, so the CLI, the admin API and the dashboard can drive any provider's login
 * without knowing the provider (a tagged union on `kind`):
 * - loopback: a browser opens the authorize address; a listener on localhost takes the redirect (CLI, desktop app).
 * - paste-code: the person opens the authorize address anywhere and pastes the code the page shows.
 * - device-code: the person enters a short code on the provider's page; the login polls until it is used.
 * - poll: a page the person opens is watched through a status endpoint until it says done.
 * - api-key: the person gives a key and the instance's settings (its fields); nothing is opened.
 */
export type LoginMethod =
  | { kind: 'loopback'; id: string; label: string }
  | { kind: 'paste-code'; id: string; label: string; paste: PasteInstructions }
  | { kind: 'device-code'; id: string; label: string }
  | { kind: 'poll'; id: string; label: string }
  | { kind: 'api-key'; id: string; label: string; fields: readonly ApiKeyField[] };

/**
 * What a paste-code login asks the person to paste, in the provider's own words (each provider's page ends on
 * something else: Claude shows a `code#state`, ChatGPT redirects to an address on localhost), so the dashboard
 * shows the right steps without knowing the provider.
 */
export interface PasteInstructions {
  /** The step after signing in on the opened page: what to copy, and to paste it below. */
  step: string;
  /** The paste field's label. */
  field: string;
  /** What a good paste looks like, e.g. "code#state". */
  example: string;
}

/**
 * One field of an API-key form (the `api-key` login method): the CLI asks for these, the admin API takes them, the
 * dashboard draws them. The key itself is `secret`: typed into a password field, read from stdin, never echoed.
 */
export interface ApiKeyField {
  name: 'instance' | 'base_url' | 'models' | 'key';
  label: string;
  required: boolean;
  secret: boolean;
  placeholder: string;
}

/** Where a provider's usage windows are read: answer headers (live traffic) and/or an endpoint that costs no quota. */
export type QuotaSource = 'headers' | 'usage-endpoint';

/** What the provider catalog (GET /admin/providers) says of a provider: data for the dashboard and the desktop shell. */
export interface ProviderCatalogEntry {
  id: string;
  displayName: string;
  credentialKinds: readonly CredentialKind[];
  /** The upstream protocol it speaks, e.g. "anthropic-messages". */
  protocol: string;
  loginMethods: readonly LoginMethod[];
  importers: readonly { id: string; label: string }[];
  policyNote: string | null;
  quotaSources: readonly QuotaSource[];
}

/** What GET /admin/providers answers. */
export interface ProviderCatalog {
  providers: ProviderCatalogEntry[];
  /** The providers with a target serving now (one turned off in the config has none). */
  enabled: string[];
}

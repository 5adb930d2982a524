import type { TargetId } from '../accounts/account-file.js';
import type { ProviderCredentials, RefreshedTokens } from '../accounts/account-pool.js';
import type { QuotaSnapshot } from '../accounts/quota.js';
import type { ModelDirectory } from '../models/model-directory.js';
import type { Protocol } from '../protocols/protocol.js';
import type { CostBasis } from '../usage/types.js';

export interface ModelInfo {
  id: string;
  displayName: string;
  /** The provider module's id (providers/index.ts). */
  provider: string;
  /** When the provider released it (ISO 8601), when its live list says. */
  createdAt: string | null;
}


/**
 * A target: an instance of a provider that the user configured or logged in — the Claude subscription pool today;
 * later an API key or a compatible endpoint. It speaks one protocol with its own connection; its accounts pool
 * together. Routes and the router deal only in targets.
 */
export interface Target {
  readonly id: TargetId;
  /** The provider module it is an instance of (the registry's id). */
  readonly provider: string;
  readonly displayName: string;
  /** Other names the routing table and model prefixes may call it by (`claude` for the Claude subscription pool). */
  readonly otherNames?: readonly string[];
  /**
   * What its requests' cost stands for in the usage ledger: money billed to an API key, or a subscription's
   * request priced at API rates ("subscription-equivalent": nobody is billed it).
   */
  readonly costBasis: CostBasis;
  /**
   * What the target was built from besides the config — an API-key instance's settings in its key files — as text
   * to compare: a running server builds the target again when it changes. Absent for a target of the config alone.
   */
  readonly definedBy?: string;
  /** The command that logs an account in, for messages such as "no account: run …". */
  readonly loginHint: string;
  /**
   * Response headers that name the account that served (its organization, say): relayed to admin keys only. The one
   * declaration of them (a module declares none of its own): the routes hold targets.
   */
  readonly accountHeaders: readonly string[];
  /** The models served now (live list, else built-in) and the aliases, as `/v1/models` lists them. */
  models(): ModelInfo[];
  /**
   * The model name client setup writes for a client that needs one and was given none (the Codex CLI): a name
   * this target keeps resolving to a current model, so a client's config does not go stale.
   */
  readonly defaultClientModel: string;
  /**
   * When this target is the only one with accounts, it serves every model name no prefix or routing-table entry
   * sends elsewhere: a name it does not know goes to its default model (a Cursor-only setup, where Claude Code's
   * names must still be answered). Absent: names it does not serve find no route, as usual.
   */
  readonly servesEveryNameWhenAlone?: boolean;
  /** The upstream model id for a client model name (aliases resolved), or null when this target does not serve it. */
  resolveModel(name: string): string | null;
  /** The live model lists of this target's accounts, with its built-in list and aliases. */
  readonly modelDirectory: ModelDirectory;
  /**
   * The most input tokens this target and its upstream may add to a request beyond the client's body (for budgets,
   * which reserve the worst case).
   */
  readonly addedInputTokens: number;
  /** The most output a translated request that sets no limit may produce (for budgets, which reserve the worst case). */
  readonly defaultMaxOutputTokens: number;
  /**
   * The upstream protocol, connected to this target: which client formats pass through, how requests go upstream,
   * how its answers and stream errors are classified, how its models are read.
   */
  readonly protocol: Protocol<ProviderCredentials>;
  /**
   * Only for credentials that refresh (an OAuth login); a static API key has none. A refresh token the provider
   * refused is a `LoginRefusedError`: the account needs a new login.
   */
  refreshTokens?(refreshToken: string): Promise<RefreshedTokens>;
  /** Usage windows from a response's headers (live traffic), when the upstream sends them. */
  quotaFromHeaders(headers: Headers): QuotaSnapshot | null;
  /** Usage windows from the provider's usage endpoint, which costs no quota — when it has one. */
  fetchQuota?(credentials: ProviderCredentials): Promise<QuotaSnapshot>;
}

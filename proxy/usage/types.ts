/**
 * The shapes shared by the usage ledger (events, rollups, queries) and the managed API keys. Both live in one
 * SQLite database in data-dir (`switchboard.db`), opened by database.ts with numbered migrations.
 */

export type UsageOutcome = 'ok' | 'error' | 'aborted';

/** One finished request (success, error or client abort), written when it ends. */
export interface UsageEvent {
  /** When the request ended (ms epoch). */
  at: number;
  /** The managed key's id, or "config:<first 8 hex of its hash>" for a key from the config file, or "owner". */
  keyId: string | null;
  /** The account the request was sent to (the last one tried); null when it was refused before any was tried. */
  accountId: string | null;
  /** The target that served (the last one tried, when its chain moved on); null when refused before routing. */
  provider: string | null;
  /** The targets of the chain tried, in order (the last is `provider`); empty when refused before routing. */
  targetsTried?: readonly string[];
  /** The model name as the client sent it. */
  modelRequested: string | null;
  /** The upstream model the request was routed to (what ran, and is priced); null when refused before routing. */
  modelServed: string | null;
  /** "/v1/messages", "/v1/chat/completions", … */
  endpoint: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Of cacheWriteTokens, those written with the 1-hour lifetime (priced at their own rate). */
  cacheWrite1hTokens?: number;
  reasoningTokens: number | null;
  /** True when the token counts are Switchboard's estimate rather than the provider's. */
  tokensEstimated: boolean;
  latencyMs: number;
  /** Time to the first byte of the answer, when there was one. */
  ttftMs: number | null;
  /** The HTTP status the client got (499: the client went away first). */
  status: number;
  outcome: UsageOutcome;
  error: string | null;
  /**
   * What the cost stands for: money an API key is billed, or a subscription's request at API prices (its
   * "subscription-equivalent"). Null when the request was refused before routing; absent in events queued before.
   */
  costBasis?: CostBasis | null;
}

export type CostBasis = 'billed' | 'subscription';

export type KeyRole = 'admin' | 'client';

/** A managed API key as stored (never the secret itself: only its SHA-256). */
export interface ApiKeyRecord {
  id: string;
  /** The first characters of the secret, to recognise it in lists ("sk-sb-AbCd…"). */
  prefix: string;
  label: string;
  owner: string | null;
  role: KeyRole;
  createdAt: number;
  lastUsedAt: number | null;
  enabled: boolean;
  expiresAt: number | null;
  /** Model names (as clients send them) this key may use; null: all. */
  allowedModels: string[] | null;
  monthlyTokenBudget: number | null;
  monthlyCostBudgetUsd: number | null;
  rpmLimit: number | null;
  concurrencyLimit: number | null;
  /** The only target its requests may go to (a name the routing table knows, e.g. `claude`); null: any. */
  pinnedTarget: string | null;
  /** The only account its requests may go to ("billed to this account, never another"); null: any. */
  pinnedAccount: string | null;
  revokedAt: number | null;
}

/** Month-to-date spend of one key (calendar month, UTC). */
export interface KeySpend {
  tokens: number;
  /** API-equivalent cost of the priced requests. */
  costUsd: number;
  requests: number;
  /** Requests whose model has no price (their cost is unknown, never counted as 0). */
  unpricedRequests: number;
}

import type { IncomingHttpHeaders } from 'node:http';
import type { Account, ProviderId } from '../accounts/account-file.js';
import type { Failure } from '../upstream/failure.js';
import type { QuotaSnapshot } from '../accounts/quota.js';
import type { ListedModel } from '../models/listed-model.js';
import type { ModelDirectory } from '../models/model-directory.js';
import type { IREvent, IRError, IRRequest, IRUsage, IRWarning } from '../wire/ir.js';
import type { TokenSet } from './anthropic/oauth.js';

export interface ModelInfo {
  id: string;
  displayName: string;
  provider: ProviderId;
  /** When the provider released it (ISO 8601), when its live list says. */
  createdAt: string | null;
}

/** A request forwarded in the upstream's own format, with only named edits (ARCHITECTURE.md step 4). */
export interface PassthroughRequest {
  /** The client path below /v1, e.g. "messages" or "messages/count_tokens". */
  endpoint: 'messages' | 'messages/count_tokens';
  /** The query string as the client sent it, including "?" (Claude Code adds "?beta=true"), or "". */
  search: string;
  headers: IncomingHttpHeaders;
  /** The parsed client body; the provider edits a copy, never this object. */
  body: Record<string, unknown>;
  /** The exact bytes the client sent, forwarded as they are when no edit is needed. */
  rawBody: Buffer;
  /** The upstream model id the router chose (aliases resolved). */
  upstreamModel: string;
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * Watches one successful passthrough answer on its way to the client, in the provider's own protocol: the usage it
 * reports, the errors inside it, and whether it is whole — only the provider knows what "complete" means (Anthropic's
 * `message_stop`, say). Whoever relays the answer feeds it every chunk before passing the chunk on.
 */
export interface PassthroughWatch {
  /** The next chunk. A fault (it breaks the protocol: an event that is not JSON, say) means it must not be passed on. */
  feed(chunk: Uint8Array): IRError | null;
  /** The answer has ended: a fault when it is not whole (a stream without its terminal event, a body that is not a complete answer). */
  end(): IRError | null;
  /** The token usage the answer reported, or null when it reported none (a token count). */
  usage(): IRUsage | null;
}

export interface PassthroughWatchOptions {
  endpoint: PassthroughRequest['endpoint'];
  /** A stream of server-sent events; else one whole body. */
  eventStream: boolean;
  /** The upstream's own error event inside the stream (it ends the stream; the client has seen it). */
  onErrorEvent: (error: IRError) => void;
}

/** A request in the IR, for a client whose format the provider does not speak (translated both ways). */
export interface TranslatedRequest {
  request: IRRequest;
  upstreamModel: string;
  signal: AbortSignal;
}

/**
 * The provider's answer to a translated request. `ok: false` means it failed before any content (the HTTP
 * status says how), so the caller may still refresh, fail over or answer with a plain error.
 */
export type TranslatedResponse =
  | { ok: true; headers: Headers; events: AsyncIterable<IREvent>; warnings: IRWarning[] }
  | { ok: false; status: number; headers: Headers; error: IRError; bodyText: string; warnings: IRWarning[] };

export interface ProviderCredentials {
  account: Account;
  accessToken: string;
}

export interface Provider {
  readonly id: ProviderId;
  readonly displayName: string;
  /** The command that logs an account in, for messages such as "no account: run …". */
  readonly loginHint: string;
  /** Response headers that name the account that served (its organization, say): relayed to admin keys only. */
  readonly accountHeaders: readonly string[];
  /** The models served now (live list, else built-in) and the aliases, as `/v1/models` lists them. */
  models(): ModelInfo[];
  /**
   * The model name client setup writes for a client that needs one and was given none (the Codex CLI): a name
   * this provider keeps resolving to a current model, so a client's config does not go stale.
   */
  readonly defaultClientModel: string;
  /** The upstream model id for a client model name (aliases resolved), or null when this provider does not serve it. */
  resolveModel(name: string): string | null;
  /** The live model lists of this provider's accounts, with its built-in list and aliases. */
  readonly modelDirectory: ModelDirectory;
  /**
   * The most input tokens this provider and its upstream may add to a request beyond the client's body (for budgets,
   * which reserve the worst case).
   */
  readonly addedInputTokens: number;
  /** The most output a translated request that sets no limit may produce (for budgets, which reserve the worst case). */
  readonly defaultMaxOutputTokens: number;
  /** Reads the models an account may use from the upstream (costs no quota). */
  fetchModels(credentials: ProviderCredentials): Promise<ListedModel[]>;
  passthrough(request: PassthroughRequest, credentials: ProviderCredentials): Promise<UpstreamResponse>;
  /** A watch for one successful passthrough answer (see PassthroughWatch). */
  watchPassthrough(options: PassthroughWatchOptions): PassthroughWatch;
  /** Serves a request of another wire format through the IR. */
  send(request: TranslatedRequest, credentials: ProviderCredentials): Promise<TranslatedResponse>;
  refreshTokens(refreshToken: string): Promise<TokenSet>;
  /** What an upstream error answer means for the account: its class, its reset time, in words. */
  classifyFailure(status: number, headers: Headers, bodyText: string): Failure;
  /** Usage windows from a response's headers (live traffic), when the provider sends them. */
  quotaFromHeaders(headers: Headers): QuotaSnapshot | null;
  /** Usage windows from the provider's usage endpoint, which costs no quota. */
  fetchQuota(credentials: ProviderCredentials): Promise<QuotaSnapshot>;
}

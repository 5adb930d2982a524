import type { IncomingHttpHeaders } from 'node:http';
import type { ListedModel } from '../models/listed-model.js';
import type { Failure } from '../upstream/failure.js';
import type { IREvent, IRError, IRRequest, IRUsage, IRWarning } from '../wire/ir.js';

/** The upstream wire protocols a target may speak. */
export type ProtocolId = 'anthropic-messages' | 'openai-chat' | 'openai-responses' | 'cursor-agent';

/** A client wire format, as the routes name it (`WireFormat['id']` in wire/wire-format.ts). */
export type ClientFormat = 'anthropic' | 'chat' | 'responses';

/**
 * Gives the headers that authenticate one request (compare vercel/ai's `headers: () => …`): Claude OAuth's Bearer
 * token and beta, a static `x-api-key`, a Codex login. Whether it can refresh is the provider's business, not the
 * protocol's: the protocol only asks for headers. `C` is whatever the provider holds per account.
 */
export interface CredentialSource<C> {
  headers(credential: C): Record<string, string>;
}

/**
 * Where and how a protocol reaches one target: its base URL, a fetch that follows no redirects and marks network
 * failures (`upstream/no-redirects.ts`, `upstream/network-failure.ts`), and the credential source.
 */
export interface Connection<C> {
  baseUrl: string;
  fetch: typeof fetch;
  credentials: CredentialSource<C>;
  /** Bounds the calls that are not model requests (the model list). */
  accountCallTimeoutMs: number;
}

/**
 * Client endpoints beyond those every protocol of a format serves, which only some upstreams have (the ChatGPT
 * backend's `responses/compact`): a protocol lists the ones it serves in `extraEndpoints`.
 */
export const EXTRA_ENDPOINTS = ['responses/compact'] as const;
export type ExtraEndpoint = (typeof EXTRA_ENDPOINTS)[number];

export function isExtraEndpoint(endpoint: string): endpoint is ExtraEndpoint {
  return (EXTRA_ENDPOINTS as readonly string[]).includes(endpoint);
}

/** A request forwarded in the upstream's own format, with only named edits (ARCHITECTURE.md step 4). */
export interface PassthroughRequest {
  /** The client path below /v1, e.g. "messages", "messages/count_tokens" or "chat/completions". */
  endpoint: 'messages' | 'messages/count_tokens' | 'chat/completions' | 'responses' | ExtraEndpoint;
  /** The query string as the client sent it, including "?" (Claude Code adds "?beta=true"), or "". */
  search: string;
  headers: IncomingHttpHeaders;
  /** The parsed client body; the protocol edits a copy, never this object. */
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
 * Watches one successful passthrough answer on its way to the client, in the protocol's own format: the usage it
 * reports, the errors inside it, and whether it is whole — only the protocol knows what "complete" means (Anthropic's
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

/** A request in the IR, for a client whose format the target does not speak (translated both ways). */
export interface TranslatedRequest {
  request: IRRequest;
  upstreamModel: string;
  signal: AbortSignal;
}

/**
 * The target's answer to a translated request. `ok: false` means it failed before any content (the HTTP
 * status says how — also an error inside a 200 stream, seen before its first event), so the caller may still
 * refresh, fail over or answer with a plain error.
 */
export type TranslatedResponse =
  | { ok: true; headers: Headers; events: AsyncIterable<IREvent>; warnings: IRWarning[] }
  | { ok: false; status: number; headers: Headers; error: IRError; bodyText: string; warnings: IRWarning[] };

/**
 * One upstream wire format, spoken for any target that uses it: only the connection (base URL, fetch,
 * credentials) differs between a subscription and an API key.
 */
export interface Protocol<C> {
  readonly id: ProtocolId;
  /** The client formats this protocol serves natively: their requests pass through with named edits only. */
  readonly nativeFormats: readonly ClientFormat[];
  /** The extra endpoints (EXTRA_ENDPOINTS) of its native formats it passes through too; none when absent. */
  readonly extraEndpoints?: readonly ExtraEndpoint[];
  /**
   * The answer headers a client of another format may still want (the request id, the rate-limit state): relayed
   * on translated answers. A passthrough relays every header anyway.
   */
  readonly translatedHeaders: RegExp;
  /** Forwards a request of a native format. Errors inside a 200 stream's opening come back as their HTTP status. */
  passthrough(request: PassthroughRequest, credential: C): Promise<UpstreamResponse>;
  /** A watch for one successful passthrough answer. */
  watch(options: PassthroughWatchOptions): PassthroughWatch;
  /** Serves a request of another client format through the IR. */
  send(request: TranslatedRequest, credential: C): Promise<TranslatedResponse>;
  /** What an upstream error answer means for the account: its class, its reset time, in words. */
  classifyFailure(status: number, headers: Headers, bodyText: string): Failure;
  /**
   * For an upstream that cannot count tokens itself: the input tokens of a request as converted for it, counted
   * here (an estimate). Absent: the protocol counts upstream (a passthrough) or not at all.
   */
  estimateInputTokens?(request: IRRequest, upstreamModel: string): number;
  /** Reads the models the credential may use (costs no quota). */
  listModels(credential: C): Promise<ListedModel[]>;
}

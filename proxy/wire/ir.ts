/**
 * Switchboard's internal model of a conversation request and of a response stream. Every client format is
 * parsed into it and rendered from it; every provider that does not speak the client's format translates to
 * and from it. N formats need N parsers and N renderers, never N² translators (ARCHITECTURE.md step 4).
 *
 * Data only one provider or format understands rides along in `providerData`, keyed by that provider or
 * format's id (e.g. `{ anthropic: { cache_control: … } }`), so a round trip through the IR loses nothing the
 * far side could use.
 */

export type ProviderData = Readonly<Record<string, unknown>>;

// ─── Request ──────────────────────────────────────────────────────────────────────────────────────────────

export interface IRRequest {
  /** The model name the client asked for (the router resolves it; responses echo this name). */
  model: string;
  /** System / developer instructions, in order. */
  system: IRTextPart[];
  messages: IRMessage[];
  tools: IRTool[];
  toolChoice: IRToolChoice | null;
  /** False: at most one tool call per turn. Null: the provider's default. */
  parallelToolCalls: boolean | null;
  sampling: IRSampling;
  stopSequences: string[];
  reasoning: IRReasoning | null;
  /** Structured output: the reply must be JSON (matching the schema, when there is one). */
  output: IROutputFormat | null;
  metadata: IRMetadata;
  stream: boolean;
  providerData?: ProviderData;
}

export interface IRSampling {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
}

export type IRReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface IRReasoning {
  /** Off: the client asked for no reasoning at all. */
  enabled: boolean;
  effort?: IRReasoningEffort;
  /** An explicit thinking budget in tokens (Anthropic's budget_tokens). */
  budgetTokens?: number;
  /** Whether the client wants the reasoning text (summaries) back. */
  summary?: 'auto' | 'concise' | 'detailed' | 'none';
}

export type IROutputFormat =
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict: boolean; description?: string }
  | { type: 'json_object' };

export interface IRMetadata {
  /** An end-user id the client supplied (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  /** A conversation / cache key (`prompt_cache_key`, Claude Code's session id). */
  conversationId?: string;
}

export type IRMessage =
  | { role: 'user'; content: IRUserPart[]; providerData?: ProviderData }
  | { role: 'assistant'; content: IRAssistantPart[]; providerData?: ProviderData }
  /** Results of tool calls, answering the assistant message before it. */
  | { role: 'tool'; content: IRToolResultPart[]; providerData?: ProviderData };

export type IRUserPart = IRTextPart | IRImagePart;
export type IRAssistantPart = IRTextPart | IRReasoningPart | IRToolCallPart;

export interface IRTextPart {
  type: 'text';
  text: string;
  providerData?: ProviderData;
}

export interface IRImagePart {
  type: 'image';
  source: { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };
  /** OpenAI's detail hint; providers without one ignore it. */
  detail?: 'auto' | 'low' | 'high';
  providerData?: ProviderData;
}

export interface IRReasoningPart {
  type: 'reasoning';
  /** The visible reasoning (or its summary); may be empty when only an encrypted form exists. */
  text: string;
  /** Anthropic's thinking signature, needed to send the thinking back in a later turn. */
  signature?: string;
  /** Reasoning the provider returned only in encrypted form (Anthropic redacted_thinking data, OpenAI encrypted_content). */
  encrypted?: string;
  providerData?: ProviderData;
}

export interface IRToolCallPart {
  type: 'tool-call';
  id: string;
  /** The tool's name as the provider sees it (see IRTool.name). */
  name: string;
  /** The arguments as a JSON text, exactly as produced (may be "" for no arguments). */
  arguments: string;
  providerData?: ProviderData;
}

export interface IRToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  content: Array<IRTextPart | IRImagePart>;
  isError?: boolean;
  providerData?: ProviderData;
}

export interface IRTool {
  /**
   * The name the provider sees. A client tool whose name a provider cannot take as it is (a Codex namespace
   * member, a custom free-form tool) gets a flat name here; `origin` says how to map calls back.
   */
  name: string;
  description?: string;
  /** JSON Schema of the input object. */
  inputSchema: Record<string, unknown>;
  strict?: boolean;
  origin: IRToolOrigin;
  providerData?: ProviderData;
}

export type IRToolOrigin =
  | { kind: 'function' }
  /** A function inside a Codex `namespace` tool: calls go back as that namespace's function. */
  | { kind: 'namespaced'; namespace: string; name: string }
  /** A Responses `custom` tool (free-form text input): its one string argument is `input`. */
  | { kind: 'custom'; name: string; format?: unknown };

export type IRToolChoice = { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };

// ─── Response stream ──────────────────────────────────────────────────────────────────────────────────────

export interface IRUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the prompt cache (already excluded from inputTokens, as Anthropic counts). */
  cacheReadTokens: number;
  /** Input tokens written to the prompt cache (already excluded from inputTokens). */
  cacheWriteTokens: number;
  /** Of cacheWriteTokens, those written with the 1-hour lifetime (priced higher); absent when none or not said. */
  cacheWrite1hTokens?: number;
  /** Output tokens spent on reasoning, when the provider says (included in outputTokens). */
  reasoningTokens: number | null;
  /** True when the numbers are Switchboard's estimate, not the provider's count. */
  estimated: boolean;
}

export type IRStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'pause_turn' | 'error';

/**
 * One step of a response stream. Content parts are numbered by `index` in output order; each part has a
 * start, deltas and an end, and parts may interleave only by index. A stream is: `message-start`, parts,
 * then exactly one of `finish` or `error`.
 */
export type IREvent =
  | { type: 'message-start'; id: string; model: string; usage: IRUsage | null; providerData?: ProviderData }
  | { type: 'text-start'; index: number; providerData?: ProviderData }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'text-end'; index: number }
  | { type: 'reasoning-start'; index: number; encrypted?: string; providerData?: ProviderData }
  | { type: 'reasoning-delta'; index: number; text: string }
  | { type: 'reasoning-signature'; index: number; signature: string }
  | { type: 'reasoning-end'; index: number }
  | { type: 'tool-call-start'; index: number; id: string; name: string; providerData?: ProviderData }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number }
  /** Usage known so far (may come several times; the last one counts). */
  | { type: 'usage'; usage: IRUsage }
  | { type: 'finish'; stopReason: IRStopReason; stopSequence: string | null; usage: IRUsage }
  | { type: 'error'; error: IRError };

export interface IRError {
  kind: 'invalid_request' | 'authentication' | 'permission' | 'not_found' | 'rate_limit' | 'overloaded' | 'api_error' | 'timeout';
  message: string;
  /** The HTTP status the error would have had before streaming began. */
  status: number;
}

/** How a stream that stopped before its `finish` or `error` event is reported to the client. */
export function incompleteStreamError(): IRError {
  return { kind: 'api_error', status: 502, message: 'the upstream stream ended before the response was complete' };
}

/** A complete response: what aggregating a stream yields, rendered as a client's non-streaming JSON. */
export interface IRResponse {
  id: string;
  /** The upstream model that answered; renderers show the client's requested name instead. */
  upstreamModel: string;
  content: IRAssistantPart[];
  stopReason: IRStopReason;
  stopSequence: string | null;
  usage: IRUsage;
}

// ─── Translation side-channel ─────────────────────────────────────────────────────────────────────────────

/** What a translation could not carry over; logged once per request, never an exception. */
export interface IRWarning {
  /** Where it happened, e.g. "responses.tools[2]" or "anthropic.request". */
  at: string;
  message: string;
}

export const emptyUsage = (): IRUsage => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null, estimated: false });

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** A request with nothing in it but the given fields: where a request built by hand (in tests) starts. */
export function irRequest(fields: Partial<IRRequest> & Pick<IRRequest, 'model'>): IRRequest {
  return {
    system: [],
    messages: [],
    tools: [],
    toolChoice: null,
    parallelToolCalls: null,
    sampling: {},
    stopSequences: [],
    reasoning: null,
    output: null,
    metadata: {},
    stream: false,
    ...fields,
  };
}

import type { JsonValue } from '@bufbuild/protobuf';

import type { CursorAgentCredential } from './agent-headers.js';

/**
 * Cursor's chat, whatever path carries it (PROTOCOLS.md §3 "Which chat path"): the agent `Run` over HTTP/2 today;
 * RunSSE + BidiAppend or the legacy StreamUnifiedChatWithTools may follow behind the same interface.
 */
export interface CursorChatTransport {
  /** One turn: its events, ending with exactly one `end` or `error`. */
  run(turn: ChatTurn, credential: CursorAgentCredential, signal: AbortSignal): AsyncIterable<ChatTurnEvent>;
  /** Drops the open connections. */
  close(): void;
}

export type ChatMode = 'agent' | 'ask' | 'plan';

/** A message of the conversation as text (tool calls and results already written out as text: a cold resume). */
export interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
}

/** A client tool, offered to Cursor as an MCP tool. */
export interface ChatTool {
  name: string;
  description: string;
  /** JSON Schema of the tool's input. */
  inputSchema: JsonValue;
}

/** An image of the conversation, sent with the turn's user message; the text names it where it was (`[image 1]`). */
export interface ChatImage {
  mimeType: string;
  data: Uint8Array;
}

export interface ChatTurn {
  model: string;
  mode: ChatMode;
  /** The system text, or "". */
  system: string;
  /** The whole conversation, oldest first; it ends with the user's message. */
  messages: ChatMessage[];
  tools: ChatTool[];
  /** Every image of the conversation, in order (a new run carries them with its user message only). */
  images?: ChatImage[];
}

export interface ChatTurnUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

/** Why a turn failed, as far as the account and the client are concerned (PROTOCOLS.md §3 "Models, usage, errors"). */
export type ChatFailureKind =
  /** A usage limit or rate limit: cool the account down. */
  | 'rate-limited'
  /** The token was refused: refresh once. */
  | 'auth'
  /** Cursor no longer serves this client version: raise the configured client version; no cooldown. */
  | 'outdated-client'
  /** HTTP 200 and nothing at all: the model is not in the account's regional catalog; surface, no retry. */
  | 'empty-stream'
  /** The stream ended cleanly without `turn_ended`. */
  | 'truncated'
  /** Anything else Cursor or the way to it answered. */
  | 'upstream';

export interface ChatFailure {
  kind: ChatFailureKind;
  /** In words, for the client (Cursor's `title: detail` when it sent them). */
  message: string;
  /** Cursor's ERROR_ name, when it sent one. */
  cursorError?: string;
}

export type ChatTurnEvent =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  /** The model calls one of the client's tools; the turn ends after it (the result comes in a new turn). */
  | { type: 'tool_call'; id: string; name: string; input: Record<string, JsonValue> }
  | { type: 'usage'; usage: ChatTurnUsage }
  | { type: 'end'; reason: 'end_turn' | 'tool_use' }
  | { type: 'error'; failure: ChatFailure };

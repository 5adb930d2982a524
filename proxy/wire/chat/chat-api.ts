import { z } from 'zod';
import { modelNameSchema } from '../model-name.js';

/**
 * The OpenAI Chat Completions wire format: zod schemas of what clients send, and plain types of what we send
 * back. Reference: the `openai` package's resources/chat/completions/completions.d.ts. Every object is loose,
 * so fields we do not name pass validation (parse-chat-request.ts decides which of them deserve a warning).
 */

// ─── Request ──────────────────────────────────────────────────────────────────────────────────────────────

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });

const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).nullish() }),
});

const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

/** Audio and file inputs: accepted so a client does not fail, then dropped with a warning (no IR form). */
const audioPart = z.looseObject({ type: z.literal('input_audio') });
const filePart = z.looseObject({ type: z.literal('file') });

const userPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart]);
const assistantPart = z.discriminatedUnion('type', [textPart, refusalPart]);
/** OpenAI allows text only; images are a harmless superset the IR can carry. */
const toolResultPart = z.discriminatedUnion('type', [textPart, imagePart]);

const textContent = z.union([z.string(), z.array(textPart)]);

const functionToolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});
const customToolCall = z.looseObject({ id: z.string().min(1), type: z.literal('custom'), custom: z.looseObject({ name: z.string() }) });

const legacyFunctionCall = z.looseObject({ name: z.string().min(1), arguments: z.string() });

const systemMessage = z.looseObject({ role: z.literal('system'), content: textContent });
const developerMessage = z.looseObject({ role: z.literal('developer'), content: textContent });
const userMessage = z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(userPart)]) });
const assistantMessage = z.looseObject({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(assistantPart)]).nullish(),
  /** DeepSeek / vLLM convention: clients that show reasoning send it back on the assistant turn. */
  reasoning_content: z.string().nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(z.discriminatedUnion('type', [functionToolCall, customToolCall])).nullish(),
  function_call: legacyFunctionCall.nullish(),
});
const toolMessage = z.looseObject({
  role: z.literal('tool'),
  tool_call_id: z.string().min(1),
  content: z.union([z.string(), z.array(toolResultPart)]),
});
/** Deprecated before tool calls existed: the result of the assistant's `function_call`. */
const functionMessage = z.looseObject({ role: z.literal('function'), name: z.string().min(1), content: z.string().nullable() });

const message = z.discriminatedUnion('role', [systemMessage, developerMessage, userMessage, assistantMessage, toolMessage, functionMessage]);

const functionDefinition = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const functionTool = z.looseObject({ type: z.literal('function'), function: functionDefinition });
const customTool = z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) });

const toolChoice = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
    z.looseObject({ type: z.literal('allowed_tools'), allowed_tools: z.looseObject({ mode: z.enum(['auto', 'required']) }) }),
    z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) }),
  ],
  { error: 'expected "none", "auto", "required" or {"type": "function", "function": {"name": …}}' },
);

const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const CHAT_REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;

const maxTokens = z.number().int().positive().nullish();

export const chatRequestSchema = z.looseObject({
  model: modelNameSchema,
  messages: z.array(message).min(1),
  tools: z.array(z.discriminatedUnion('type', [functionTool, customTool])).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  /** Deprecated forms of `tools` / `tool_choice`. */
  functions: z.array(functionDefinition).nullish(),
  function_call: z.union([z.enum(['none', 'auto']), z.looseObject({ name: z.string().min(1) })]).nullish(),
  max_tokens: maxTokens,
  max_completion_tokens: maxTokens,
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  /** Not OpenAI's, but vLLM-style clients send it and the IR can carry it. */
  top_k: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  reasoning_effort: z.enum(CHAT_REASONING_EFFORTS).nullish(),
  response_format: responseFormat.nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  n: z.number().int().positive().nullish(),
});

export type ChatRequest = z.output<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest['messages'][number];
export type ChatUserPart = z.output<typeof userPart>;
export type ChatImagePart = z.output<typeof imagePart>;
export type ChatToolResultPart = z.output<typeof toolResultPart>;
export type ChatFunctionDefinition = z.output<typeof functionDefinition>;

// ─── Response ─────────────────────────────────────────────────────────────────────────────────────────────

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatUsage {
  /** All prompt tokens, cached ones included (OpenAI counts them in; the IR does not). */
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  /** The reasoning text, under the name DeepSeek and vLLM use (OpenAI itself returns none). */
  reasoning_content?: string;
  tool_calls?: ChatToolCall[];
  refusal: null;
  annotations: [];
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: [{ index: 0; message: ChatCompletionMessage; logprobs: null; finish_reason: ChatFinishReason }];
  usage: ChatUsage;
}

/** A tool call in a stream: the first chunk of a call names it, later ones carry argument text only. */
export type ChatToolCallDelta =
  | { index: number; id: string; type: 'function'; function: { name: string; arguments: '' } }
  | { index: number; function: { arguments: string } };

export interface ChatDelta {
  role?: 'assistant';
  content?: string;
  refusal?: null;
  reasoning_content?: string;
  tool_calls?: ChatToolCallDelta[];
}

export interface ChatChunkChoice {
  index: 0;
  delta: ChatDelta;
  logprobs: null;
  finish_reason: ChatFinishReason | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  /** Empty only in the closing usage chunk. */
  choices: [ChatChunkChoice] | [];
  /** Present only when the client asked for `stream_options.include_usage`: null until the closing chunk. */
  usage?: ChatUsage | null;
}

export interface ChatErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

import { z } from 'zod';
import { modelNameSchema } from '../model-name.js';

/**
 * The OpenAI Responses request as Switchboard reads it (reference: the `openai` package's
 * resources/responses/responses.d.ts). Objects are loose: fields Switchboard does not name pass unchecked.
 * `input` items, their content parts and `tools` are first checked only for a `type`, then one by one against
 * the schemas below, so an unknown kind becomes a warning instead of a rejected request.
 */

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();

/** A content part or an item, before it is checked against its own schema. */
const typed = z.looseObject({ type: z.string() });
const maybeTyped = z.looseObject({ type: z.string().optional() });

/**
 * OpenAI's bounds for `metadata`: at most 16 pairs, keys of at most 64 characters, string values of at most 512.
 * Every response object echoes it, so it is checked here, before the upstream is paid for a request whose answer
 * could not carry it.
 */
const MAX_METADATA_PAIRS = 16;
const metadataSchema = z
  .record(z.string().max(64), z.string().max(512, 'a metadata value is a string of at most 512 characters'))
  .refine((metadata) => Object.keys(metadata).length <= MAX_METADATA_PAIRS, `metadata has at most ${MAX_METADATA_PAIRS} key-value pairs`);

export const responsesRequestSchema = z.looseObject({
  model: modelNameSchema,
  input: z.union([z.string(), z.array(maybeTyped)]),
  instructions: nullish(z.string()),
  tools: nullish(z.array(typed)),
  tool_choice: nullish(z.union([z.string(), typed])),
  parallel_tool_calls: nullish(z.boolean()),
  max_output_tokens: nullish(z.number().int().positive()),
  temperature: nullish(z.number()),
  top_p: nullish(z.number()),
  reasoning: nullish(
    z.looseObject({
      effort: nullish(z.string()),
      summary: nullish(z.enum(['auto', 'concise', 'detailed'])),
      /** The deprecated name of `summary`. */
      generate_summary: nullish(z.enum(['auto', 'concise', 'detailed'])),
    }),
  ),
  text: nullish(
    z.looseObject({
      format: nullish(
        z.discriminatedUnion('type', [
          z.looseObject({ type: z.literal('text') }),
          z.looseObject({ type: z.literal('json_object') }),
          z.looseObject({
            type: z.literal('json_schema'),
            name: z.string(),
            schema: z.record(z.string(), z.unknown()),
            strict: nullish(z.boolean()),
            description: nullish(z.string()),
          }),
        ]),
      ),
      verbosity: nullish(z.string()),
    }),
  ),
  stream: nullish(z.boolean()),
  store: nullish(z.boolean()),
  include: nullish(z.array(z.string())),
  prompt_cache_key: nullish(z.string()),
  user: nullish(z.string()),
  safety_identifier: nullish(z.string()),
  previous_response_id: nullish(z.string()),
  conversation: z.unknown().optional(),
  prompt: z.unknown().optional(),
  background: nullish(z.boolean()),
  truncation: nullish(z.string()),
  service_tier: nullish(z.string()),
  metadata: nullish(metadataSchema),
});

export type ResponsesRequest = z.output<typeof responsesRequestSchema>;
export type ResponsesTypedObject = z.output<typeof typed>;

// ─── Content parts ────────────────────────────────────────────────────────────────────────────────────────

/** `input_text` (user/system/developer) and `output_text` (assistant) carry text the same way. */
export const textPartSchema = z.looseObject({ type: z.enum(['input_text', 'output_text', 'text']), text: z.string() });
export const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
export const imagePartSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: nullish(z.string()),
  file_id: nullish(z.string()),
  detail: nullish(z.enum(['auto', 'low', 'high', 'original'])),
});

export type ImagePart = z.output<typeof imagePartSchema>;

const contentSchema = z.union([z.string(), z.array(typed)]);

// ─── Input items ──────────────────────────────────────────────────────────────────────────────────────────

export const messageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: contentSchema,
});

export const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  namespace: nullish(z.string()),
});

export const customToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
  namespace: nullish(z.string()),
});

/** `function_call_output` and `custom_tool_call_output`. */
export const toolOutputItemSchema = z.looseObject({
  type: z.enum(['function_call_output', 'custom_tool_call_output']),
  call_id: z.string().min(1),
  output: contentSchema,
});

export const reasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  id: nullish(z.string()),
  summary: nullish(z.array(z.looseObject({ type: z.string(), text: z.string() }))),
  content: nullish(z.array(z.looseObject({ type: z.string(), text: z.string() }))),
  encrypted_content: nullish(z.string()),
});

export type ReasoningInputItem = z.output<typeof reasoningItemSchema>;

/** Newer Codex models send their tools as an input item instead of a `tools` key (CLIENTS.md). */
export const additionalToolsItemSchema = z.looseObject({ type: z.literal('additional_tools'), tools: z.array(typed) });

// ─── Tools ────────────────────────────────────────────────────────────────────────────────────────────────

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: nullish(z.string()),
  parameters: nullish(z.record(z.string(), z.unknown())),
  strict: nullish(z.boolean()),
});

const customToolFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('grammar'), syntax: z.string(), definition: z.string() }),
]);

export const customToolSchema = z.looseObject({
  type: z.literal('custom'),
  name: z.string().min(1),
  description: nullish(z.string()),
  format: nullish(customToolFormatSchema),
});

/** A Codex `namespace`: function (or custom) tools grouped under one name, called as `namespace` + `name`. */
export const namespaceToolSchema = z.looseObject({
  type: z.literal('namespace'),
  name: z.string().min(1),
  description: nullish(z.string()),
  tools: z.array(typed),
});

export type CustomToolFormat = z.output<typeof customToolFormatSchema>;
export type FunctionTool = z.output<typeof functionToolSchema>;
export type CustomTool = z.output<typeof customToolSchema>;

export const toolChoiceObjectSchema = z.looseObject({ type: z.string(), name: nullish(z.string()), mode: nullish(z.string()) });

// ─── What Switchboard sends back ──────────────────────────────────────────────────────────────────────────

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs: never[];
}

export interface MessageItem {
  id: string;
  type: 'message';
  status: ItemStatus;
  role: 'assistant';
  content: OutputText[];
}

export interface SummaryText {
  type: 'summary_text';
  text: string;
}

export interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: SummaryText[];
  /** See reasoning-signature.ts for what Switchboard keeps here. */
  encrypted_content?: string;
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  /** Set when the function is a member of a Codex namespace tool; `name` is then the member's own name. */
  namespace?: string;
  arguments: string;
}

export interface CustomToolCallItem {
  id: string;
  type: 'custom_tool_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
}

export type OutputItem = MessageItem | ReasoningItem | FunctionCallItem | CustomToolCallItem;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** The response object: in `response.*` lifecycle events and as the non-streaming body. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  completed_at: null;
  status: ResponseStatus;
  background: false;
  frequency_penalty: number;
  presence_penalty: number;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: null;
  max_output_tokens: number | null;
  max_tool_calls: null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  prompt_cache_key: string | null;
  reasoning: unknown;
  safety_identifier: string | null;
  service_tier: string;
  store: boolean;
  temperature: number;
  text: unknown;
  tool_choice: unknown;
  tools: unknown[];
  top_logprobs: number;
  top_p: number;
  truncation: string;
  usage: ResponsesUsage | null;
  user: string | null;
  metadata: Record<string, unknown>;
}

interface Sequenced {
  sequence_number: number;
}
interface ItemEvent extends Sequenced {
  item_id: string;
  output_index: number;
}

/** Every stream event Switchboard emits; the SSE `event:` name is always the payload's `type`. */
export type ResponsesStreamEvent =
  | ({ type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponseObject } & Sequenced)
  | ({ type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: OutputItem } & Sequenced)
  | ({ type: 'response.content_part.added' | 'response.content_part.done'; content_index: number; part: OutputText } & ItemEvent)
  | ({ type: 'response.output_text.delta'; content_index: number; delta: string; logprobs: never[] } & ItemEvent)
  | ({ type: 'response.output_text.done'; content_index: number; text: string; logprobs: never[] } & ItemEvent)
  | ({ type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done'; summary_index: number; part: SummaryText } & ItemEvent)
  | ({ type: 'response.reasoning_summary_text.delta'; summary_index: number; delta: string } & ItemEvent)
  | ({ type: 'response.reasoning_summary_text.done'; summary_index: number; text: string } & ItemEvent)
  | ({ type: 'response.function_call_arguments.delta'; delta: string } & ItemEvent)
  | ({ type: 'response.function_call_arguments.done'; arguments: string } & ItemEvent)
  | ({ type: 'response.custom_tool_call_input.delta'; delta: string } & ItemEvent)
  | ({ type: 'response.custom_tool_call_input.done'; input: string } & ItemEvent)
  | ({ type: 'error'; code: string; message: string; param: null; error: ResponsesErrorDetail } & Sequenced);

/** The error object of an error body, and (as the real API streams it) of an `error` event. */
export interface ResponsesErrorDetail {
  message: string;
  type: string;
  param: string | null;
  code: string;
}

/** Request fields the IR has no place for, kept so responses echo them as the real API does. */
export interface ResponsesEcho {
  tools: unknown[];
  tool_choice: unknown;
  text: unknown;
  reasoning: unknown;
  metadata: Record<string, unknown>;
  store: boolean;
  truncation: string;
  service_tier: string;
}

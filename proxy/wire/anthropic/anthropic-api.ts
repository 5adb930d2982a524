import { z } from 'zod';
import { modelNameSchema } from '../model-name.js';

/**
 * What Switchboard checks of an Anthropic Messages request it passes through: what it reads itself (the model it
 * routes by, max_tokens, stream) and the shape of `messages`. Everything else — the blocks inside a message, system,
 * tools, thinking, fields it does not know — is the client's business and the upstream's to judge, and is not even
 * looked at: walking (and copying) a long session's blocks cost more than anything else on the request path.
 * These schemas check; the route forwards the client's own object (checkBody), never their output.
 */
const message = z.object({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.custom<string | unknown[]>((value) => typeof value === 'string' || Array.isArray(value), 'expected string or array'),
});

export const messagesRequestSchema = z.object({
  model: modelNameSchema,
  messages: z.array(message).min(1),
  max_tokens: z.number().int().positive(),
  stream: z.boolean().optional(),
});

export const countTokensRequestSchema = z.object({
  model: modelNameSchema,
  messages: z.array(message).min(1),
});

export type MessagesRequest = z.output<typeof messagesRequestSchema>;

// ─── The request as the translation reads it ──────────────────────────────────────────────────────────────
// Blocks are checked one by one when they are translated (a block type Switchboard cannot carry becomes a
// warning, never a 400), so the request schema itself only fixes the shape of the fields the IR takes.

/** Kept opaque so new fields (ttl, …) survive a round trip. */
export const cacheControlSchema = z.looseObject({ type: z.string() });

export const anyBlockSchema = z.looseObject({ type: z.string() });
export type AnthropicBlock = z.output<typeof anyBlockSchema>;

export const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControlSchema.nullish() });

export const imageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string() }),
    z.looseObject({ type: z.literal('file'), file_id: z.string() }),
  ]),
  cache_control: cacheControlSchema.nullish(),
});

export const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(anyBlockSchema)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControlSchema.nullish(),
});

export const thinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  // Required by the API in requests; a response's content_block_start may lack it (the signature streams).
  signature: z.string().optional(),
});

export const redactedThinkingBlockSchema = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

export const toolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  cache_control: cacheControlSchema.nullish(),
});

export const toolSchema = z.looseObject({
  name: z.string().min(1),
  /** Absent or "custom" for a client tool; a dated name ("web_search_20250305", "bash_20250124") for a server tool. */
  type: z.string().nullish(),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().optional(),
  cache_control: cacheControlSchema.nullish(),
});

export const toolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('none') }),
]);

export const thinkingConfigSchema = z.looseObject({
  type: z.string(),
  budget_tokens: z.number().int().positive().optional(),
  display: z.string().nullish(),
});

export const outputConfigSchema = z.looseObject({
  effort: z.string().nullish(),
  format: z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish(),
});

const translatedMessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(anyBlockSchema)]),
});

/** A Messages request as parseAnthropicRequest reads it; unknown top-level fields pass (and are reported). */
export const anthropicRequestSchema = z.looseObject({
  model: modelNameSchema,
  messages: z.array(translatedMessageSchema).min(1),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
  stream: z.boolean().optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  thinking: thinkingConfigSchema.optional(),
  output_config: outputConfigSchema.optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().int().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
});

export type AnthropicRequest = z.output<typeof anthropicRequestSchema>;
export type AnthropicTool = z.output<typeof toolSchema>;

import { z } from 'zod';
import { anyBlockSchema } from './anthropic-api.js';

/**
 * What the Messages API answers: a message body, and the stream events that build one. Loose objects, so a
 * new field never fails a response; the fields the translation reads are checked.
 */

export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  /** The cache writes split by lifetime; the 1-hour ones cost more. */
  cache_creation: z.looseObject({ ephemeral_1h_input_tokens: z.number().nullish() }).nullish(),
  output_tokens_details: z.looseObject({ thinking_tokens: z.number().nullish() }).nullish(),
});
export type AnthropicUsage = z.output<typeof anthropicUsageSchema>;

export const anthropicMessageSchema = z.looseObject({
  id: z.string(),
  model: z.string(),
  content: z.array(anyBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});
export type AnthropicMessage = z.output<typeof anthropicMessageSchema>;

export const textDeltaSchema = z.looseObject({ type: z.literal('text_delta'), text: z.string() });
export const thinkingDeltaSchema = z.looseObject({ type: z.literal('thinking_delta'), thinking: z.string() });
export const signatureDeltaSchema = z.looseObject({ type: z.literal('signature_delta'), signature: z.string() });
export const inputJsonDeltaSchema = z.looseObject({ type: z.literal('input_json_delta'), partial_json: z.string() });

const index = z.number().int().nonnegative();

export const anthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('message_start'), message: anthropicMessageSchema }),
  z.looseObject({ type: z.literal('content_block_start'), index, content_block: anyBlockSchema }),
  z.looseObject({ type: z.literal('content_block_delta'), index, delta: anyBlockSchema }),
  z.looseObject({ type: z.literal('content_block_stop'), index }),
  z.looseObject({
    type: z.literal('message_delta'),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.looseObject({ type: z.literal('message_stop') }),
  z.looseObject({ type: z.literal('ping') }),
  z.looseObject({ type: z.literal('error'), error: z.looseObject({ type: z.string(), message: z.string().optional() }) }),
]);
export type AnthropicStreamEvent = z.output<typeof anthropicStreamEventSchema>;

export const ANTHROPIC_STREAM_EVENT_TYPES: ReadonlySet<string> = new Set(anthropicStreamEventSchema.options.map((option) => option.shape.type.value));

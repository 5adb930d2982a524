import { z } from 'zod';

/**
 * What an OpenAI Responses upstream answers, as Switchboard reads it (OpenAI itself, and servers that copy it:
 * vLLM, LM Studio, OpenRouter; the Codex backend streams the same events plus its own `codex.*` ones). Loose
 * objects: fields not named here pass; what is read must have the type given here.
 */

const count = z.number().int().nonnegative();

export const responsesUsageSchema = z.looseObject({
  input_tokens: count.nullish(),
  output_tokens: count.nullish(),
  input_tokens_details: z.looseObject({ cached_tokens: count.nullish() }).nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: count.nullish() }).nullish(),
});

export type ResponsesUpstreamUsage = z.output<typeof responsesUsageSchema>;

const textish = z.looseObject({ type: z.string(), text: z.string().nullish(), refusal: z.string().nullish() });

export const outputItemSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  /** message */
  content: z.array(textish).nullish(),
  /** reasoning */
  summary: z.array(textish).nullish(),
  encrypted_content: z.string().nullish(),
  /** function_call, custom_tool_call */
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
  input: z.string().nullish(),
});

export type ResponsesOutputItem = z.output<typeof outputItemSchema>;

export const responseObjectSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  output: z.array(outputItemSchema).nullish(),
  usage: responsesUsageSchema.nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

export type ResponsesUpstreamResponse = z.output<typeof responseObjectSchema>;

/** The stream events Switchboard reads; every other type (content_part.*, *.done texts, codex.*) is skipped. */
export const responsesStreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.enum(['response.created', 'response.in_progress', 'response.completed', 'response.incomplete', 'response.failed']), response: responseObjectSchema }),
  z.looseObject({ type: z.enum(['response.output_item.added', 'response.output_item.done']), output_index: z.number().int().nonnegative(), item: outputItemSchema }),
  z.looseObject({
    type: z.enum([
      'response.output_text.delta',
      'response.refusal.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_text.delta',
      'response.function_call_arguments.delta',
      'response.custom_tool_call_input.delta',
    ]),
    output_index: z.number().int().nonnegative(),
    delta: z.string(),
    summary_index: z.number().int().nonnegative().nullish(),
  }),
  z.looseObject({ type: z.enum(['error']) }),
]);

export type ResponsesStreamEventIn = z.output<typeof responsesStreamEventSchema>;

export const READ_EVENT_TYPES: ReadonlySet<string> = new Set(responsesStreamEventSchema.options.flatMap((option) => option.shape.type.options));

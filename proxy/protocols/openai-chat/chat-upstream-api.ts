import { z } from 'zod';

/**
 * What an OpenAI Chat Completions upstream answers, as Switchboard reads it: OpenAI itself and the compatible
 * servers (vLLM, Ollama, LM Studio, OpenRouter, Azure). Loose objects and nullish fields, because the compatible
 * servers differ in what they leave out; what is read must have the type given here.
 */

const count = z.number().int().nonnegative();

export const chatUsageSchema = z.looseObject({
  prompt_tokens: count.nullish(),
  completion_tokens: count.nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: count.nullish(), cache_write_tokens: count.nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: count.nullish() }).nullish(),
});

export type ChatUpstreamUsage = z.output<typeof chatUsageSchema>;

const toolCallDeltaSchema = z.looseObject({
  index: z.number().int().nonnegative().nullish(),
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

export const chatDeltaSchema = z.looseObject({
  content: z.string().nullish(),
  refusal: z.string().nullish(),
  /** DeepSeek, vLLM and LM Studio's name for the reasoning text; OpenRouter and newer vLLM say `reasoning`. */
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  tool_calls: z.array(toolCallDeltaSchema).nullish(),
});

export type ChatUpstreamDelta = z.output<typeof chatDeltaSchema>;

export const chatChunkSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(z.looseObject({ index: z.number().nullish(), delta: chatDeltaSchema.nullish(), finish_reason: z.string().nullish() })).nullish(),
  usage: chatUsageSchema.nullish(),
});

export type ChatUpstreamChunk = z.output<typeof chatChunkSchema>;

export const chatCompletionSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          reasoning: z.string().nullish(),
          tool_calls: z
            .array(z.looseObject({ id: z.string().nullish(), function: z.looseObject({ name: z.string().min(1), arguments: z.string().nullish() }) }))
            .nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: chatUsageSchema.nullish(),
});

export type ChatUpstreamCompletion = z.output<typeof chatCompletionSchema>;

import { z } from 'zod';

/**
 * What Switchboard checks of an Anthropic Messages request before forwarding it. Loose on purpose: every
 * field it does not name (thinking, context_management, output_config, betas' fields) passes through.
 */
const message = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
});

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  max_tokens: z.number().int().positive(),
  stream: z.boolean().optional(),
  system: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
});

export const countTokensRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  system: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
});

export type MessagesRequest = z.output<typeof messagesRequestSchema>;

import { chatRequestSchema } from '../../wire/chat/chat-api.js';
import { countTokensRequestSchema, messagesRequestSchema } from '../../wire/anthropic/anthropic-api.js';
import { responsesRequestSchema } from '../../wire/responses/responses-api.js';
import { anthropicErrorEvent, chatErrorEvent, responsesErrorEvent } from '../error-shape.js';
import type { PassthroughSpec } from './passthrough-attempt.js';

/** How each client endpoint passes through to a target that speaks its format: its body check and its stream errors. */
export const passthroughSpecs = {
  messages: { endpoint: 'messages', format: 'anthropic', schema: messagesRequestSchema, renderStreamError: anthropicErrorEvent },
  countTokens: { endpoint: 'messages/count_tokens', format: 'anthropic', schema: countTokensRequestSchema, renderStreamError: anthropicErrorEvent },
  chat: { endpoint: 'chat/completions', format: 'chat', schema: chatRequestSchema, renderStreamError: chatErrorEvent },
  responses: { endpoint: 'responses', format: 'responses', schema: responsesRequestSchema, renderStreamError: responsesErrorEvent },
  // A compact request is a Responses body (fewer fields: the protocol that serves it keeps only those its upstream takes).
  responsesCompact: { endpoint: 'responses/compact', format: 'responses', schema: responsesRequestSchema, renderStreamError: responsesErrorEvent },
} as const satisfies Record<string, PassthroughSpec>;

import type { IRStopReason, ProviderData } from '../../wire/ir.js';
import type { ResponsesUpstreamResponse } from './responses-upstream-api.js';

/**
 * The mark on reasoning whose encrypted form OpenAI wrote: only OpenAI can read it back, so other providers leave
 * it out (see proxy/wire/responses/reasoning-signature.ts, isEncryptedByOpenAI).
 */
export function openAIReasoningData(): ProviderData {
  return { responses: { encryptedBy: 'openai' } };
}

/**
 * Why a response ended: `incomplete` says why it was cut off; a complete turn that called tools ended for them
 * (Responses has no stop reason of its own for that).
 */
export function responsesStopReason(response: ResponsesUpstreamResponse, calledTools: boolean): IRStopReason {
  if (response.status === 'incomplete' || response.incomplete_details?.reason) {
    return response.incomplete_details?.reason === 'content_filter' ? 'refusal' : 'max_tokens';
  }
  return calledTools ? 'tool_use' : 'end_turn';
}

import type { IRAssistantPart, IRResponse } from '../ir.js';
import { assertNever } from '../ir.js';
import { isEncryptedByOpenAI, signatureCarryingOpenAIReasoning } from '../responses/reasoning-signature.js';
import { showsThinking } from './shows-thinking.js';
import type { RenderContext } from '../wire-format.js';
import { toolInputFromArguments } from './anthropic-tool-input.js';
import { irStopReasonToAnthropic, type AnthropicStopReason } from './map-anthropic-stop-reason.js';
import { irUsageToAnthropic, type AnthropicUsageOut } from './map-anthropic-usage.js';

export type AnthropicContentBlockOut =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicMessageBody {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlockOut[];
  stop_reason: AnthropicStopReason;
  stop_sequence: string | null;
  usage: AnthropicUsageOut;
}

/** A complete response as a Messages API body, under the client's own model name and response id. */
export function renderAnthropicResponse(response: IRResponse, context: RenderContext): AnthropicMessageBody {
  return {
    id: context.responseId,
    type: 'message',
    role: 'assistant',
    model: context.requestedModel,
    content: response.content.filter((part) => part.type !== 'reasoning' || showsThinking(context.request)).map(toBlock),
    stop_reason: irStopReasonToAnthropic(response.stopReason),
    stop_sequence: response.stopSequence,
    usage: irUsageToAnthropic(response.usage),
  };
}

function toBlock(part: IRAssistantPart): AnthropicContentBlockOut {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'reasoning':
      if (part.encrypted && !isEncryptedByOpenAI(part)) return { type: 'redacted_thinking', data: part.encrypted };
      return { type: 'thinking', thinking: part.text, signature: part.encrypted ? signatureCarryingOpenAIReasoning(part.encrypted) : (part.signature ?? '') };
    case 'tool-call':
      return { type: 'tool_use', id: part.id, name: part.name, input: toolInputFromArguments(part.arguments).input };
    default:
      return assertNever(part, 'content part');
  }
}

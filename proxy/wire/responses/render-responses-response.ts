import type { IRAssistantPart, IRResponse } from '../ir.js';
import { assertNever } from '../ir.js';
import type { RenderContext } from '../wire-format.js';
import { itemId, messageItem, reasoningItem, toolCallItem } from './response-items.js';
import { outcomeOf, responseObject } from './response-object.js';
import type { OutputItem, ResponseObject } from './responses-api.js';

/**
 * A complete response as the non-streaming body: the same object `response.completed` carries. The SDK adds
 * the `output_text` convenience itself, so it is not sent.
 */
export function renderResponsesResponse(response: IRResponse, context: RenderContext): ResponseObject {
  const output = response.content.map((part, outputIndex) => outputItem(part, outputIndex, context));
  return responseObject(context, outcomeOf(response.stopReason), output, response.usage);
}

function outputItem(part: IRAssistantPart, outputIndex: number, context: RenderContext): OutputItem {
  switch (part.type) {
    case 'text':
      return messageItem(itemId(context, 'msg', outputIndex), part.text, 'completed');
    case 'reasoning':
      return reasoningItem(itemId(context, 'rs', outputIndex), part);
    case 'tool-call':
      return toolCallItem(context, outputIndex, part, 'completed');
    default:
      return assertNever(part, 'assistant part');
  }
}

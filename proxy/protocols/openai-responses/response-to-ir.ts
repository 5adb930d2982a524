import type { IRAssistantPart, IRResponse } from '../../wire/ir.js';
import { emptyUsage } from '../../wire/ir.js';
import { openAIReasoningData, responsesStopReason } from './responses-output.js';
import { responseObjectSchema } from './responses-upstream-api.js';
import { responsesUsageToIr } from './responses-usage-to-ir.js';

/** Thrown when a non-streaming answer is not a whole response object. */
export class ResponseBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseBodyError';
  }
}

/**
 * A non-streaming Responses answer → the IR response: each output item one part, in order (hosted tools' items,
 * which Switchboard never asks for, are left out). A response whose status is `failed` is an error, not an answer.
 */
export function responseToIr(bodyText: string): IRResponse {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    throw new ResponseBodyError(`the upstream answered with a body that is not JSON (${Buffer.byteLength(bodyText)} bytes)`);
  }
  const parsed = responseObjectSchema.extend({ output: responseObjectSchema.shape.output.unwrap().unwrap() }).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ResponseBodyError(`the upstream answered with JSON that is not a response${issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  const response = parsed.data;
  if (response.status === 'failed') throw new ResponseBodyError(`the upstream failed the response: ${response.error?.message ?? response.error?.code ?? 'no reason given'}`);
  let refused = false;
  let calledTools = false;
  const content = response.output.flatMap((item, index): IRAssistantPart[] => {
    switch (item.type) {
      case 'message': {
        refused ||= (item.content ?? []).some((part) => part.type === 'refusal');
        const text = (item.content ?? []).map((part) => part.text ?? part.refusal ?? '').join('');
        return text ? [{ type: 'text', text }] : [];
      }
      case 'reasoning': {
        const text = (item.summary ?? []).map((part) => part.text ?? '').join('\n\n');
        const encrypted = item.encrypted_content;
        if (!text && !encrypted) return [];
        return [{ type: 'reasoning', text, ...(encrypted ? { encrypted, providerData: openAIReasoningData() } : {}) }];
      }
      case 'function_call':
        calledTools = true;
        return [{ type: 'tool-call', id: item.call_id || `call_${index}`, name: item.name ?? '', arguments: item.arguments ?? '' }];
      case 'custom_tool_call':
        calledTools = true;
        return [{ type: 'tool-call', id: item.call_id || `call_${index}`, name: item.name ?? '', arguments: JSON.stringify({ input: item.input ?? '' }) }];
      default:
        return [];
    }
  });
  return {
    id: response.id || 'resp_upstream',
    upstreamModel: response.model ?? '',
    content,
    stopReason: refused ? 'refusal' : responsesStopReason(response, calledTools),
    stopSequence: null,
    usage: response.usage ? responsesUsageToIr(response.usage) : { ...emptyUsage(), estimated: true },
  };
}

import type { IRReasoningPart, IRToolCallPart } from '../ir.js';
import type { RenderContext } from '../wire-format.js';
import { toolByName } from '../wire-format.js';
import { finalCustomInput } from './custom-tool-input.js';
import { encodeReasoningSecrets } from './reasoning-signature.js';
import type { CustomToolCallItem, FunctionCallItem, ItemStatus, MessageItem, OutputText, ReasoningItem } from './responses-api.js';
import { clientToolCall } from './tool-names.js';

/** Output items as the client sees them, shared by the stream and the whole-response renderer. */

/** Item ids derive from the response id, so a renderer stays a pure function of its input. */
export function itemId(context: RenderContext, prefix: 'msg' | 'rs' | 'fc' | 'ctc', outputIndex: number): string {
  return `${prefix}_${context.responseId.replace(/^resp_/, '')}_${outputIndex}`;
}

export function outputText(text: string): OutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function messageItem(id: string, text: string | null, status: ItemStatus): MessageItem {
  return { id, type: 'message', status, role: 'assistant', content: text === null ? [] : [outputText(text)] };
}

/**
 * The thinking text goes out as one summary part, so a client that sends the item back returns it unchanged
 * (the signature covers it); the signature and any redacted data ride in `encrypted_content`
 * (reasoning-signature.ts).
 */
export function reasoningItem(id: string, part: Pick<IRReasoningPart, 'text' | 'signature' | 'encrypted'> | null): ReasoningItem {
  const encrypted = part ? encodeReasoningSecrets(part) : undefined;
  return {
    id,
    type: 'reasoning',
    summary: part?.text ? [{ type: 'summary_text', text: part.text }] : [],
    ...(encrypted !== undefined ? { encrypted_content: encrypted } : {}),
  };
}

/** A tool call under the client's own name: a namespace member with its `namespace`, a custom tool as `custom_tool_call`. */
export function toolCallItem(context: RenderContext, outputIndex: number, call: Pick<IRToolCallPart, 'id' | 'name' | 'arguments'>, status: ItemStatus): FunctionCallItem | CustomToolCallItem {
  const client = clientToolCall(toolByName(context, call.name), call.name);
  const namespace = client.namespace === undefined ? {} : { namespace: client.namespace };
  if (client.kind === 'custom') {
    const input = finalCustomInput(call.arguments);
    return { id: itemId(context, 'ctc', outputIndex), type: 'custom_tool_call', status, call_id: call.id, name: client.name, ...namespace, input };
  }
  return { id: itemId(context, 'fc', outputIndex), type: 'function_call', status, call_id: call.id, name: client.name, ...namespace, arguments: call.arguments };
}

import type { SseFrame } from '../sse.js';
import type { RenderContext } from '../wire-format.js';
import { customInputReader, readCustomInput } from './custom-tool-input.js';
import { toolCallItem } from './response-items.js';
import type { OpenItem, ResponsesStreamState } from './stream-state.js';
import { emit } from './stream-state.js';

type ToolCallOpen = Extract<OpenItem, { kind: 'tool-call' }>;

/**
 * A tool call is a `function_call` item streaming its arguments, or, for a custom tool, a `custom_tool_call`
 * item streaming the text of its `input` argument.
 */
export function startToolCall(state: ResponsesStreamState, context: RenderContext, index: number, callId: string, name: string): SseFrame[] {
  const outputIndex = state.nextOutputIndex++;
  const item = toolCallItem(context, outputIndex, { id: callId, name, arguments: '' }, 'in_progress');
  const open: ToolCallOpen = {
    kind: 'tool-call',
    outputIndex,
    itemId: item.id,
    callId,
    name,
    arguments: '',
    custom: item.type === 'custom_tool_call' ? customInputReader() : null,
    streamedInput: '',
  };
  state.open.set(index, open);
  return [emit(state, { type: 'response.output_item.added', output_index: outputIndex, item })];
}

export function toolCallDelta(state: ResponsesStreamState, open: ToolCallOpen, delta: string): SseFrame[] {
  if (!delta) return [];
  open.arguments += delta;
  const where = { item_id: open.itemId, output_index: open.outputIndex };
  if (!open.custom) return [emit(state, { type: 'response.function_call_arguments.delta', ...where, delta })];
  const input = readCustomInput(open.custom, delta);
  if (!input) return [];
  open.streamedInput += input;
  return [emit(state, { type: 'response.custom_tool_call_input.delta', ...where, delta: input })];
}

export function endToolCall(state: ResponsesStreamState, context: RenderContext, index: number, open: ToolCallOpen): SseFrame[] {
  const where = { item_id: open.itemId, output_index: open.outputIndex };
  const item = toolCallItem(context, open.outputIndex, { id: open.callId, name: open.name, arguments: open.arguments }, 'completed');
  const frames: SseFrame[] = [];
  if (item.type === 'custom_tool_call') {
    // Arguments the reader could not follow (not the expected JSON) still reach the client before `done`.
    const rest = item.input.startsWith(open.streamedInput) ? item.input.slice(open.streamedInput.length) : '';
    if (rest) frames.push(emit(state, { type: 'response.custom_tool_call_input.delta', ...where, delta: rest }));
    frames.push(emit(state, { type: 'response.custom_tool_call_input.done', ...where, input: item.input }));
  } else {
    frames.push(emit(state, { type: 'response.function_call_arguments.done', ...where, arguments: open.arguments }));
  }
  state.open.delete(index);
  state.done.set(open.outputIndex, item);
  frames.push(emit(state, { type: 'response.output_item.done', output_index: open.outputIndex, item }));
  return frames;
}

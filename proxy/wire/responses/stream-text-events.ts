import type { SseFrame } from '../sse.js';
import type { RenderContext } from '../wire-format.js';
import { itemId, messageItem, outputText } from './response-items.js';
import type { OpenItem, ResponsesStreamState } from './stream-state.js';
import { emit } from './stream-state.js';

type TextItem = Extract<OpenItem, { kind: 'text' }>;

/** A text part is one assistant message item with one output_text content part. */
export function startText(state: ResponsesStreamState, context: RenderContext, index: number): SseFrame[] {
  const outputIndex = state.nextOutputIndex++;
  const open: TextItem = { kind: 'text', outputIndex, itemId: itemId(context, 'msg', outputIndex), text: '' };
  state.open.set(index, open);
  return [
    emit(state, { type: 'response.output_item.added', output_index: outputIndex, item: messageItem(open.itemId, null, 'in_progress') }),
    emit(state, { type: 'response.content_part.added', item_id: open.itemId, output_index: outputIndex, content_index: 0, part: outputText('') }),
  ];
}

export function textDelta(state: ResponsesStreamState, open: TextItem, delta: string): SseFrame[] {
  if (!delta) return [];
  open.text += delta;
  return [emit(state, { type: 'response.output_text.delta', item_id: open.itemId, output_index: open.outputIndex, content_index: 0, delta, logprobs: [] })];
}

export function endText(state: ResponsesStreamState, index: number, open: TextItem): SseFrame[] {
  const where = { item_id: open.itemId, output_index: open.outputIndex, content_index: 0 };
  const item = messageItem(open.itemId, open.text, 'completed');
  state.open.delete(index);
  state.done.set(open.outputIndex, item);
  return [
    emit(state, { type: 'response.output_text.done', ...where, text: open.text, logprobs: [] }),
    emit(state, { type: 'response.content_part.done', ...where, part: outputText(open.text) }),
    emit(state, { type: 'response.output_item.done', output_index: open.outputIndex, item }),
  ];
}

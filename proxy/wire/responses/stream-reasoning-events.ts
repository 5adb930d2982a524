import type { SseFrame } from '../sse.js';
import type { RenderContext } from '../wire-format.js';
import { itemId, reasoningItem } from './response-items.js';
import type { OpenItem, ResponsesStreamState } from './stream-state.js';
import { emit } from './stream-state.js';

type ReasoningOpen = Extract<OpenItem, { kind: 'reasoning' }>;

/**
 * A reasoning part is a reasoning item whose text streams as one summary part. The signature arrives during
 * the part, so `encrypted_content` is known only on `output_item.done`, which is the item clients keep.
 */
export function startReasoning(state: ResponsesStreamState, context: RenderContext, index: number, encrypted: string | undefined): SseFrame[] {
  const outputIndex = state.nextOutputIndex++;
  const open: ReasoningOpen = {
    kind: 'reasoning',
    outputIndex,
    itemId: itemId(context, 'rs', outputIndex),
    text: '',
    signature: '',
    ...(encrypted !== undefined ? { encrypted } : {}),
    summaryOpen: false,
  };
  state.open.set(index, open);
  return [emit(state, { type: 'response.output_item.added', output_index: outputIndex, item: reasoningItem(open.itemId, null) })];
}

export function reasoningDelta(state: ResponsesStreamState, open: ReasoningOpen, delta: string): SseFrame[] {
  if (!delta) return [];
  const where = { item_id: open.itemId, output_index: open.outputIndex, summary_index: 0 };
  const frames: SseFrame[] = [];
  if (!open.summaryOpen) {
    open.summaryOpen = true;
    frames.push(emit(state, { type: 'response.reasoning_summary_part.added', ...where, part: { type: 'summary_text', text: '' } }));
  }
  open.text += delta;
  frames.push(emit(state, { type: 'response.reasoning_summary_text.delta', ...where, delta }));
  return frames;
}

export function reasoningSignature(open: ReasoningOpen, signature: string): SseFrame[] {
  open.signature += signature;
  return [];
}

export function endReasoning(state: ResponsesStreamState, index: number, open: ReasoningOpen): SseFrame[] {
  const where = { item_id: open.itemId, output_index: open.outputIndex, summary_index: 0 };
  const frames: SseFrame[] = [];
  if (open.summaryOpen) {
    frames.push(
      emit(state, { type: 'response.reasoning_summary_text.done', ...where, text: open.text }),
      emit(state, { type: 'response.reasoning_summary_part.done', ...where, part: { type: 'summary_text', text: open.text } }),
    );
  }
  const item = reasoningItem(open.itemId, {
    text: open.text,
    ...(open.signature ? { signature: open.signature } : {}),
    ...(open.encrypted !== undefined ? { encrypted: open.encrypted } : {}),
  });
  state.open.delete(index);
  state.done.set(open.outputIndex, item);
  frames.push(emit(state, { type: 'response.output_item.done', output_index: open.outputIndex, item }));
  return frames;
}

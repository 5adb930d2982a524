import type { IREvent, IRError, IRUsage } from '../ir.js';
import { assertNever, emptyUsage, incompleteStreamError } from '../ir.js';
import { jsonFrame, type SseFrame } from '../sse.js';
import type { StreamTranslator } from '../stream-translator.js';
import { isEncryptedByOpenAI, signatureCarryingOpenAIReasoning } from '../responses/reasoning-signature.js';
import { showsThinking } from './shows-thinking.js';
import type { RenderContext } from '../wire-format.js';
import { anthropicErrorType } from './anthropic-error.js';
import { irStopReasonToAnthropic } from './map-anthropic-stop-reason.js';
import { irUsageToAnthropic } from './map-anthropic-usage.js';

type BlockKind = 'text' | 'thinking' | 'redacted_thinking' | 'tool_use';

export interface AnthropicRenderState {
  phase: 'before' | 'streaming' | 'done';
  /** Anthropic numbers blocks 0, 1, 2… in the order they start, whatever the IR's part indexes are. */
  nextBlockIndex: number;
  /** Open blocks by IR part index; a thinking block's signature still to send, when it comes with its start. */
  open: Map<number, { index: number; kind: BlockKind; signature?: string }>;
  usage: IRUsage;
}

/**
 * IR events → the Messages API's SSE stream, frame for frame as Anthropic sends it: every frame names its
 * event (Claude Code needs the `event:` lines), message_start carries usage, blocks start, stream and stop,
 * and the stream ends with message_delta + message_stop, or with one `error` event and nothing after.
 */
export function anthropicStreamRenderer(context: RenderContext): StreamTranslator<AnthropicRenderState, IREvent, SseFrame> {
  return {
    initial: () => ({ phase: 'before', nextBlockIndex: 0, open: new Map(), usage: emptyUsage() }),
    step: (state, event) => (state.phase === 'done' ? [] : render(context, state, event)),
    end: (state) => (state.phase === 'done' ? [] : fail(state, incompleteStreamError())),
  };
}

function render(context: RenderContext, state: AnthropicRenderState, event: IREvent): SseFrame[] {
  switch (event.type) {
    case 'message-start':
      if (event.usage) state.usage = event.usage;
      return start(context, state);
    case 'text-start':
      return open(context, state, event.index, 'text', { type: 'text', text: '' });
    case 'text-delta':
      return delta(state, event.index, 'text', { type: 'text_delta', text: event.text });
    case 'reasoning-start':
      // Not opened, its deltas and end have no block to go to.
      if (!showsThinking(context.request)) return start(context, state);
      // OpenAI's encrypted reasoning is no redacted_thinking: its summary is shown as thinking, signed with the
      // encrypted form (sent last, where Anthropic sends a signature) so the client's next turn carries it back.
      if (event.encrypted && !isEncryptedByOpenAI(event)) return open(context, state, event.index, 'redacted_thinking', { type: 'redacted_thinking', data: event.encrypted });
      return open(context, state, event.index, 'thinking', { type: 'thinking', thinking: '', signature: '' }, event.encrypted ? signatureCarryingOpenAIReasoning(event.encrypted) : undefined);
    case 'reasoning-delta':
      return delta(state, event.index, 'thinking', { type: 'thinking_delta', thinking: event.text });
    case 'reasoning-signature':
      return delta(state, event.index, 'thinking', { type: 'signature_delta', signature: event.signature });
    case 'tool-call-start':
      return open(context, state, event.index, 'tool_use', { type: 'tool_use', id: event.id, name: event.name, input: {} });
    case 'tool-call-delta':
      return delta(state, event.index, 'tool_use', { type: 'input_json_delta', partial_json: event.argumentsDelta });
    case 'text-end':
    case 'reasoning-end':
    case 'tool-call-end':
      return close(state, event.index);
    case 'usage':
      state.usage = event.usage;
      return [];
    case 'finish': {
      const frames = [...start(context, state), ...closeAll(state)];
      state.phase = 'done';
      frames.push(
        jsonFrame('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: irStopReasonToAnthropic(event.stopReason), stop_sequence: event.stopSequence },
          usage: irUsageToAnthropic(event.usage),
        }),
        jsonFrame('message_stop', { type: 'message_stop' }),
      );
      return frames;
    }
    case 'error':
      return fail(state, event.error);
    default:
      return assertNever(event, 'IR event');
  }
}

/** message_start, once; a stream whose first event is a part still gets one (SDKs refuse a stream without it). */
function start(context: RenderContext, state: AnthropicRenderState): SseFrame[] {
  if (state.phase !== 'before') return [];
  state.phase = 'streaming';
  return [
    jsonFrame('message_start', {
      type: 'message_start',
      message: {
        id: context.responseId,
        type: 'message',
        role: 'assistant',
        model: context.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: irUsageToAnthropic(state.usage),
      },
    }),
  ];
}

function open(context: RenderContext, state: AnthropicRenderState, part: number, kind: BlockKind, block: Record<string, unknown>, signature?: string): SseFrame[] {
  const frames = start(context, state);
  if (state.open.has(part)) return frames;
  const index = state.nextBlockIndex++;
  state.open.set(part, { index, kind, ...(signature ? { signature } : {}) });
  frames.push(jsonFrame('content_block_start', { type: 'content_block_start', index, content_block: block }));
  return frames;
}

/** A delta for a block that is not open, or of another kind (text for a redacted block), has nowhere to go. */
function delta(state: AnthropicRenderState, part: number, kind: BlockKind, payload: Record<string, unknown>): SseFrame[] {
  const block = state.open.get(part);
  if (!block || block.kind !== kind) return [];
  return [jsonFrame('content_block_delta', { type: 'content_block_delta', index: block.index, delta: payload })];
}

function close(state: AnthropicRenderState, part: number): SseFrame[] {
  const block = state.open.get(part);
  if (!block) return [];
  state.open.delete(part);
  const signature = block.signature ? [jsonFrame('content_block_delta', { type: 'content_block_delta', index: block.index, delta: { type: 'signature_delta', signature: block.signature } })] : [];
  return [...signature, jsonFrame('content_block_stop', { type: 'content_block_stop', index: block.index })];
}

function closeAll(state: AnthropicRenderState): SseFrame[] {
  const parts = [...state.open.entries()].sort(([, a], [, b]) => a.index - b.index).map(([part]) => part);
  return parts.flatMap((part) => close(state, part));
}

function fail(state: AnthropicRenderState, error: IRError): SseFrame[] {
  state.phase = 'done';
  return [jsonFrame('error', { type: 'error', error: { type: anthropicErrorType(error.kind), message: error.message } })];
}

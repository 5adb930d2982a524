import { answerTooLargeError, contentLength, MAX_ANSWER_BYTES } from '../answer-bounds.js';
import type { IREvent, IRError } from '../ir.js';
import { assertNever, incompleteStreamError } from '../ir.js';
import type { SseFrame } from '../sse.js';
import type { StreamTranslator } from '../stream-translator.js';
import type { RenderContext } from '../wire-format.js';
import type { Outcome } from './response-object.js';
import { outcomeOf, responseObject } from './response-object.js';
import { responsesErrorDetail } from './responses-error.js';
import type { ResponsesStreamState } from './stream-state.js';
import { emit, finishedOutput, initialStreamState } from './stream-state.js';
import { endReasoning, reasoningDelta, reasoningSignature, startReasoning } from './stream-reasoning-events.js';
import { endText, startText, textDelta } from './stream-text-events.js';
import { endToolCall, startToolCall, toolCallDelta } from './stream-tool-events.js';

/**
 * IR events → the Responses event stream: `response.created`, `response.in_progress`, one output item per IR
 * part, then exactly one terminal event: `response.completed`, `response.incomplete`, or `error` followed by
 * `response.failed`. The Codex CLI fails a run without `response.completed` (or with `response.failed`), and
 * the SDK's stream helpers throw without `response.created`, `output_item.added` and `content_part.added`
 * (CLIENTS.md), so the shape is kept even when the upstream breaks.
 */
export function responsesStreamRenderer(context: RenderContext): StreamTranslator<ResponsesStreamState, IREvent, SseFrame> {
  return {
    initial: initialStreamState,
    step: (state, event) => {
      if (state.phase === 'ended') return [];
      // Each item's content is kept to repeat it whole when the item closes: an answer past the bound fails instead.
      state.keptChars += contentLength(event);
      if (state.keptChars > MAX_ANSWER_BYTES) return [...begin(state, context), ...fail(state, context, answerTooLargeError('The answer'))];
      return [...begin(state, context), ...step(state, context, event)];
    },
    end: (state) => (state.phase === 'ended' ? [] : [...begin(state, context), ...fail(state, context, incompleteStreamError())]),
  };
}

function begin(state: ResponsesStreamState, context: RenderContext): SseFrame[] {
  if (state.phase !== 'new') return [];
  state.phase = 'streaming';
  const response = () => responseObject(context, { status: 'in_progress' }, [], null);
  return [emit(state, { type: 'response.created', response: response() }), emit(state, { type: 'response.in_progress', response: response() })];
}

function step(state: ResponsesStreamState, context: RenderContext, event: IREvent): SseFrame[] {
  const open = 'index' in event ? state.open.get(event.index) : undefined;
  switch (event.type) {
    case 'message-start':
      if (event.usage) state.usage = event.usage;
      return [];
    case 'text-start':
      return startText(state, context, event.index);
    case 'text-delta':
      return open?.kind === 'text' ? textDelta(state, open, event.text) : [];
    case 'text-end':
      return open?.kind === 'text' ? endText(state, event.index, open) : [];
    case 'reasoning-start':
      return startReasoning(state, context, event.index, event.encrypted);
    case 'reasoning-delta':
      return open?.kind === 'reasoning' ? reasoningDelta(state, open, event.text) : [];
    case 'reasoning-signature':
      return open?.kind === 'reasoning' ? reasoningSignature(open, event.signature) : [];
    case 'reasoning-end':
      return open?.kind === 'reasoning' ? endReasoning(state, event.index, open) : [];
    case 'tool-call-start':
      return startToolCall(state, context, event.index, event.id, event.name);
    case 'tool-call-delta':
      return open?.kind === 'tool-call' ? toolCallDelta(state, open, event.argumentsDelta) : [];
    case 'tool-call-end':
      return open?.kind === 'tool-call' ? endToolCall(state, context, event.index, open) : [];
    case 'usage':
      state.usage = event.usage;
      return [];
    case 'finish':
      state.usage = event.usage;
      return [...closeOpenItems(state, context), ...finish(state, context, outcomeOf(event.stopReason))];
    case 'error':
      return fail(state, context, event.error);
    default:
      return assertNever(event, 'IR event');
  }
}

/** Parts the upstream never ended are ended before the terminal event, so `output` lists every item. */
function closeOpenItems(state: ResponsesStreamState, context: RenderContext): SseFrame[] {
  const open = [...state.open.entries()].sort(([, a], [, b]) => a.outputIndex - b.outputIndex);
  return open.flatMap(([index, item]) => {
    switch (item.kind) {
      case 'text':
        return endText(state, index, item);
      case 'reasoning':
        return endReasoning(state, index, item);
      case 'tool-call':
        return endToolCall(state, context, index, item);
      default:
        return assertNever(item, 'open item');
    }
  });
}

function finish(state: ResponsesStreamState, context: RenderContext, outcome: Outcome): SseFrame[] {
  switch (outcome.status) {
    case 'failed':
      return fail(state, context, outcome.error);
    case 'completed':
    case 'incomplete':
      state.phase = 'ended';
      return [
        emit(state, {
          type: outcome.status === 'completed' ? 'response.completed' : 'response.incomplete',
          response: responseObject(context, outcome, finishedOutput(state), state.usage),
        }),
      ];
    case 'in_progress':
      return [];
    default:
      return assertNever(outcome, 'outcome');
  }
}

/** An `error` event (code, message; nested `error` as the real API sends it) and then `response.failed`. */
function fail(state: ResponsesStreamState, context: RenderContext, error: IRError): SseFrame[] {
  state.phase = 'ended';
  const detail = responsesErrorDetail(error);
  return [
    emit(state, { type: 'error', code: detail.code, message: detail.message, param: null, error: detail }),
    emit(state, { type: 'response.failed', response: responseObject(context, { status: 'failed', error }, finishedOutput(state), state.usage) }),
  ];
}

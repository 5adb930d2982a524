import type { IREvent, IRError, IRStopReason, IRUsage, IRWarning } from '../../wire/ir.js';
import { assertNever, emptyUsage, incompleteStreamError } from '../../wire/ir.js';
import type { ParsedSseEvent } from '../../wire/sse.js';
import type { StreamTranslator } from '../../wire/stream-translator.js';
import { endStreamWithError, irStreamReader, StreamProtocolError } from '../stream-reader.js';
import { openAIStreamErrorToIr } from '../openai-common/openai-error.js';
import { openAIReasoningData, responsesStopReason } from './responses-output.js';
import { READ_EVENT_TYPES, responsesStreamEventSchema, type ResponsesOutputItem, type ResponsesStreamEventIn, type ResponsesUpstreamResponse } from './responses-upstream-api.js';
import { responsesUsageToIr } from './responses-usage-to-ir.js';

type Item =
  /** `streamed`: how many characters the deltas gave; the done item's text is whole, so what they lacked is sent at the end. */
  | { kind: 'text'; index: number; streamed: number }
  /** Reasoning whose encrypted form comes whole at output_item.done: its events wait for it (`held`). */
  | { kind: 'reasoning'; index: number; streamed: boolean; summaryIndex: number; held: IREvent[] | null }
  | { kind: 'function-call'; index: number; streamed: number }
  /** A custom tool's free text becomes the `input` argument, whole, at its end. */
  | { kind: 'custom-call'; index: number; input: string }
  /** A hosted tool's item (web search, code interpreter…): Switchboard never asks for one; skipped. */
  | { kind: 'skipped' };

export interface ResponsesStreamState {
  phase: 'before' | 'streaming' | 'done';
  /** Open output items by output_index (their IR part index is the output_index). */
  items: Map<number, Item>;
  calledTools: boolean;
  refused: boolean;
  warnings: IRWarning[];
}

/** Thrown when the upstream sent something malformed; a step turns it into an IR error. */
export class ResponsesProtocolError extends StreamProtocolError {}

/**
 * Responses API typed SSE events → IR events, one parsed event at a time. Each output item is one IR part (its
 * output_index is the part's index): a message is text, a reasoning item reasoning (its summary parts joined by a
 * blank line), a function call a tool call. The stream finishes at response.completed or response.incomplete and
 * fails at `error` or response.failed.
 */
export function responsesStreamToIr(): StreamTranslator<ResponsesStreamState, ParsedSseEvent, IREvent> {
  return irStreamReader({
    initial: () => ({ phase: 'before', items: new Map(), calledTools: false, refused: false, warnings: [] }),
    read: (state, sse) => {
      const event = parseEvent(sse);
      return event ? translate(state, event) : [];
    },
    end: (state) => endStreamWithError(state, incompleteStreamError()),
  });
}

function parseEvent(sse: ParsedSseEvent): ResponsesStreamEventIn | null {
  if (sse.data.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(sse.data);
  } catch {
    throw new ResponsesProtocolError(`the upstream sent a Responses event that is not JSON (event "${sse.event}")`);
  }
  const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
  if (typeof type !== 'string') throw new ResponsesProtocolError(`the upstream sent a Responses event without a type (event "${sse.event}")`);
  if (!READ_EVENT_TYPES.has(type)) return null;
  const parsed = responsesStreamEventSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ResponsesProtocolError(`the upstream sent a malformed ${type} event${issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
}

function translate(state: ResponsesStreamState, event: ResponsesStreamEventIn): IREvent[] {
  if (state.phase === 'before' && event.type !== 'response.created' && event.type !== 'response.in_progress' && event.type !== 'error') {
    throw new ResponsesProtocolError(`the upstream sent ${event.type} before response.created`);
  }
  switch (event.type) {
    case 'response.created':
    case 'response.in_progress':
      return start(state, event.response);
    case 'response.output_item.added':
      return addItem(state, event.output_index, event.item);
    case 'response.output_item.done':
      return finishItem(state, event.output_index, event.item);
    case 'response.output_text.delta':
    case 'response.refusal.delta':
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
    case 'response.function_call_arguments.delta':
    case 'response.custom_tool_call_input.delta':
      return delta(state, event);
    case 'response.completed':
    case 'response.incomplete':
      return finish(state, event.response);
    case 'response.failed':
      return endStreamWithError(state, failedError(event.response));
    case 'error':
      return endStreamWithError(state, openAIStreamErrorToIr(event));
    default:
      return assertNever(event, 'Responses stream event');
  }
}

function start(state: ResponsesStreamState, response: ResponsesUpstreamResponse): IREvent[] {
  if (state.phase !== 'before') return [];
  state.phase = 'streaming';
  return [{ type: 'message-start', id: response.id || 'resp_upstream', model: response.model ?? '', usage: null }];
}

function addItem(state: ResponsesStreamState, index: number, item: ResponsesOutputItem): IREvent[] {
  if (state.items.has(index)) throw new ResponsesProtocolError(`the upstream added output item ${index} twice`);
  switch (item.type) {
    case 'message':
      state.items.set(index, { kind: 'text', index, streamed: 0 });
      return [{ type: 'text-start', index }];
    case 'reasoning': {
      // Asked for with include: ["reasoning.encrypted_content"], the item's final encrypted form comes with its done.
      const reasoning: Extract<Item, { kind: 'reasoning' }> = { kind: 'reasoning', index, streamed: false, summaryIndex: 0, held: item.encrypted_content ? [] : null };
      state.items.set(index, reasoning);
      return emit(reasoning, [{ type: 'reasoning-start', index }]);
    }
    case 'function_call': {
      if (!item.call_id || !item.name) throw new ResponsesProtocolError(`the upstream added function call ${index} without its call_id or name`);
      state.calledTools = true;
      state.items.set(index, { kind: 'function-call', index, streamed: 0 });
      return [{ type: 'tool-call-start', index, id: item.call_id, name: item.name }];
    }
    case 'custom_tool_call': {
      if (!item.call_id || !item.name) throw new ResponsesProtocolError(`the upstream added custom tool call ${index} without its call_id or name`);
      state.calledTools = true;
      state.items.set(index, { kind: 'custom-call', index, input: '' });
      return [{ type: 'tool-call-start', index, id: item.call_id, name: item.name }];
    }
    default:
      warnOnce(state, { at: 'responses.stream', message: `an output item of type "${item.type}" has no IR form; skipped` });
      state.items.set(index, { kind: 'skipped' });
      return [];
  }
}

function delta(state: ResponsesStreamState, event: Extract<ResponsesStreamEventIn, { delta: string }>): IREvent[] {
  const item = state.items.get(event.output_index);
  if (!item) throw new ResponsesProtocolError(`the upstream sent ${event.type} for output item ${event.output_index}, which it never added`);
  if (item.kind === 'skipped' || event.delta === '') return [];
  const mismatch = () => new ResponsesProtocolError(`the upstream sent ${event.type} for a ${item.kind} item`);
  switch (event.type) {
    case 'response.output_text.delta':
    case 'response.refusal.delta':
      if (item.kind !== 'text') throw mismatch();
      if (event.type === 'response.refusal.delta') state.refused = true;
      item.streamed += event.delta.length;
      return [{ type: 'text-delta', index: item.index, text: event.delta }];
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
      if (item.kind !== 'reasoning') throw mismatch();
      return reasoningDelta(item, event.delta, event.summary_index ?? 0);
    case 'response.function_call_arguments.delta':
      if (item.kind !== 'function-call') throw mismatch();
      item.streamed += event.delta.length;
      return [{ type: 'tool-call-delta', index: item.index, argumentsDelta: event.delta }];
    case 'response.custom_tool_call_input.delta':
      if (item.kind !== 'custom-call') throw mismatch();
      item.input += event.delta;
      return [];
    default:
      return assertNever(event.type, 'delta event');
  }
}

/** Summary parts are separate paragraphs: a new summary_index starts with a blank line. */
function reasoningDelta(item: Extract<Item, { kind: 'reasoning' }>, text: string, summaryIndex: number): IREvent[] {
  const separator = item.streamed && summaryIndex !== item.summaryIndex ? '\n\n' : '';
  item.summaryIndex = summaryIndex;
  item.streamed = true;
  return emit(item, [{ type: 'reasoning-delta', index: item.index, text: separator + text }]);
}

function finishItem(state: ResponsesStreamState, index: number, done: ResponsesOutputItem): IREvent[] {
  const item = state.items.get(index);
  if (!item) throw new ResponsesProtocolError(`the upstream finished output item ${index}, which it never added`);
  state.items.delete(index);
  return closeItem(item, done);
}

/**
 * The item's end. What the done item holds beyond what its deltas gave (a server that sends items only whole, or
 * drops a delta) is sent before it: the done item is the whole answer.
 */
function closeItem(item: Item, done: ResponsesOutputItem | null): IREvent[] {
  switch (item.kind) {
    case 'text': {
      const rest = done ? (done.content ?? []).map((part) => part.text ?? part.refusal ?? '').join('').slice(item.streamed) : '';
      return [...(rest ? [{ type: 'text-delta' as const, index: item.index, text: rest }] : []), { type: 'text-end', index: item.index }];
    }
    case 'reasoning': {
      const whole = !item.streamed && done ? (done.summary ?? []).map((part) => part.text ?? '').join('\n\n') : '';
      const tail: IREvent[] = [...(whole ? [{ type: 'reasoning-delta' as const, index: item.index, text: whole }] : []), { type: 'reasoning-end', index: item.index }];
      if (item.held === null) return tail;
      // The held events, its opening now with the item's final encrypted form (marked: only OpenAI can read it).
      const encrypted = done?.encrypted_content;
      const held = item.held.map((event): IREvent => (event.type === 'reasoning-start' && encrypted ? { ...event, encrypted, providerData: openAIReasoningData() } : event));
      return [...held, ...tail];
    }
    case 'function-call': {
      const rest = done?.arguments?.slice(item.streamed) ?? '';
      return [...(rest ? [{ type: 'tool-call-delta' as const, index: item.index, argumentsDelta: rest }] : []), { type: 'tool-call-end', index: item.index }];
    }
    case 'custom-call': {
      const input = done?.input ?? item.input;
      return [{ type: 'tool-call-delta', index: item.index, argumentsDelta: JSON.stringify({ input }) }, { type: 'tool-call-end', index: item.index }];
    }
    case 'skipped':
      return [];
    default:
      return assertNever(item, 'output item');
  }
}

function emit(item: Extract<Item, { kind: 'reasoning' }>, events: IREvent[]): IREvent[] {
  if (item.held === null) return events;
  item.held.push(...events);
  return [];
}

function finish(state: ResponsesStreamState, response: ResponsesUpstreamResponse): IREvent[] {
  const open = [...state.items.values()].flatMap((item) => closeItem(item, null));
  state.items.clear();
  state.phase = 'done';
  const usage: IRUsage = response.usage ? responsesUsageToIr(response.usage) : { ...emptyUsage(), estimated: true };
  const stopReason: IRStopReason = state.refused ? 'refusal' : responsesStopReason(response, state.calledTools);
  return [...open, { type: 'finish', stopReason, stopSequence: null, usage }];
}

function failedError(response: ResponsesUpstreamResponse): IRError {
  return openAIStreamErrorToIr({ error: { code: response.error?.code, message: response.error?.message ?? 'the upstream failed the response' } });
}

function warnOnce(state: ResponsesStreamState, warning: IRWarning): void {
  if (!state.warnings.some((known) => known.at === warning.at && known.message === warning.message)) state.warnings.push(warning);
}

import type { z } from 'zod';
import { redactedThinkingBlockSchema, textBlockSchema, thinkingBlockSchema, toolUseBlockSchema, type AnthropicBlock } from '../../wire/anthropic/anthropic-api.js';
import { anthropicErrorToIrKind } from '../../wire/anthropic/anthropic-error.js';
import {
  ANTHROPIC_STREAM_EVENT_TYPES,
  anthropicStreamEventSchema,
  type anthropicMessageSchema,
  inputJsonDeltaSchema,
  signatureDeltaSchema,
  textDeltaSchema,
  thinkingDeltaSchema,
  type AnthropicStreamEvent,
} from '../../wire/anthropic/anthropic-response-api.js';
import { anthropicStopReasonToIr } from '../../wire/anthropic/map-anthropic-stop-reason.js';
import { anthropicUsageToIr, mergeAnthropicUsage } from '../../wire/anthropic/map-anthropic-usage.js';
import type { IREvent, IRStopReason, IRUsage, IRWarning } from '../../wire/ir.js';
import { assertNever, emptyUsage, incompleteStreamError } from '../../wire/ir.js';
import type { ParsedSseEvent } from '../../wire/sse.js';
import type { StreamTranslator } from '../../wire/stream-translator.js';
import { endStreamWithError, irStreamReader, StreamProtocolError } from '../stream-reader.js';

type Block =
  | { kind: 'text' }
  | { kind: 'reasoning' }
  /** `input` is the whole input when content_block_start already carried it and no input_json_delta has. */
  | { kind: 'tool-call'; input: string | null }
  /** A server tool's block (web search, code execution, MCP, compaction…): only Anthropic can use it. */
  | { kind: 'skipped' };

export interface AnthropicStreamState {
  phase: 'before' | 'streaming' | 'done';
  messageId: string | null;
  usage: IRUsage;
  stopReason: IRStopReason | null;
  stopSequence: string | null;
  /** Open blocks by Anthropic's block index, which is also the IR part index. */
  blocks: Map<number, Block>;
  /** What could not be carried (citations, unexpected deltas): for the caller to log once. */
  warnings: IRWarning[];
}

/** Thrown when Anthropic sent something malformed; a step turns it into an IR error. */
export class AnthropicProtocolError extends StreamProtocolError {}

/**
 * Anthropic's Messages stream → IR events, one parsed SSE event at a time. Each event's JSON is checked
 * with a schema; what is malformed or out of order ends the stream with an IR error rather than guessing.
 * Server-tool blocks are skipped whole (their deltas too), so IR part indexes may have gaps.
 */
export function anthropicStreamToIr(): StreamTranslator<AnthropicStreamState, ParsedSseEvent, IREvent> {
  return irStreamReader({
    initial: () => ({ phase: 'before', messageId: null, usage: emptyUsage(), stopReason: null, stopSequence: null, blocks: new Map(), warnings: [] }),
    read: (state, sse) => {
      const event = parseEvent(sse);
      return event ? translate(state, event) : [];
    },
    end: (state) => endStreamWithError(state, incompleteStreamError()),
  });
}

function parseEvent(sse: ParsedSseEvent): AnthropicStreamEvent | null {
  const event = readEventFrame(sse);
  // An event type newer than this code (the API adds them) is not an error: nothing here depends on it.
  if (!event || !ANTHROPIC_STREAM_EVENT_TYPES.has(event.type)) return null;
  return check(anthropicStreamEventSchema, event.json, `${event.type} event`);
}

/**
 * The framing every Anthropic stream event keeps, whatever its type: its data is a JSON object with a string
 * `type`. Null for an event without data (nothing to read); AnthropicProtocolError for anything else.
 */
export function readEventFrame(sse: ParsedSseEvent): { type: string; json: object } | null {
  if (sse.data.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(sse.data);
  } catch {
    throw new AnthropicProtocolError(`Anthropic sent an event that is not JSON (event "${sse.event}")`);
  }
  const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
  if (typeof type !== 'string') throw new AnthropicProtocolError(`Anthropic sent an event without a type (event "${sse.event}")`);
  return { type, json: json as object };
}

function translate(state: AnthropicStreamState, event: AnthropicStreamEvent): IREvent[] {
  if (state.phase === 'before' && event.type !== 'message_start' && event.type !== 'ping' && event.type !== 'error') {
    throw new AnthropicProtocolError(`Anthropic sent ${event.type} before message_start`);
  }
  switch (event.type) {
    case 'message_start':
      return startMessage(state, event.message);
    case 'content_block_start':
      return startBlock(state, event.index, event.content_block);
    case 'content_block_delta':
      return blockDelta(state, event.index, event.delta);
    case 'content_block_stop':
      return stopBlock(state, event.index);
    case 'message_delta':
      if (event.delta.stop_reason) state.stopReason = anthropicStopReasonToIr(event.delta.stop_reason);
      if (event.delta.stop_sequence !== undefined) state.stopSequence = event.delta.stop_sequence;
      state.usage = mergeAnthropicUsage(state.usage, event.usage);
      return [];
    case 'message_stop': {
      const ends = [...state.blocks.keys()].sort((a, b) => a - b).flatMap((index) => stopBlock(state, index));
      state.phase = 'done';
      return [...ends, { type: 'finish', stopReason: state.stopReason ?? 'end_turn', stopSequence: state.stopSequence, usage: state.usage }];
    }
    case 'ping':
      return [];
    case 'error':
      return endStreamWithError(state, { ...anthropicErrorToIrKind(event.error.type), message: event.error.message ?? event.error.type });
    default:
      return assertNever(event, 'Anthropic stream event');
  }
}

function startMessage(state: AnthropicStreamState, message: z.output<typeof anthropicMessageSchema>): IREvent[] {
  if (state.phase === 'streaming') {
    // A repeated message_start for the open message is harmless; another message spliced into this one is not.
    if (message.id === state.messageId) return [];
    throw new AnthropicProtocolError(`Anthropic started message ${message.id} while ${state.messageId ?? 'another'} was still open`);
  }
  state.phase = 'streaming';
  state.messageId = message.id;
  state.usage = anthropicUsageToIr(message.usage);
  if (message.stop_reason) state.stopReason = anthropicStopReasonToIr(message.stop_reason);
  // Content already in message_start (programmatic tool calls) arrives whole, with no block events after it.
  const prefilled = message.content.flatMap((block, index) => wholeBlock(block, index));
  return [{ type: 'message-start', id: message.id, model: message.model, usage: state.usage }, ...prefilled];
}

function startBlock(state: AnthropicStreamState, index: number, block: AnthropicBlock): IREvent[] {
  if (state.blocks.has(index)) throw new AnthropicProtocolError(`Anthropic started block ${index} twice`);
  const { open, events } = openBlock(block, index, false);
  state.blocks.set(index, open);
  return events;
}

/**
 * A block's opening events (with the content it already carries), and what its end still owes. A tool call's
 * input in content_block_start is only a placeholder when input_json_delta events follow; in a whole block
 * (`whole`) it is the input, even when empty.
 */
function openBlock(block: AnthropicBlock, index: number, whole: boolean): { open: Block; events: IREvent[] } {
  switch (block.type) {
    case 'text': {
      const { text } = check(textBlockSchema, block, 'text block');
      return { open: { kind: 'text' }, events: [{ type: 'text-start', index }, ...(text ? [{ type: 'text-delta' as const, index, text }] : [])] };
    }
    case 'thinking': {
      const thinking = check(thinkingBlockSchema, block, 'thinking block');
      return {
        open: { kind: 'reasoning' },
        events: [
          { type: 'reasoning-start', index },
          ...(thinking.thinking ? [{ type: 'reasoning-delta' as const, index, text: thinking.thinking }] : []),
          ...(thinking.signature ? [{ type: 'reasoning-signature' as const, index, signature: thinking.signature }] : []),
        ],
      };
    }
    case 'redacted_thinking': {
      const redacted = check(redactedThinkingBlockSchema, block, 'redacted_thinking block');
      return { open: { kind: 'reasoning' }, events: [{ type: 'reasoning-start', index, encrypted: redacted.data }] };
    }
    case 'tool_use': {
      const call = check(toolUseBlockSchema, block, 'tool_use block');
      const input = whole || hasContent(call.input) ? JSON.stringify(call.input ?? {}) : null;
      return { open: { kind: 'tool-call', input }, events: [{ type: 'tool-call-start', index, id: call.id, name: call.name }] };
    }
    default:
      return { open: { kind: 'skipped' }, events: [] };
  }
}

function blockDelta(state: AnthropicStreamState, index: number, delta: AnthropicBlock): IREvent[] {
  const block = state.blocks.get(index);
  if (!block) throw new AnthropicProtocolError(`Anthropic sent a delta for block ${index}, which never started`);
  if (block.kind === 'skipped') return [];
  switch (`${block.kind}:${delta.type}`) {
    case 'text:text_delta':
      return [{ type: 'text-delta', index, text: check(textDeltaSchema, delta, 'text_delta').text }];
    case 'reasoning:thinking_delta':
      return [{ type: 'reasoning-delta', index, text: check(thinkingDeltaSchema, delta, 'thinking_delta').thinking }];
    case 'reasoning:signature_delta':
      return [{ type: 'reasoning-signature', index, signature: check(signatureDeltaSchema, delta, 'signature_delta').signature }];
    case 'tool-call:input_json_delta': {
      const json = check(inputJsonDeltaSchema, delta, 'input_json_delta').partial_json;
      if (json === '') return [];
      state.blocks.set(index, { kind: 'tool-call', input: null });
      return [{ type: 'tool-call-delta', index, argumentsDelta: json }];
    }
    case 'text:citations_delta':
      warnOnce(state, { at: 'anthropic.stream.citations', message: 'citations have no place in the IR; dropped (the cited text itself is kept)' });
      return [];
    default:
      warnOnce(state, { at: 'anthropic.stream', message: `a ${delta.type} for a ${block.kind} block was not expected; dropped` });
      return [];
  }
}

function stopBlock(state: AnthropicStreamState, index: number): IREvent[] {
  const block = state.blocks.get(index);
  if (!block) return [];
  state.blocks.delete(index);
  return closeBlock(block, index);
}

function closeBlock(block: Block, index: number): IREvent[] {
  switch (block.kind) {
    case 'text':
      return [{ type: 'text-end', index }];
    case 'reasoning':
      return [{ type: 'reasoning-end', index }];
    case 'tool-call':
      return [...(block.input !== null ? [{ type: 'tool-call-delta' as const, index, argumentsDelta: block.input }] : []), { type: 'tool-call-end', index }];
    case 'skipped':
      return [];
    default:
      return assertNever(block, 'block');
  }
}

/** A block given complete (a non-streaming body, or content inside message_start) as its part's events. */
function wholeBlock(block: AnthropicBlock, index: number): IREvent[] {
  const { open, events } = openBlock(block, index, true);
  return [...events, ...closeBlock(open, index)];
}

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  throw new AnthropicProtocolError(`Anthropic sent a malformed ${what}${field}: ${issue?.message ?? 'invalid'}`);
}

function hasContent(input: unknown): boolean {
  return typeof input === 'object' && input !== null && Object.keys(input).length > 0;
}

function warnOnce(state: AnthropicStreamState, warning: IRWarning): void {
  if (!state.warnings.some((known) => known.at === warning.at && known.message === warning.message)) state.warnings.push(warning);
}

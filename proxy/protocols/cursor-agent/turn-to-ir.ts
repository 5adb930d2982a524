import { randomUUID } from 'node:crypto';

import { type IREvent, type IRError, type IRUsage } from '../../wire/ir.js';
import type { ChatFailure, ChatTurn, ChatTurnEvent } from './chat-transport.js';
import { estimatedUsage } from './estimated-usage.js';

/**
 * A turn's events as an IR stream: `message-start`, the thinking, text and tool-call parts in order (each opened,
 * filled and closed), then `finish` with the turn's usage (estimated when `turn_ended` counted nothing), or `error`.
 */
export async function* turnToIr(events: AsyncIterable<ChatTurnEvent>, turn: ChatTurn): AsyncGenerator<IREvent> {
  const upstreamModel = turn.model;
  let answerText = '';
  yield { type: 'message-start', id: `msg_${randomUUID().replaceAll('-', '')}`, model: upstreamModel, usage: null };
  let index = -1;
  let open: 'text' | 'reasoning' | null = null;
  let usage: IRUsage | null = null;
  const close = function* (): Generator<IREvent> {
    if (open === 'text') yield { type: 'text-end', index };
    if (open === 'reasoning') yield { type: 'reasoning-end', index };
    open = null;
  };
  for await (const event of events) {
    switch (event.type) {
      case 'thinking':
      case 'text': {
        const kind = event.type === 'text' ? 'text' : 'reasoning';
        if (open !== kind) {
          yield* close();
          index += 1;
          open = kind;
          yield { type: `${kind}-start`, index };
        }
        answerText += event.text;
        yield { type: `${kind}-delta`, index, text: event.text };
        break;
      }
      case 'tool_call':
        yield* close();
        index += 1;
        yield { type: 'tool-call-start', index, id: event.id, name: event.name };
        yield { type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(event.input) };
        answerText += event.name + JSON.stringify(event.input);
        yield { type: 'tool-call-end', index };
        break;
      case 'usage':
        if (event.usage.inputTokens + event.usage.outputTokens === 0) break;
        usage = { ...event.usage, reasoningTokens: event.usage.reasoningTokens || null, estimated: false };
        yield { type: 'usage', usage };
        break;
      case 'end':
        yield* close();
        yield { type: 'finish', stopReason: event.reason, stopSequence: null, usage: usage ?? estimatedUsage(turn, answerText) };
        return;
      case 'error':
        yield* close();
        yield { type: 'error', error: failureToIr(event.failure) };
        return;
    }
  }
  yield* close();
  yield { type: 'error', error: failureToIr({ kind: 'truncated', message: 'Cursor: the turn ended without an end.' }) };
}

/** A failed turn in the IR's terms: the HTTP status a client would have seen before streaming began. */
export function failureToIr(failure: ChatFailure): IRError {
  switch (failure.kind) {
    case 'rate-limited':
      return { kind: 'rate_limit', status: 429, message: failure.message };
    case 'auth':
      return { kind: 'authentication', status: 401, message: failure.message };
    case 'empty-stream':
      return { kind: 'not_found', status: 404, message: failure.message };
    case 'outdated-client':
    case 'truncated':
    case 'upstream':
      return { kind: 'api_error', status: 502, message: failure.message };
  }
}

import type { IREvent, IRStopReason, IRUsage } from '../../wire/ir.js';
import { emptyUsage, incompleteStreamError } from '../../wire/ir.js';
import type { ParsedSseEvent } from '../../wire/sse.js';
import type { StreamTranslator } from '../../wire/stream-translator.js';
import { endStreamWithError, irStreamReader, StreamProtocolError } from '../stream-reader.js';
import { openAIStreamErrorToIr } from '../openai-common/openai-error.js';
import { chatChunkSchema, type ChatUpstreamChunk, type ChatUpstreamDelta } from './chat-upstream-api.js';
import { chatFinishReasonToIr } from './chat-finish-reason.js';
import { chatUsageToIr } from './chat-usage-to-ir.js';

type OpenPart = { kind: 'text' | 'reasoning'; index: number } | null;

export interface ChatStreamState {
  phase: 'before' | 'streaming' | 'done';
  /** The IR index the next part gets. */
  nextIndex: number;
  /** The text or reasoning part deltas go to now (a tool call closes it). */
  open: OpenPart;
  /** Chat's tool call index → the call's IR part index, for the calls not yet closed. */
  toolCalls: Map<number, number>;
  /** Calls that went out, so a call index seen again after its close is an error. */
  toolCallCount: number;
  finishReason: IRStopReason | null;
  /** The choice has its finish_reason: only the usage chunk and [DONE] may follow. */
  choiceFinished: boolean;
  usage: IRUsage | null;
}

/** Thrown when the upstream sent something malformed; a step turns it into an IR error. */
export class ChatProtocolError extends StreamProtocolError {}

/**
 * Chat Completions SSE (`data: {chunk}` … `data: [DONE]`) → IR events, one parsed event at a time. The finish
 * waits for `[DONE]` (or the stream's end after a finish_reason), because the usage chunk comes after the chunk
 * with the finish reason. An `{"error": …}` chunk, which OpenAI sends mid-stream, ends the stream as an IR error.
 */
export function chatStreamToIr(): StreamTranslator<ChatStreamState, ParsedSseEvent, IREvent> {
  return irStreamReader({
    initial: () => ({ phase: 'before', nextIndex: 0, open: null, toolCalls: new Map(), toolCallCount: 0, finishReason: null, choiceFinished: false, usage: null }),
    read: translate,
    // Some compatible servers end the stream without [DONE]: after a finish reason it is whole all the same.
    end: (state) => (state.choiceFinished ? finish(state) : endStreamWithError(state, incompleteStreamError())),
  });
}

function translate(state: ChatStreamState, sse: ParsedSseEvent): IREvent[] {
  const data = sse.data.trim();
  if (data === '') return [];
  if (data === '[DONE]') {
    if (!state.choiceFinished) throw new ChatProtocolError('the upstream ended its Chat stream ([DONE]) before it had finished an answer');
    return finish(state);
  }
  const json = parseJson(data);
  if (typeof json === 'object' && json !== null && 'error' in json) return endStreamWithError(state, openAIStreamErrorToIr(json));
  const parsed = chatChunkSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChatProtocolError(`the upstream sent a malformed chat.completion.chunk${issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  return chunkEvents(state, parsed.data);
}

function chunkEvents(state: ChatStreamState, chunk: ChatUpstreamChunk): IREvent[] {
  const events: IREvent[] = [];
  const choice = chunk.choices?.[0];
  // Azure opens with a chunk of prompt filter results and no choices: nothing of the answer yet.
  if (state.phase === 'before' && (choice || chunk.usage)) {
    state.phase = 'streaming';
    events.push({ type: 'message-start', id: chunk.id || 'chatcmpl-upstream', model: chunk.model ?? '', usage: null });
  }
  if (choice?.delta) {
    const delta = deltaEvents(state, choice.delta);
    if (state.choiceFinished && delta.length > 0) throw new ChatProtocolError('the upstream sent more of the answer after its finish_reason');
    events.push(...delta);
  }
  if (choice?.finish_reason) {
    state.choiceFinished = true;
    state.finishReason = state.finishReason === 'refusal' ? 'refusal' : chatFinishReasonToIr(choice.finish_reason);
    events.push(...closeAll(state));
  }
  if (chunk.usage) {
    state.usage = chatUsageToIr(chunk.usage);
    events.push({ type: 'usage', usage: state.usage });
  }
  return events;
}

function deltaEvents(state: ChatStreamState, delta: ChatUpstreamDelta): IREvent[] {
  const events: IREvent[] = [];
  const reasoning = delta.reasoning_content || delta.reasoning;
  if (reasoning) events.push(...partDelta(state, 'reasoning', reasoning));
  if (delta.content) events.push(...partDelta(state, 'text', delta.content));
  if (delta.refusal) {
    state.finishReason = 'refusal';
    events.push(...partDelta(state, 'text', delta.refusal));
  }
  for (const call of delta.tool_calls ?? []) events.push(...toolCallEvents(state, call));
  return events;
}

/** Text for the open part of this kind, opening it (and closing the other) when it is not the open one. */
function partDelta(state: ChatStreamState, kind: 'text' | 'reasoning', text: string): IREvent[] {
  const events: IREvent[] = [];
  let open = state.open;
  if (open?.kind !== kind) {
    events.push(...closeOpen(state));
    open = { kind, index: state.nextIndex++ };
    state.open = open;
    events.push(kind === 'text' ? { type: 'text-start', index: open.index } : { type: 'reasoning-start', index: open.index });
  }
  events.push(kind === 'text' ? { type: 'text-delta', index: open.index, text } : { type: 'reasoning-delta', index: open.index, text });
  return events;
}

function closeOpen(state: ChatStreamState): IREvent[] {
  const open = state.open;
  if (!open) return [];
  state.open = null;
  return [open.kind === 'text' ? { type: 'text-end', index: open.index } : { type: 'reasoning-end', index: open.index }];
}

type ToolCallDelta = NonNullable<ChatUpstreamDelta['tool_calls']>[number];

/** The first delta of a call (by Chat's index) names it; later ones carry argument text. */
function toolCallEvents(state: ChatStreamState, call: ToolCallDelta): IREvent[] {
  // Some compatible servers leave out the index when they send each call whole: each is then a new call.
  const callIndex = call.index ?? state.toolCallCount;
  const arguments_ = call.function?.arguments ?? '';
  const known = state.toolCalls.get(callIndex);
  if (known !== undefined) return arguments_ ? [{ type: 'tool-call-delta', index: known, argumentsDelta: arguments_ }] : [];

  const name = call.function?.name;
  if (!name) throw new ChatProtocolError(`the upstream sent arguments for tool call ${callIndex}, which it never named`);
  if (callIndex < state.toolCallCount) throw new ChatProtocolError(`the upstream reopened tool call ${callIndex}`);
  const events = closeOpen(state);
  const index = state.nextIndex++;
  state.toolCalls.set(callIndex, index);
  state.toolCallCount = callIndex + 1;
  events.push({ type: 'tool-call-start', index, id: call.id || `call_${index}`, name });
  if (arguments_) events.push({ type: 'tool-call-delta', index, argumentsDelta: arguments_ });
  return events;
}

function closeAll(state: ChatStreamState): IREvent[] {
  const calls = [...state.toolCalls.values()].map((index): IREvent => ({ type: 'tool-call-end', index }));
  state.toolCalls.clear();
  return [...closeOpen(state), ...calls];
}

function finish(state: ChatStreamState): IREvent[] {
  const events = closeAll(state);
  state.phase = 'done';
  // A server that reports no usage (the client could not ask for it): zeros, marked as not the upstream's count.
  const usage = state.usage ?? { ...emptyUsage(), estimated: true };
  return [...events, { type: 'finish', stopReason: state.finishReason ?? 'end_turn', stopSequence: null, usage }];
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new ChatProtocolError(`the upstream sent a Chat stream event that is not JSON (it starts ${JSON.stringify(data.slice(0, 40))})`);
  }
}

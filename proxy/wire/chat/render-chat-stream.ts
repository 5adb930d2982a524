import type { IRError, IREvent } from '../ir.js';
import { assertNever, incompleteStreamError } from '../ir.js';
import { jsonFrame, type SseFrame } from '../sse.js';
import type { StreamTranslator } from '../stream-translator.js';
import type { RenderContext } from '../wire-format.js';
import type { ChatCompletionChunk, ChatDelta, ChatFinishReason, ChatUsage } from './chat-api.js';
import { renderChatError } from './chat-error.js';
import { readChatProviderData } from './chat-provider-data.js';
import { mapChatFinishReason } from './map-chat-finish-reason.js';
import { renderChatUsage } from './render-chat-usage.js';

/**
 * The event name of every Chat frame. OpenAI's Chat streams carry no `event:` lines, and `message` is what
 * the SSE spec calls an event without one, so a writer that leaves this name out changes nothing for a
 * spec-following reader. It must: openai-node before 6.25 and older openai-python releases treat any named
 * event other than `response.*` / `transcript.*` (this one included) as an Assistants event and hand the
 * client `{event, data}` instead of the chunk.
 */
export const CHAT_SSE_EVENT = 'message';

const DONE: SseFrame = { event: CHAT_SSE_EVENT, data: '[DONE]' };

export interface ChatStreamState {
  /** The opening chunk (`role: assistant`) is out. */
  opened: boolean;
  /** `[DONE]` is out: nothing may follow it. */
  closed: boolean;
  /** IR part index → the call's position in Chat's `tool_calls`, and whether any argument text went out. */
  toolCalls: Map<number, { index: number; sentArguments: boolean }>;
}

/**
 * IR events → `chat.completion.chunk` frames as OpenAI streams them: an opening chunk with the role, one chunk
 * per delta, a chunk with the finish reason, the usage chunk when the client asked for it, then `[DONE]`.
 * An error, or a stream that stops short, ends with OpenAI's error object and `[DONE]`.
 */
export function chatStreamRenderer(context: RenderContext): StreamTranslator<ChatStreamState, IREvent, SseFrame> {
  const { includeUsage } = readChatProviderData(context.request);

  const chunk = (choices: ChatCompletionChunk['choices'], usage: ChatUsage | null = null): SseFrame => {
    const body: ChatCompletionChunk = {
      id: context.responseId,
      object: 'chat.completion.chunk',
      created: context.created,
      model: context.requestedModel,
      choices,
      // OpenAI adds `usage: null` to every chunk once usage was asked for, and only then.
      ...(includeUsage ? { usage } : {}),
    };
    return jsonFrame(CHAT_SSE_EVENT, body);
  };
  const delta = (value: ChatDelta, finishReason: ChatFinishReason | null = null): SseFrame =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finishReason }]);

  const open = (state: ChatStreamState): SseFrame[] => {
    if (state.opened) return [];
    state.opened = true;
    return [delta({ role: 'assistant', content: '', refusal: null })];
  };

  /** A call that streamed no arguments gets `{}`: Chat clients JSON.parse the arguments, and "" is not JSON. */
  const closeArguments = (state: ChatStreamState, partIndex: number): SseFrame[] => {
    const call = state.toolCalls.get(partIndex);
    if (!call || call.sentArguments) return [];
    call.sentArguments = true;
    return [delta({ tool_calls: [{ index: call.index, function: { arguments: '{}' } }] })];
  };

  const fail = (state: ChatStreamState, error: IRError): SseFrame[] => {
    state.closed = true;
    return [jsonFrame(CHAT_SSE_EVENT, renderChatError(error)), DONE];
  };

  return {
    initial: () => ({ opened: false, closed: false, toolCalls: new Map() }),

    step(state, event) {
      if (state.closed) return [];
      switch (event.type) {
        case 'message-start':
        case 'text-start':
        case 'reasoning-start':
          return open(state);
        case 'text-delta':
          return event.text ? [...open(state), delta({ content: event.text })] : [];
        case 'reasoning-delta':
          return event.text ? [...open(state), delta({ reasoning_content: event.text })] : [];
        case 'tool-call-start': {
          // Chat numbers calls among themselves (0, 1, …), not among all output parts as the IR does.
          const index = state.toolCalls.size;
          state.toolCalls.set(event.index, { index, sentArguments: false });
          return [...open(state), delta({ tool_calls: [{ index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] })];
        }
        case 'tool-call-delta': {
          const call = state.toolCalls.get(event.index);
          if (!call || !event.argumentsDelta) return [];
          call.sentArguments = true;
          return [delta({ tool_calls: [{ index: call.index, function: { arguments: event.argumentsDelta } }] })];
        }
        case 'tool-call-end':
          return closeArguments(state, event.index);
        // Chat has no place for a thinking signature or for interim usage (the finish event repeats it).
        case 'text-end':
        case 'reasoning-end':
        case 'reasoning-signature':
        case 'usage':
          return [];
        case 'finish': {
          const frames = [...open(state), ...[...state.toolCalls.keys()].flatMap((partIndex) => closeArguments(state, partIndex))];
          frames.push(delta({}, mapChatFinishReason(event.stopReason, state.toolCalls.size > 0)));
          if (includeUsage) frames.push(chunk([], renderChatUsage(event.usage)));
          frames.push(DONE);
          state.closed = true;
          return frames;
        }
        case 'error':
          return fail(state, event.error);
        default:
          return assertNever(event, 'IR event');
      }
    },

    end(state) {
      if (state.closed) return [];
      return fail(state, incompleteStreamError());
    },
  };
}

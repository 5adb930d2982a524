import type { IRImagePart, IRMessage, IRReasoning, IRRequest, IRTextPart, IRToolChoice, IRWarning } from '../../wire/ir.js';
import { assertNever } from '../../wire/ir.js';
import { endUserField } from '../openai-common/end-user.js';
import { effortForBudget } from '../openai-common/reasoning-effort.js';

type Json = Record<string, unknown>;

/**
 * Which Chat Completions the upstream speaks. OpenAI's own API refuses fields it does not know and has renamed
 * max_tokens (reasoning models refuse the old name); the compatible servers (vLLM, Ollama, LM Studio, OpenRouter)
 * know max_tokens everywhere and take top_k, but not OpenAI's prompt_cache_key.
 */
export type ChatDialect = 'openai' | 'compatible';

export interface ChatRequestOptions {
  dialect: ChatDialect;
  /** False: ask for one JSON answer. Default true: the caller reads the stream (and aggregates it when it must). */
  stream?: boolean;
}

export interface ConvertedChatRequest {
  body: Json;
  warnings: IRWarning[];
}

/**
 * An IR request as a Chat Completions body for `upstreamModel` — the reverse of proxy/wire/chat/parse-chat-request.ts.
 * What Chat cannot say becomes a warning: earlier turns' reasoning (Chat takes none back), tool error flags, images
 * inside tool results (sent in a user message right after them instead).
 */
export function convertToChatRequest(request: IRRequest, upstreamModel: string, options: ChatRequestOptions): ConvertedChatRequest {
  const warnings: IRWarning[] = [];
  const stream = options.stream ?? true;
  const tools = request.tools.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.inputSchema,
      ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
    },
  }));
  const body: Json = {
    model: upstreamModel,
    messages: [...systemMessages(request.system), ...convertMessages(request.messages, warnings)],
    // OpenAI refuses tool_choice and parallel_tool_calls without tools.
    ...(tools.length > 0 ? { tools } : {}),
    ...(tools.length > 0 && request.toolChoice ? { tool_choice: toolChoice(request.toolChoice) } : {}),
    ...(tools.length > 0 && request.parallelToolCalls !== null ? { parallel_tool_calls: request.parallelToolCalls } : {}),
    ...sampling(request, options.dialect, warnings),
    ...(request.stopSequences.length > 0 ? { stop: request.stopSequences } : {}),
    ...reasoning(request.reasoning, warnings),
    ...responseFormat(request),
    ...metadata(request, options.dialect, warnings),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
  return { body, warnings };
}

/** The system prompt as one system message: every compatible server's chat template takes one. */
function systemMessages(system: readonly IRTextPart[]): Json[] {
  const text = system
    .map((part) => part.text)
    .filter((part) => part.trim() !== '')
    .join('\n\n');
  return text ? [{ role: 'system', content: text }] : [];
}

function convertMessages(messages: readonly IRMessage[], warnings: IRWarning[]): Json[] {
  const out: Json[] = [];
  let droppedReasoning = 0;
  let errorFlags = 0;
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'user':
        out.push({ role: 'user', content: userContent(message.content) });
        break;
      case 'assistant': {
        const texts = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : []));
        const calls = message.content.flatMap((part) =>
          part.type === 'tool-call' ? [{ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments || '{}' } }] : [],
        );
        droppedReasoning += message.content.filter((part) => part.type === 'reasoning').length;
        const content = texts.join('');
        if (content === '' && calls.length === 0) break;
        out.push({ role: 'assistant', content: content === '' ? null : content, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
        break;
      }
      case 'tool': {
        const images: IRImagePart[] = [];
        for (const result of message.content) {
          const text = result.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
          images.push(...result.content.filter((part): part is IRImagePart => part.type === 'image'));
          if (result.isError) errorFlags++;
          out.push({ role: 'tool', tool_call_id: result.toolCallId, content: text });
        }
        if (images.length > 0) {
          warnings.push({ at: `chat.messages[${index}]`, message: 'Chat tool results take text only; their images were sent in a user message after them' });
          out.push({ role: 'user', content: images.map(imagePart) });
        }
        break;
      }
      default:
        assertNever(message, 'message');
    }
  });
  if (droppedReasoning > 0) {
    warnings.push({ at: 'chat.messages', message: `${droppedReasoning} reasoning part(s) of earlier turns cannot be sent back through Chat Completions; dropped` });
  }
  if (errorFlags > 0) {
    warnings.push({ at: 'chat.messages', message: `${errorFlags} tool result(s) marked as errors: Chat has no error flag, their text was sent as it is` });
  }
  return out;
}

/** One text stays a string (the form every server takes); anything else is a list of parts. */
function userContent(parts: ReadonlyArray<IRTextPart | IRImagePart>): string | Json[] {
  const [only] = parts;
  if (parts.length === 1 && only?.type === 'text') return only.text;
  return parts.map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : imagePart(part)));
}

function imagePart(part: IRImagePart): Json {
  const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
  return { type: 'image_url', image_url: { url, ...(part.detail ? { detail: part.detail } : {}) } };
}

function toolChoice(choice: IRToolChoice): unknown {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    default:
      return assertNever(choice, 'tool choice');
  }
}

function sampling(request: IRRequest, dialect: ChatDialect, warnings: IRWarning[]): Json {
  const { maxOutputTokens, temperature, topP, topK } = request.sampling;
  const out: Json = {};
  if (maxOutputTokens !== undefined) out[dialect === 'openai' ? 'max_completion_tokens' : 'max_tokens'] = maxOutputTokens;
  if (temperature !== undefined) out.temperature = temperature;
  if (topP !== undefined) out.top_p = topP;
  if (topK !== undefined) {
    if (dialect === 'compatible') out.top_k = topK;
    else warnings.push({ at: 'chat.top_k', message: 'top_k is not part of OpenAI Chat Completions; dropped' });
  }
  return out;
}

function reasoning(value: IRReasoning | null, warnings: IRWarning[]): Json {
  if (!value) return {};
  if (!value.enabled) return { reasoning_effort: 'none' };
  if (value.effort === 'max') {
    warnings.push({ at: 'chat.reasoning_effort', message: 'effort "max" has no Chat Completions form; sent as "xhigh"' });
    return { reasoning_effort: 'xhigh' };
  }
  if (value.effort) return { reasoning_effort: value.effort };
  if (value.budgetTokens !== undefined) {
    const budget = value.budgetTokens;
    return { reasoning_effort: effortForBudget(budget) };
  }
  return {};
}

function responseFormat(request: IRRequest): Json {
  const output = request.output;
  if (!output) return {};
  if (output.type === 'json_object') return { response_format: { type: 'json_object' } };
  return {
    response_format: {
      type: 'json_schema',
      json_schema: { name: output.name, schema: output.schema, strict: output.strict, ...(output.description ? { description: output.description } : {}) },
    },
  };
}

/** `user` (the end user) everywhere; the conversation as OpenAI's cache key, which compatible servers refuse or ignore. */
function metadata(request: IRRequest, dialect: ChatDialect, warnings: IRWarning[]): Json {
  const { user, conversationId } = request.metadata;
  return { ...endUserField(user, 'chat.user', warnings), ...(dialect === 'openai' && conversationId ? { prompt_cache_key: conversationId } : {}) };
}

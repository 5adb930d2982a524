import type { OpenAIReplyInput, ToolSpec } from './openai-api-replies.js';
import { chatToolHistoryProblem, chatToolResultTexts, responsesToolHistoryProblem, responsesToolResultTexts } from './openai-tool-history.js';

/**
 * What the OpenAI-compatible stand-in checks of a request body and reads for its reply. It checks what the real
 * API refuses with a 400 before any model runs (a model, messages or input, their shape); the rest is read loosely.
 */
export type Validation<T> = { ok: true; request: T } | { ok: false; message: string; param: string | null };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface ChatStandInRequest extends OpenAIReplyInput {
  stream: boolean;
  includeUsage: boolean;
}

export interface ResponsesStandInRequest extends OpenAIReplyInput {
  stream: boolean;
}

export function validateChatRequest(body: unknown): Validation<ChatStandInRequest> {
  if (!isObject(body)) return refuse('We could not parse the JSON body of your request.', null);
  if (typeof body['model'] !== 'string' || body['model'] === '') return refuse("you must provide a model parameter", 'model');
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) return refuse("Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages');
  for (const [index, message] of messages.entries()) {
    if (!isObject(message) || typeof message['role'] !== 'string') return refuse(`Invalid value for 'messages[${index}].role'.`, `messages[${index}].role`);
  }
  if ('max_tokens' in body && 'max_completion_tokens' in body) return refuse('max_tokens and max_completion_tokens cannot both be set', 'max_tokens');
  const toolHistory = chatToolHistoryProblem(messages);
  if (toolHistory) return refuse(toolHistory.message, toolHistory.param);
  const last = messages.at(-1) as Json;
  const tools = (Array.isArray(body['tools']) ? body['tools'] : []).flatMap((tool) => (isObject(tool) && isObject(tool['function']) ? [toolOf(tool['function'])] : []));
  const choice = body['tool_choice'];
  return {
    ok: true,
    request: {
      model: body['model'],
      lastUserText: last['role'] === 'user' ? textOf(last['content']) : null,
      toolResultText: trailingText(messages.filter(isObject), (message) => (message['role'] === 'tool' ? textOf(message['content']) : null)),
      earlierToolResults: chatToolResultTexts(messages, textOf),
      tools,
      forcedTool: isObject(choice) && isObject(choice['function']) ? String(choice['function']['name']) : choice === 'required' ? (tools[0]?.name ?? null) : null,
      maxTokens: numberOr(body['max_completion_tokens'], numberOr(body['max_tokens'], null)),
      inputChars: JSON.stringify(messages).length,
      stream: body['stream'] === true,
      includeUsage: isObject(body['stream_options']) && body['stream_options']['include_usage'] === true,
    },
  };
}

export function validateResponsesRequest(body: unknown): Validation<ResponsesStandInRequest> {
  if (!isObject(body)) return refuse('We could not parse the JSON body of your request.', null);
  if (typeof body['model'] !== 'string' || body['model'] === '') return refuse('Missing required parameter: model.', 'model');
  const input = body['input'];
  if (typeof input !== 'string' && !Array.isArray(input)) return refuse("Invalid type for 'input': expected a string or an array of input items.", 'input');
  const items: Json[] = typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : input.filter(isObject);
  const toolHistory = responsesToolHistoryProblem(items);
  if (toolHistory) return refuse(toolHistory.message, toolHistory.param);
  const last = items.at(-1);
  const tools = (Array.isArray(body['tools']) ? body['tools'] : []).flatMap((tool) => (isObject(tool) && tool['type'] === 'function' ? [toolOf(tool)] : []));
  const choice = body['tool_choice'];
  const lastIsUser = last !== undefined && (last['type'] ?? 'message') === 'message' && last['role'] === 'user';
  return {
    ok: true,
    request: {
      model: body['model'],
      lastUserText: lastIsUser ? textOf(last['content']) : null,
      toolResultText: trailingText(items, (item) => (item['type'] === 'function_call_output' ? textOf(item['output']) : null)),
      earlierToolResults: responsesToolResultTexts(items, textOf),
      tools,
      forcedTool: isObject(choice) && choice['type'] === 'function' ? String(choice['name']) : choice === 'required' ? (tools[0]?.name ?? null) : null,
      maxTokens: numberOr(body['max_output_tokens'], null),
      inputChars: JSON.stringify(input).length + String(body['instructions'] ?? '').length,
      stream: body['stream'] === true,
    },
  };
}

/** The texts the entries ending the list have (one per line, in order); null when the last entry has none. */
function trailingText(entries: readonly Json[], textOfEntry: (entry: Json) => string | null): string | null {
  const texts: string[] = [];
  for (const entry of [...entries].reverse()) {
    const text = textOfEntry(entry);
    if (text === null) break;
    texts.unshift(text);
  }
  return texts.length > 0 ? texts.join('\n') : null;
}

function refuse(message: string, param: string | null): { ok: false; message: string; param: string | null } {
  return { ok: false, message, param };
}

/** A function tool's name and its required properties, each with the JSON type its schema gives (string if none). */
function toolOf(definition: Json): ToolSpec {
  const parameters = isObject(definition['parameters']) ? definition['parameters'] : {};
  const properties = isObject(parameters['properties']) ? parameters['properties'] : {};
  const required = Array.isArray(parameters['required']) ? parameters['required'].filter((key): key is string => typeof key === 'string') : [];
  const typeOf = (key: string) => {
    const property = properties[key];
    const type = isObject(property) ? property['type'] : undefined;
    return typeof type === 'string' ? type : Array.isArray(type) ? String(type.find((entry) => entry !== 'null') ?? 'string') : 'string';
  };
  return { name: String(definition['name']), required: required.map((key) => ({ name: key, type: typeOf(key) })) };
}

/** The text of a content field: a string, or the text of its parts (text, input_text, output_text). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('');
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' ? value : fallback;
}

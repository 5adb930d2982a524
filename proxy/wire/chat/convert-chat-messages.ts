import type { IRAssistantPart, IRImagePart, IRMessage, IRTextPart, IRToolResultPart, IRUserPart, IRWarning } from '../ir.js';
import { assertNever } from '../ir.js';
import { WireRequestError } from '../wire-format.js';
import type { ChatImagePart, ChatMessage, ChatToolResultPart, ChatUserPart } from './chat-api.js';

export interface ConvertedMessages {
  system: IRTextPart[];
  messages: IRMessage[];
  warnings: IRWarning[];
}

/**
 * Chat messages → the IR conversation. System and developer messages become the system prompt wherever they
 * stand; consecutive tool results become one IR tool message (the IR answers one assistant turn with one
 * message, as Anthropic requires).
 */
export function convertChatMessages(messages: readonly ChatMessage[]): ConvertedMessages {
  const out: ConvertedMessages = { system: [], messages: [], warnings: [] };
  // Legacy `function_call`s carry no id: remember the ids we gave them, by name, for the `function` answers.
  const legacyCalls = new Map<string, string[]>();

  messages.forEach((message, index) => {
    const at = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        out.system.push(...textParts(message.content));
        break;
      case 'user':
        out.messages.push({ role: 'user', content: userParts(message.content, at, out.warnings) });
        break;
      case 'assistant':
        out.messages.push({ role: 'assistant', content: assistantParts(message, index, legacyCalls, out.warnings) });
        break;
      case 'tool':
        addToolResult(out.messages, { type: 'tool-result', toolCallId: message.tool_call_id, content: toolResultContent(message.content, at) });
        break;
      case 'function': {
        const toolCallId = legacyCalls.get(message.name)?.shift() ?? `legacy_function_${index}`;
        out.warnings.push({ at: `chat.${at}`, message: 'a legacy "function" message was sent as a tool result' });
        addToolResult(out.messages, { type: 'tool-result', toolCallId, content: [{ type: 'text', text: message.content ?? '' }] });
        break;
      }
      default:
        assertNever(message, 'chat message role');
    }
  });
  return out;
}

function addToolResult(messages: IRMessage[], part: IRToolResultPart): void {
  const last = messages.at(-1);
  if (last?.role === 'tool') last.content.push(part);
  else messages.push({ role: 'tool', content: [part] });
}

function textParts(content: string | ReadonlyArray<{ text: string }>): IRTextPart[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content.map((part) => ({ type: 'text', text: part.text }));
}

function userParts(content: string | readonly ChatUserPart[], at: string, warnings: IRWarning[]): IRUserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const parts: IRUserPart[] = [];
  content.forEach((part, index) => {
    const partAt = `${at}.content[${index}]`;
    switch (part.type) {
      case 'text':
        parts.push({ type: 'text', text: part.text });
        break;
      case 'image_url':
        parts.push(convertImage(part, partAt));
        break;
      case 'input_audio':
      case 'file':
        warnings.push({ at: `chat.${partAt}`, message: `a "${part.type}" content part cannot be sent to the model; dropped` });
        break;
      default:
        assertNever(part, 'chat user content part');
    }
  });
  return parts;
}

function toolResultContent(content: string | readonly ChatToolResultPart[], at: string): Array<IRTextPart | IRImagePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => (part.type === 'text' ? { type: 'text', text: part.text } : convertImage(part, `${at}.content[${index}]`)));
}

function assistantParts(
  message: Extract<ChatMessage, { role: 'assistant' }>,
  index: number,
  legacyCalls: Map<string, string[]>,
  warnings: IRWarning[],
): IRAssistantPart[] {
  const at = `chat.messages[${index}]`;
  const parts: IRAssistantPart[] = [];
  if (message.reasoning_content) parts.push({ type: 'reasoning', text: message.reasoning_content });

  const texts = typeof message.content === 'string' ? [message.content] : (message.content ?? []).map((part) => (part.type === 'text' ? part.text : part.refusal));
  if (message.refusal) texts.push(message.refusal);
  for (const text of texts) if (text !== '') parts.push({ type: 'text', text });

  for (const [callIndex, call] of (message.tool_calls ?? []).entries()) {
    if (call.type === 'custom') {
      warnings.push({ at: `${at}.tool_calls[${callIndex}]`, message: 'custom tool calls are not supported; dropped' });
      continue;
    }
    parts.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments });
  }

  if (message.function_call) {
    const id = `legacy_function_${index}`;
    legacyCalls.set(message.function_call.name, [...(legacyCalls.get(message.function_call.name) ?? []), id]);
    warnings.push({ at: `${at}.function_call`, message: 'a legacy function_call was sent as a tool call' });
    parts.push({ type: 'tool-call', id, name: message.function_call.name, arguments: message.function_call.arguments });
  }
  return parts;
}

/** An image as a URL the provider fetches, or inline data from a `data:` URL (RFC 2397). */
function convertImage(part: ChatImagePart, at: string): IRImagePart {
  const { url, detail } = part.image_url;
  const param = `${at}.image_url.url`;
  const withDetail = detail ? { detail } : {};
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { kind: 'url', url }, ...withDetail };
  if (!url.toLowerCase().startsWith('data:')) throw new WireRequestError(`${param}: expected an http(s) URL or a base64 data: URL`, param);

  const comma = url.indexOf(',');
  const [mediaType = '', ...parameters] = (comma === -1 ? '' : url.slice('data:'.length, comma)).split(';');
  if (comma === -1 || !parameters.some((parameter) => parameter.toLowerCase() === 'base64')) {
    throw new WireRequestError(`${param}: a data: URL must be base64-encoded (data:<media type>;base64,<data>)`, param);
  }
  if (!mediaType) throw new WireRequestError(`${param}: the data: URL names no media type (e.g. data:image/png;base64,…)`, param);
  return { type: 'image', source: { kind: 'base64', mediaType: mediaType.toLowerCase(), data: url.slice(comma + 1) }, ...withDetail };
}

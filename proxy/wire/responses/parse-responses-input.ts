import type { IRAssistantPart, IRImagePart, IRMessage, IRReasoningPart, IRTextPart, IRTool, IRToolResultPart, IRWarning } from '../ir.js';
import { validate } from '../validate.js';
import { decodeReasoningSecrets } from './reasoning-signature.js';
import type { ImagePart, ReasoningInputItem, ResponsesRequest, ResponsesTypedObject } from './responses-api.js';
import {
  additionalToolsItemSchema,
  customToolCallItemSchema,
  functionCallItemSchema,
  imagePartSchema,
  messageItemSchema,
  reasoningItemSchema,
  refusalPartSchema,
  textPartSchema,
  toolOutputItemSchema,
} from './responses-api.js';
import { irNameOfCustomCall, irNameOfFunctionCall } from './tool-names.js';

type Input = ResponsesRequest['input'];
type Content = string | ResponsesTypedObject[];

export interface ParsedInput {
  /** System and developer messages, in order (Codex sends its system prompt this way, CLIENTS.md). */
  system: IRTextPart[];
  messages: IRMessage[];
}

/** The tools of `additional_tools` input items, which count exactly like the request's `tools`. */
export function additionalToolsOf(input: Input): Array<{ tool: ResponsesTypedObject; at: string }> {
  if (typeof input === 'string') return [];
  return input.flatMap((item, index) =>
    item.type === 'additional_tools'
      ? validate(additionalToolsItemSchema, item, [`input[${index}]`]).tools.map((tool, toolIndex) => ({ tool, at: `input[${index}].tools[${toolIndex}]` }))
      : [],
  );
}

/**
 * `input` → IR messages. Responses lists one item per output of the model, so a run of assistant messages,
 * reasoning items and tool calls is one assistant turn, and a run of tool outputs is one tool message.
 */
export function parseInput(input: Input, tools: readonly IRTool[], warnings: IRWarning[]): ParsedInput {
  const turns = new TurnBuilder();
  const system: IRTextPart[] = [];
  if (typeof input === 'string') {
    turns.user([{ type: 'text', text: input }]);
    return { system, messages: turns.messages };
  }

  input.forEach((item, index) => {
    const at = `input[${index}]`;
    switch (item.type ?? 'message') {
      case 'message': {
        const message = validate(messageItemSchema, item, [at]);
        const parts = contentParts(message.content, `${at}.content`, warnings);
        if (message.role === 'system' || message.role === 'developer') system.push(...textOnly(parts, at, warnings));
        else if (message.role === 'assistant') turns.assistant(textOnly(parts, at, warnings));
        else turns.user(parts);
        break;
      }
      case 'reasoning': {
        const part = reasoningPart(validate(reasoningItemSchema, item, [at]), at, warnings);
        if (part) turns.assistant([part]);
        break;
      }
      case 'function_call': {
        const call = validate(functionCallItemSchema, item, [at]);
        turns.assistant([{ type: 'tool-call', id: call.call_id, name: irNameOfFunctionCall(tools, call.name, call.namespace), arguments: call.arguments }]);
        break;
      }
      case 'custom_tool_call': {
        const call = validate(customToolCallItemSchema, item, [at]);
        const name = irNameOfCustomCall(tools, call.name, call.namespace);
        turns.assistant([{ type: 'tool-call', id: call.call_id, name, arguments: JSON.stringify({ input: call.input }) }]);
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const output = validate(toolOutputItemSchema, item, [at]);
        const content = contentParts(output.output, `${at}.output`, warnings);
        turns.tool({ type: 'tool-result', toolCallId: output.call_id, content });
        break;
      }
      case 'additional_tools':
        break; // read with the tools (additionalToolsOf)
      case 'item_reference':
        warnings.push({ at, message: 'item_reference needs the items OpenAI stored; Switchboard is stateless, so it was dropped' });
        break;
      default:
        warnings.push({ at, message: `input items of type "${item.type}" are not supported; dropped` });
    }
  });
  return { system, messages: turns.messages };
}

/** Appends to the last message when it has the same role, so a run of items becomes one turn. */
class TurnBuilder {
  readonly messages: IRMessage[] = [];

  /** A user message stays its own turn, as the client sent it. */
  user(parts: Array<IRTextPart | IRImagePart>): void {
    if (parts.length > 0) this.messages.push({ role: 'user', content: parts });
  }

  assistant(parts: IRAssistantPart[]): void {
    const last = this.messages.at(-1);
    if (last?.role === 'assistant') last.content.push(...parts);
    else if (parts.length > 0) this.messages.push({ role: 'assistant', content: parts });
  }

  tool(part: IRToolResultPart): void {
    const last = this.messages.at(-1);
    if (last?.role === 'tool') last.content.push(part);
    else this.messages.push({ role: 'tool', content: [part] });
  }
}

function contentParts(content: Content, at: string, warnings: IRWarning[]): Array<IRTextPart | IRImagePart> {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const parts: Array<IRTextPart | IRImagePart> = [];
  content.forEach((part, index) => {
    const partAt = `${at}[${index}]`;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
      case 'text': {
        const { text } = validate(textPartSchema, part, [partAt]);
        if (text) parts.push({ type: 'text', text });
        break;
      }
      case 'refusal': {
        const { refusal } = validate(refusalPartSchema, part, [partAt]);
        if (refusal) parts.push({ type: 'text', text: refusal });
        break;
      }
      case 'input_image': {
        const image = imagePart(validate(imagePartSchema, part, [partAt]), partAt, warnings);
        if (image) parts.push(image);
        break;
      }
      case 'input_file':
        warnings.push({ at: partAt, message: 'file inputs are not supported; dropped' });
        break;
      default:
        warnings.push({ at: partAt, message: `content parts of type "${part.type}" are not supported; dropped` });
    }
  });
  return parts;
}

const DATA_URL = /^data:([^;,]+)(?:;[^;,=]+=[^;,]*)*;base64,(.*)$/s;

function imagePart(part: ImagePart, at: string, warnings: IRWarning[]): IRImagePart | null {
  const url = part.image_url ?? '';
  const detail = part.detail === 'original' ? 'high' : (part.detail ?? undefined);
  const withDetail = (image: IRImagePart): IRImagePart => (detail ? { ...image, detail } : image);
  const data = DATA_URL.exec(url);
  if (data?.[1] && data[2] !== undefined) return withDetail({ type: 'image', source: { kind: 'base64', mediaType: data[1], data: data[2] } });
  if (/^https?:\/\//i.test(url)) return withDetail({ type: 'image', source: { kind: 'url', url } });
  warnings.push({
    at,
    message: part.file_id ? 'images given by file_id live in OpenAI storage; dropped' : 'an image needs an http(s) URL or a base64 data URL; dropped',
  });
  return null;
}

/** System, developer and assistant messages carry only text; anything else is dropped with a warning. */
function textOnly(parts: Array<IRTextPart | IRImagePart>, at: string, warnings: IRWarning[]): IRTextPart[] {
  const texts = parts.filter((part): part is IRTextPart => part.type === 'text');
  if (texts.length < parts.length) warnings.push({ at, message: 'images are only supported in user messages and tool outputs; dropped' });
  return texts;
}

function reasoningPart(item: ReasoningInputItem, at: string, warnings: IRWarning[]): IRReasoningPart | null {
  const summary = (item.summary ?? []).map((part) => part.text);
  const content = (item.content ?? []).map((part) => part.text);
  const text = (summary.length > 0 ? summary : content).join('\n\n');
  let decoded = decodeReasoningSecrets(item.encrypted_content);
  if (decoded === null) {
    warnings.push({ at: `${at}.encrypted_content`, message: "encrypted_content looks like Switchboard's but cannot be read; dropped" });
    decoded = {};
  }
  const { openai, ...secrets } = decoded;
  if (!text && !secrets.signature && !secrets.encrypted) return null;
  // Only OpenAI can read its own encrypted reasoning; the mark lets other providers leave it out.
  return { type: 'reasoning', text, ...secrets, ...(openai ? { providerData: { responses: { encryptedBy: 'openai' } } } : {}) };
}

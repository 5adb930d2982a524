import type { IRAssistantPart, IRImagePart, IRMessage, IRTextPart, IRToolResultPart, IRUserPart, IRWarning } from '../ir.js';
import { assertNever } from '../ir.js';
import {
  imageBlockSchema,
  redactedThinkingBlockSchema,
  textBlockSchema,
  thinkingBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
  type AnthropicBlock,
} from './anthropic-api.js';
import { withCacheControl } from './anthropic-provider-data.js';
import { openAIReasoningFromSignature } from '../responses/reasoning-signature.js';
import { formatPath, validate, type FieldPath } from '../validate.js';

type Content = string | AnthropicBlock[];

/**
 * A user turn in the IR. Anthropic puts tool results inside user turns; the IR keeps them in `tool` messages,
 * so the turn is split into runs, in order: [result, result, text] → tool[result, result], user[text].
 */
export function parseUserContent(content: Content, path: FieldPath, warnings: IRWarning[]): IRMessage[] {
  const messages: IRMessage[] = [];
  const pushUser = (part: IRUserPart): void => {
    const last = messages.at(-1);
    if (last?.role === 'user') last.content.push(part);
    else messages.push({ role: 'user', content: [part] });
  };
  const pushResult = (part: IRToolResultPart): void => {
    const last = messages.at(-1);
    if (last?.role === 'tool') last.content.push(part);
    else messages.push({ role: 'tool', content: [part] });
  };

  blocksOf(content).forEach((block, index) => {
    const at = [...path, index];
    switch (block.type) {
      case 'text':
        pushUser(parseText(block, at));
        break;
      case 'image': {
        const image = parseImage(block, at, warnings);
        if (image) pushUser(image);
        break;
      }
      case 'tool_result':
        pushResult(parseToolResult(block, at, warnings));
        break;
      default:
        drop(block, at, warnings);
    }
  });
  return messages;
}

export function parseAssistantContent(content: Content, path: FieldPath, warnings: IRWarning[]): IRMessage[] {
  const parts: IRAssistantPart[] = [];
  blocksOf(content).forEach((block, index) => {
    const at = [...path, index];
    switch (block.type) {
      case 'text':
        parts.push(parseText(block, at));
        break;
      case 'thinking': {
        const thinking = validate(thinkingBlockSchema, block, at);
        const openAIReasoning = thinking.signature ? openAIReasoningFromSignature(thinking.signature) : null;
        parts.push({ type: 'reasoning', text: thinking.thinking, ...(openAIReasoning ?? (thinking.signature ? { signature: thinking.signature } : {})) });
        break;
      }
      case 'redacted_thinking':
        parts.push({ type: 'reasoning', text: '', encrypted: validate(redactedThinkingBlockSchema, block, at).data });
        break;
      case 'tool_use': {
        const call = validate(toolUseBlockSchema, block, at);
        parts.push({ type: 'tool-call', id: call.id, name: call.name, arguments: JSON.stringify(call.input ?? {}), ...withCacheControl(call) });
        break;
      }
      default:
        drop(block, at, warnings);
    }
  });
  return parts.length > 0 ? [{ role: 'assistant', content: parts }] : [];
}

/** System text: the top-level `system`, or a `role: "system"` turn (Claude Code sends those inside messages). */
export function parseSystemContent(content: Content, path: FieldPath, warnings: IRWarning[]): IRTextPart[] {
  const parts: IRTextPart[] = [];
  blocksOf(content).forEach((block, index) => {
    if (block.type === 'text') parts.push(parseText(block, [...path, index]));
    else drop(block, [...path, index], warnings);
  });
  return parts;
}

function blocksOf(content: Content): AnthropicBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function parseText(block: AnthropicBlock, at: FieldPath): IRTextPart {
  const text = validate(textBlockSchema, block, at);
  return { type: 'text', text: text.text, ...withCacheControl(text) };
}

function parseImage(block: AnthropicBlock, at: FieldPath, warnings: IRWarning[]): IRImagePart | null {
  const image = validate(imageBlockSchema, block, at);
  const { source } = image;
  switch (source.type) {
    case 'base64':
      return { type: 'image', source: { kind: 'base64', mediaType: source.media_type, data: source.data }, ...withCacheControl(image) };
    case 'url':
      return { type: 'image', source: { kind: 'url', url: source.url }, ...withCacheControl(image) };
    case 'file':
      warnings.push({ at: `anthropic.${formatPath(at)}`, message: 'an image given by file_id exists only in Anthropic Files; dropped' });
      return null;
    default:
      return assertNever(source, 'image source');
  }
}

function parseToolResult(block: AnthropicBlock, at: FieldPath, warnings: IRWarning[]): IRToolResultPart {
  const result = validate(toolResultBlockSchema, block, at);
  const content: Array<IRTextPart | IRImagePart> = [];
  if (typeof result.content === 'string') content.push({ type: 'text', text: result.content });
  else {
    (result.content ?? []).forEach((inner, index) => {
      const innerAt = [...at, 'content', index];
      if (inner.type === 'text') content.push(parseText(inner, innerAt));
      else if (inner.type === 'image') {
        const image = parseImage(inner, innerAt, warnings);
        if (image) content.push(image);
      } else drop(inner, innerAt, warnings);
    });
  }
  return {
    type: 'tool-result',
    toolCallId: result.tool_use_id,
    content,
    ...(result.is_error !== undefined ? { isError: result.is_error } : {}),
    ...withCacheControl(result),
  };
}

function drop(block: AnthropicBlock, at: FieldPath, warnings: IRWarning[]): void {
  warnings.push({ at: `anthropic.${formatPath(at)}`, message: `a "${block.type}" block cannot be carried to this provider; dropped` });
}

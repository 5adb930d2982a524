import { createHash, randomInt } from 'node:crypto';
import type { PromptCacheLedger } from './anthropic-api-cache.js';
import {
  blocksOf,
  charsForTokens,
  estimateInputTokens,
  lastUserMessage,
  requiredPropertiesOf,
  requiredPropertiesOfSchema,
  textOf,
  toolResultTextOf,
  tokensForChars,
  type ContentBlock,
  type MessagesRequest,
  type RequestTool,
  type ToolProperty,
} from './anthropic-api-request.js';

/**
 * Deterministic replies derived from the request, so tests can assert them (only ids are random). In order:
 * a tool_result in the last user turn is acknowledged; a tool named in the prompt (or forced by tool_choice)
 * is called; "say exactly X" answers X; anything else is echoed. Thinking, stop sequences and max_tokens then
 * shape the reply as the real API would.
 */

export type ReplyBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export type StopReason = 'end_turn' | 'tool_use' | 'stop_sequence' | 'max_tokens';

export interface ReplyUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: 'standard';
}

export interface Reply {
  id: string;
  model: string;
  content: ReplyBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  usage: ReplyUsage;
}

export const THINKING_TEXT = 'Thinking about it.';
const ECHO_PREFIX = 'Stand-in reply to: ';
const ECHO_LIMIT = 200;

export function buildReply(request: MessagesRequest, cache: PromptCacheLedger): Reply {
  const planned = [...thinkingBlocks(request), ...answerBlocks(request)];
  const stopped = applyStopSequences(planned, request.stop_sequences ?? []);
  const limited = applyMaxTokens(stopped.blocks, request.max_tokens);
  return {
    id: randomId('msg_'),
    model: request.model,
    content: limited.blocks,
    stopReason: stopReasonOf(limited, stopped.stopSequence),
    stopSequence: limited.truncated ? null : stopped.stopSequence,
    usage: usageOf(request, limited.blocks, cache),
  };
}

/** The non-streaming response body. */
export function messageBody(reply: Reply): Record<string, unknown> {
  return {
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content: reply.content,
    stop_reason: reply.stopReason,
    stop_sequence: reply.stopSequence,
    usage: reply.usage,
  };
}

/** Anthropic-looking ids: a prefix, "01", then 22 base62 characters. */
export function randomId(prefix: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const tail = Array.from({ length: 22 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${prefix}01${tail}`;
}

function thinkingBlocks(request: MessagesRequest): ReplyBlock[] {
  const type = request.thinking?.type;
  if (type !== 'enabled' && type !== 'adaptive') return [];
  const signature = createHash('sha512').update(`${request.model}\n${THINKING_TEXT}`).digest('base64');
  return [{ type: 'thinking', thinking: THINKING_TEXT, signature }];
}

function answerBlocks(request: MessagesRequest): ReplyBlock[] {
  const lastUser = lastUserMessage(request.messages);
  const blocks = lastUser ? blocksOf(lastUser) : [];
  const toolResults = blocks.map(toolResultTextOf).filter((text) => text !== null);
  if (toolResults.length > 0) return [textBlock(`Tool result received: ${toolResults.join('\n')}`)];

  const prompt = promptOf(blocks);
  const choice = chooseTool(request, prompt);
  if (choice) return toolUseBlocks(choice.tool, prompt, choice.forced);
  // Structured output: the real API constrains the text to the schema; the stand-in fills it with examples.
  const format = request.output_config?.format;
  if (format) return [textBlock(JSON.stringify(exampleObject(format.schema, argumentWordOf(prompt))))];
  return [textBlock(exactReplyRequested(prompt) ?? echo(prompt))];
}

function argumentWordOf(prompt: string): string {
  return /\bfor\s+([\p{L}\p{N}_-]+)/iu.exec(prompt)?.[1] ?? 'example';
}

function exampleObject(schema: unknown, argumentWord: string): Record<string, unknown> {
  return Object.fromEntries(requiredPropertiesOfSchema(schema).map(([name, property]) => [name, exampleValue(property, argumentWord)]));
}

/** The user's prompt: the last text of the turn that is not one of Claude Code's `<system-reminder>` blocks. */
function promptOf(blocks: readonly ContentBlock[]): string {
  const texts = blocks.map(textOf).filter((text) => text !== null);
  return texts.findLast((text) => !text.trimStart().startsWith('<system-reminder>')) ?? texts.at(-1) ?? '';
}

function chooseTool(request: MessagesRequest, prompt: string): { tool: RequestTool; forced: boolean } | null {
  const tools = request.tools ?? [];
  const toolChoice = request.tool_choice;
  const mentioned = tools.find((tool) => mentions(prompt, tool.name));
  switch (toolChoice?.type) {
    case 'none':
      return null;
    case 'tool': {
      const named = tools.find((tool) => tool.name === toolChoice.name);
      return named ? { tool: named, forced: true } : null;
    }
    case 'any': {
      const tool = mentioned ?? tools[0];
      return tool ? { tool, forced: true } : null;
    }
    default:
      return mentioned ? { tool: mentioned, forced: false } : null;
  }
}

/**
 * Whole-word and case-sensitive, so "Read" does not match "Ready". A plain scan, not a RegExp built from the name:
 * a client's name may be any length, and a RegExp of 100 000 characters is too large to compile.
 */
export function mentions(prompt: string, name: string): boolean {
  if (name === '') return false;
  const isWordCharacter = (character: string | undefined) => character !== undefined && /[\w-]/.test(character);
  for (let at = prompt.indexOf(name); at !== -1; at = prompt.indexOf(name, at + 1)) {
    if (!isWordCharacter(prompt[at - 1]) && !isWordCharacter(prompt[at + name.length])) return true;
  }
  return false;
}

function toolUseBlocks(tool: RequestTool, prompt: string, forced: boolean): ReplyBlock[] {
  const argumentWord = argumentWordOf(prompt);
  const input = Object.fromEntries(
    requiredPropertiesOf(tool).map(([name, property]) => [name, exampleValue(property, argumentWord)]),
  );
  const toolUse: ReplyBlock = { type: 'tool_use', id: randomId('toolu_'), name: tool.name, input };
  // A forced tool_choice makes the real API skip the preamble.
  return forced ? [toolUse] : [textBlock(`I'll use ${tool.name}.`), toolUse];
}

function exampleValue(property: ToolProperty, argumentWord: string): unknown {
  if (property.enum && property.enum.length > 0) return property.enum[0];
  const types = Array.isArray(property.type) ? property.type : [property.type];
  switch (types.find((type) => type !== 'null')) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return argumentWord;
  }
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '`': '`', '“': '”' };

/** "Say exactly PONG" → "PONG"; a quoted value is taken without its quotes, else the rest of the line. */
function exactReplyRequested(prompt: string): string | null {
  const rest = /say exactly\b:?\s*(.*)/is.exec(prompt)?.[1]?.trim();
  if (!rest) return null;
  const close = QUOTE_PAIRS[rest[0] ?? ''];
  if (close) {
    const end = rest.indexOf(close, 1);
    if (end > 0) return rest.slice(1, end);
  }
  const line = rest.split('\n')[0] ?? rest;
  return line.trim().replace(/\.$/, '');
}

function echo(prompt: string): string {
  return ECHO_PREFIX + Array.from(prompt.trim()).slice(0, ECHO_LIMIT).join('');
}

function textBlock(text: string): ReplyBlock {
  return { type: 'text', text };
}

/** Cuts the first text that contains a stop sequence just before it, dropping every later block. */
function applyStopSequences(
  blocks: readonly ReplyBlock[],
  sequences: readonly string[],
): { blocks: ReplyBlock[]; stopSequence: string | null } {
  for (const [index, block] of blocks.entries()) {
    if (block.type !== 'text') continue;
    const hit = sequences
      .filter((sequence) => sequence !== '' && block.text.includes(sequence))
      .map((sequence) => ({ sequence, at: block.text.indexOf(sequence) }))
      .sort((a, b) => a.at - b.at)[0];
    if (hit) {
      const cut = textBlock(block.text.slice(0, hit.at));
      return { blocks: [...blocks.slice(0, index), cut], stopSequence: hit.sequence };
    }
  }
  return { blocks: [...blocks], stopSequence: null };
}

/**
 * Keeps the reply within max_tokens: thinking counts but is kept whole, text is cut at the budget, and a
 * tool_use that does not fit is dropped.
 */
function applyMaxTokens(
  blocks: readonly ReplyBlock[],
  maxTokens: number,
): { blocks: ReplyBlock[]; truncated: boolean } {
  let budget = charsForTokens(maxTokens);
  const kept: ReplyBlock[] = [];
  for (const block of blocks) {
    const size = sizeOf(block);
    if (block.type === 'thinking' || size <= budget) {
      kept.push(block);
      budget -= size;
      continue;
    }
    if (block.type === 'text' && budget > 0) kept.push(textBlock(Array.from(block.text).slice(0, budget).join('')));
    return { blocks: kept, truncated: true };
  }
  return { blocks: kept, truncated: false };
}

function sizeOf(block: ReplyBlock): number {
  switch (block.type) {
    case 'thinking':
      return block.thinking.length;
    case 'text':
      return block.text.length;
    case 'tool_use':
      return block.name.length + JSON.stringify(block.input).length;
  }
}

function stopReasonOf(limited: { blocks: ReplyBlock[]; truncated: boolean }, stopSequence: string | null): StopReason {
  if (limited.truncated) return 'max_tokens';
  if (stopSequence !== null) return 'stop_sequence';
  return limited.blocks.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

function usageOf(request: MessagesRequest, content: readonly ReplyBlock[], cache: PromptCacheLedger): ReplyUsage {
  const cached = cache.account(request);
  const uncached = estimateInputTokens(request) - cached.readTokens - cached.writeTokens;
  const outputChars = content.reduce((total, block) => total + sizeOf(block), 0);
  return {
    input_tokens: Math.max(1, uncached),
    cache_creation_input_tokens: cached.writeTokens,
    cache_read_input_tokens: cached.readTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: cached.writeTtl === '5m' ? cached.writeTokens : 0,
      ephemeral_1h_input_tokens: cached.writeTtl === '1h' ? cached.writeTokens : 0,
    },
    output_tokens: tokensForChars(outputChars),
    service_tier: 'standard',
  };
}

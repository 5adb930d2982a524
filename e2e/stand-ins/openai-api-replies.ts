import { randomId } from './anthropic-api-replies.js';

/**
 * Deterministic replies of the OpenAI-compatible stand-in, the same for Chat Completions and Responses (only ids
 * are random). In order: the tool results that end the input are acknowledged; a tool named in the prompt (or forced
 * by tool_choice) is called — every tool it names when it asks for them "in parallel" —, each required property given the prompt's word after "for" ("value" without one),
 * typed by its schema; a prompt asking for "the earlier tool result" is answered from the history's last tool
 * result; "say exactly X" answers X; anything else is echoed. A max token limit cuts the text as the real API does
 * (length / incomplete).
 */

export interface ToolSpec {
  name: string;
  /** The required properties, each with its schema's JSON type. */
  required: Array<{ name: string; type: string }>;
}

export interface OpenAIReplyInput {
  model: string;
  /** The text of the last user message, or null when the last input is a tool result. */
  lastUserText: string | null;
  /** The texts of the tool results that end the input (one per line), if it ends with any. */
  toolResultText: string | null;
  /** The texts of every tool result in the history, oldest first. */
  earlierToolResults: string[];
  tools: ToolSpec[];
  forcedTool: string | null;
  maxTokens: number | null;
  /** The whole request's text, for the input token count. */
  inputChars: number;
}

export interface OpenAIReply {
  id: string;
  model: string;
  text: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  /** Cut off by the token limit. */
  truncated: boolean;
  usage: { inputTokens: number; cachedTokens: number; outputTokens: number; reasoningTokens: number };
}

const ECHO_PREFIX = 'Stand-in reply to: ';
const ECHO_LIMIT = 200;
const SAY_EXACTLY = /say exactly[:\s]+"?([^"\n]+?)"?\s*$/i;
const ARGUMENT_WORD = /\bfor\s+([\p{L}\p{N}_-]+)/iu;
const RECALL = /\bthe earlier tool result\b/i;
const PARALLEL = /\bin parallel\b/i;

export function buildOpenAIReply(input: OpenAIReplyInput): OpenAIReply {
  const tools = chosenTools(input);
  const toolCalls = tools.map((tool) => ({ id: randomId('call_'), name: tool.name, arguments: JSON.stringify(argumentsFor(tool, input.lastUserText ?? '')) }));
  const planned = tools.length > 0 ? '' : answerText(input);
  const limit = input.maxTokens === null ? null : input.maxTokens * 4;
  const truncated = limit !== null && planned.length > limit;
  const text = truncated ? planned.slice(0, limit) : planned;
  const outputChars = text.length + toolCalls.reduce((sum, call) => sum + call.name.length + call.arguments.length, 0);
  return {
    id: randomId(''),
    model: input.model,
    text,
    toolCalls,
    truncated,
    usage: { inputTokens: Math.max(1, Math.ceil(input.inputChars / 4)), cachedTokens: 0, outputTokens: Math.max(1, Math.ceil(outputChars / 4)), reasoningTokens: 0 },
  };
}

/** The first tool the prompt names, or every one it names when it asks for them "in parallel". */
function chosenTools(input: OpenAIReplyInput): ToolSpec[] {
  if (input.toolResultText !== null) return [];
  if (input.forcedTool) return input.tools.filter((tool) => tool.name === input.forcedTool).slice(0, 1);
  const prompt = input.lastUserText ?? '';
  const named = input.tools.filter((tool) => prompt.includes(tool.name));
  return PARALLEL.test(prompt) ? named : named.slice(0, 1);
}

function answerText(input: OpenAIReplyInput): string {
  if (input.toolResultText !== null) return `Tool result received: ${input.toolResultText.slice(0, ECHO_LIMIT)}`;
  const prompt = input.lastUserText ?? '';
  if (RECALL.test(prompt)) {
    const earlier = input.earlierToolResults.at(-1);
    return earlier === undefined ? 'There is no earlier tool result in this conversation.' : `The earlier tool result was: ${earlier.slice(0, ECHO_LIMIT)}`;
  }
  const exact = SAY_EXACTLY.exec(prompt);
  if (exact?.[1]) return exact[1];
  return ECHO_PREFIX + prompt.slice(0, ECHO_LIMIT);
}

/** "Use exec_command for pwd" → `{"cmd":"pwd"}`: the word after "for", in the shape each required property takes. */
function argumentsFor(tool: ToolSpec, prompt: string): Record<string, unknown> {
  const word = ARGUMENT_WORD.exec(prompt)?.[1] ?? 'value';
  const valueOf = (type: string): unknown => {
    switch (type) {
      case 'array':
        return [word];
      case 'number':
      case 'integer':
        return 1;
      case 'boolean':
        return true;
      case 'object':
        return {};
      default:
        return word;
    }
  };
  return Object.fromEntries(tool.required.map((property) => [property.name, valueOf(property.type)]));
}

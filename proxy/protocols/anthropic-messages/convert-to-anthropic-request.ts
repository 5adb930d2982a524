import { cacheControlOf } from '../../wire/anthropic/anthropic-provider-data.js';
import { toolInputFromArguments } from '../../wire/anthropic/anthropic-tool-input.js';
import type { IRImagePart, IRMessage, IRReasoningEffort, IRRequest, IRTextPart, IRTool, IRToolResultPart, IRWarning } from '../../wire/ir.js';
import { assertNever } from '../../wire/ir.js';
import { isEncryptedByOpenAI } from '../../wire/responses/reasoning-signature.js';

type Block = Record<string, unknown>;
interface Turn {
  role: 'user' | 'assistant';
  content: Block[];
}

/** Models that take `thinking: {type: "enabled", budget_tokens}`; newer ones think adaptively, steered by effort. */
export const BUDGET_THINKING_MODEL = /claude-(?:opus|sonnet|haiku)-4(?!\d)|claude-3(?!\d)/i;
/** Lets a 4.x model think between tool calls (newer models do so on their own with adaptive thinking). */
export const INTERLEAVED_THINKING_BETA = 'interleaved-thinking-2025-05-14';
/** max_tokens when the client set none: Anthropic requires one, and every current model can give this much. */
export const DEFAULT_MAX_TOKENS = 16384;

const EFFORT_BUDGET: Record<IRReasoningEffort, number> = { minimal: 2048, low: 2048, medium: 8192, high: 16384, xhigh: 32000, max: 32000 };
/** Anthropic's smallest thinking budget. */
const MIN_BUDGET = 1024;
/** Room for the answer on top of the thinking budget (max_tokens counts both, and must exceed the budget). */
const ANSWER_ROOM = 4096;
/** The largest max_tokens a request that set none is sent with (the most thinking, plus room for the answer). */
export const MAX_DEFAULT_MAX_TOKENS = Math.max(DEFAULT_MAX_TOKENS, EFFORT_BUDGET.max + ANSWER_ROOM);
const JSON_ONLY_INSTRUCTION = 'Respond with one valid JSON object and nothing else: no prose, no code fences.';
/** What Anthropic asks metadata.user_id to be: an opaque id (uuid, hash), never personal data such as an email. */
const PLAIN_USER_ID = /^[A-Za-z0-9_.:-]{1,256}$/;

type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
interface ThinkingPlan {
  thinking: Block | null;
  effort: AnthropicEffort | null;
  /** budget_tokens (4.x): max_tokens must exceed it. */
  budget: number | null;
  /** What adaptive thinking at this effort may spend: a default max_tokens should leave room for it. */
  expected: number | null;
}

export interface ConvertedAnthropicRequest {
  body: Record<string, unknown>;
  /** Beta names the body needs in `anthropic-beta` (besides the OAuth and profile ones). */
  betas: string[];
  warnings: IRWarning[];
}

/**
 * An IR request as a Messages API body for `upstreamModel`. Always streaming: the caller aggregates the stream
 * itself when its client asked for one JSON answer.
 */
export function convertToAnthropicRequest(request: IRRequest, upstreamModel: string): ConvertedAnthropicRequest {
  const warnings: IRWarning[] = [];
  const plan = planThinking(request, upstreamModel, warnings);
  const thinkingOn = plan.thinking?.type === 'enabled' || plan.thinking?.type === 'adaptive';
  const system = convertSystem(request, warnings);
  const tools = request.tools.map(convertTool);
  const toolChoice = convertToolChoice(request);
  const outputConfig = {
    ...(plan.effort ? { effort: plan.effort } : {}),
    ...(request.output?.type === 'json_schema' ? { format: { type: 'json_schema', schema: request.output.schema } } : {}),
  };

  const body: Record<string, unknown> = {
    model: upstreamModel,
    max_tokens: maxTokens(request, plan, warnings),
    ...(system.length > 0 ? { system } : {}),
    messages: convertMessages(request.messages, warnings),
    ...(tools.length > 0 ? { tools } : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(plan.thinking ? { thinking: plan.thinking } : {}),
    ...(Object.keys(outputConfig).length > 0 ? { output_config: outputConfig } : {}),
    ...convertSampling(request, thinkingOn, warnings),
    ...(request.stopSequences.length > 0 ? { stop_sequences: request.stopSequences } : {}),
    ...convertMetadata(request, warnings),
    stream: true,
  };
  const betas = plan.thinking?.type === 'enabled' && tools.length > 0 ? [INTERLEAVED_THINKING_BETA] : [];
  return { body, betas, warnings };
}

function planThinking(request: IRRequest, model: string, warnings: IRWarning[]): ThinkingPlan {
  const reasoning = request.reasoning;
  if (!reasoning) return { thinking: null, effort: null, budget: null, expected: null };
  if (!reasoning.enabled) return { thinking: { type: 'disabled' }, effort: null, budget: null, expected: null };
  const forced = request.tools.length > 0 && (request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool');
  if (forced) {
    // Anthropic refuses thinking with a forced tool choice; the forced call is what the client depends on.
    warnings.push({ at: 'anthropic.thinking', message: 'thinking turned off: Anthropic cannot think while a tool call is forced (tool_choice any/tool)' });
    return { thinking: { type: 'disabled' }, effort: null, budget: null, expected: null };
  }
  if (BUDGET_THINKING_MODEL.test(model)) {
    const budget = Math.max(MIN_BUDGET, reasoning.budgetTokens ?? EFFORT_BUDGET[reasoning.effort ?? 'medium']);
    return { thinking: { type: 'enabled', budget_tokens: budget }, effort: null, budget, expected: null };
  }
  const effort = reasoning.effort ? anthropicEffort(reasoning.effort) : reasoning.budgetTokens !== undefined ? effortForBudget(reasoning.budgetTokens) : null;
  return { thinking: { type: 'adaptive' }, effort, budget: null, expected: effort ? EFFORT_BUDGET[effort] : null };
}

function anthropicEffort(effort: IRReasoningEffort): AnthropicEffort {
  return effort === 'minimal' ? 'low' : effort;
}

/** The effort whose budget (EFFORT_BUDGET) is the smallest that covers the client's. */
function effortForBudget(budget: number): AnthropicEffort {
  if (budget <= EFFORT_BUDGET.low) return 'low';
  if (budget <= EFFORT_BUDGET.medium) return 'medium';
  if (budget <= EFFORT_BUDGET.high) return 'high';
  return 'max';
}

function maxTokens(request: IRRequest, plan: ThinkingPlan, warnings: IRWarning[]): number {
  const asked = request.sampling.maxOutputTokens;
  if (plan.budget === null) return asked ?? Math.max(DEFAULT_MAX_TOKENS, (plan.expected ?? 0) + ANSWER_ROOM);
  const base = asked ?? DEFAULT_MAX_TOKENS;
  const needed = Math.max(base, plan.budget + ANSWER_ROOM);
  if (asked !== undefined && needed > asked) {
    warnings.push({ at: 'anthropic.max_tokens', message: `max_tokens raised from ${asked} to ${needed}: it must leave room beyond the thinking budget of ${plan.budget}` });
  }
  return needed;
}

function convertSystem(request: IRRequest, warnings: IRWarning[]): Block[] {
  const blocks: Block[] = request.system.filter((part) => part.text.trim() !== '').map(textBlock);
  if (request.output?.type === 'json_object') {
    warnings.push({ at: 'anthropic.output', message: 'JSON mode without a schema has no Anthropic equivalent; asked for JSON in the system prompt instead' });
    blocks.push({ type: 'text', text: JSON_ONLY_INSTRUCTION });
  }
  return blocks;
}

function convertTool(tool: IRTool): Block {
  const schema = tool.inputSchema;
  return {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    // Anthropic requires an object schema; a tool without parameters often sends `{}`.
    input_schema: schema.type === undefined ? { type: 'object', ...schema } : schema,
    ...(tool.strict ? { strict: true } : {}),
    ...cacheControlOf(tool.providerData),
  };
}

function convertToolChoice(request: IRRequest): Block | null {
  if (request.tools.length === 0) return null;
  const serial = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.toolChoice;
  if (!choice) return request.parallelToolCalls === false ? { type: 'auto', ...serial } : null;
  switch (choice.type) {
    case 'auto':
      return { type: 'auto', ...serial };
    case 'required':
      return { type: 'any', ...serial };
    case 'tool':
      return { type: 'tool', name: choice.name, ...serial };
    case 'none':
      return { type: 'none' };
    default:
      return assertNever(choice, 'tool choice');
  }
}

/** Sampling knobs. Anthropic refuses them while thinking, and refuses temperature together with top_p. */
function convertSampling(request: IRRequest, thinkingOn: boolean, warnings: IRWarning[]): Block {
  const { temperature, topP, topK } = request.sampling;
  const given = [temperature !== undefined && 'temperature', topP !== undefined && 'top_p', topK !== undefined && 'top_k'].filter((name) => name !== false);
  if (thinkingOn) {
    if (given.length > 0) warnings.push({ at: 'anthropic.sampling', message: `${given.join(', ')} dropped: Anthropic does not accept them while thinking` });
    return {};
  }
  const sampling: Block = {};
  if (temperature !== undefined) {
    if (temperature > 1) warnings.push({ at: 'anthropic.temperature', message: `temperature ${temperature} lowered to 1, Anthropic's maximum` });
    sampling.temperature = Math.min(temperature, 1);
  }
  if (topP !== undefined) {
    if (temperature !== undefined) warnings.push({ at: 'anthropic.top_p', message: 'top_p dropped: Anthropic does not accept it together with temperature' });
    else sampling.top_p = topP;
  }
  if (topK !== undefined) sampling.top_k = topK;
  return sampling;
}

function convertMetadata(request: IRRequest, warnings: IRWarning[]): Block {
  const user = request.metadata.user;
  if (user === undefined) return {};
  if (PLAIN_USER_ID.test(user)) return { metadata: { user_id: user } };
  warnings.push({ at: 'anthropic.metadata', message: 'the end-user id is not a plain opaque id (Anthropic accepts no personal data there); not sent' });
  return {};
}

/**
 * IR messages as Anthropic turns: tool results go back inside user turns, consecutive turns of one role are
 * merged (Anthropic needs user and assistant to alternate), and in a user turn the tool results come first.
 */
function convertMessages(messages: readonly IRMessage[], warnings: IRWarning[]): Turn[] {
  const turns: Turn[] = [];
  let unsigned = 0;
  messages.forEach((message, index) => {
    const turn = convertMessage(message, index, warnings, () => unsigned++);
    const last = turns.at(-1);
    if (turn.content.length === 0) return;
    if (last?.role === turn.role) last.content.push(...turn.content);
    else turns.push(turn);
  });
  if (unsigned > 0) {
    warnings.push({ at: 'anthropic.messages', message: `${unsigned} reasoning part(s) without an Anthropic signature cannot be sent back to Anthropic; dropped` });
  }
  return turns.map((turn) => (turn.role === 'user' ? { role: 'user', content: toolResultsFirst(turn.content) } : turn));
}

function convertMessage(message: IRMessage, index: number, warnings: IRWarning[], countUnsigned: () => void): Turn {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content.flatMap((part) => (part.type === 'text' ? textBlocks(part) : [imageBlock(part)])) };
    case 'tool':
      return { role: 'user', content: message.content.map(toolResultBlock) };
    case 'assistant': {
      const content: Block[] = [];
      for (const part of message.content) {
        switch (part.type) {
          case 'text':
            content.push(...textBlocks(part));
            break;
          case 'reasoning':
            if (part.signature) content.push({ type: 'thinking', thinking: part.text, signature: part.signature });
            else if (part.encrypted && !part.text && !isEncryptedByOpenAI(part)) content.push({ type: 'redacted_thinking', data: part.encrypted });
            else countUnsigned();
            break;
          case 'tool-call': {
            const { input, valid } = toolInputFromArguments(part.arguments);
            if (!valid) warnings.push({ at: `anthropic.messages[${index}]`, message: `the arguments of tool call ${part.id} are not a JSON object; sent as {}` });
            content.push({ type: 'tool_use', id: part.id, name: part.name, input, ...cacheControlOf(part.providerData) });
            break;
          }
          default:
            assertNever(part, 'assistant part');
        }
      }
      return { role: 'assistant', content };
    }
    default:
      return assertNever(message, 'message');
  }
}

function textBlock(part: IRTextPart): Block {
  return { type: 'text', text: part.text, ...cacheControlOf(part.providerData) };
}

/** Anthropic refuses text blocks that are empty or only whitespace; they carry nothing, so they go. */
function textBlocks(part: IRTextPart): Block[] {
  return part.text.trim() === '' ? [] : [textBlock(part)];
}

function imageBlock(part: IRImagePart): Block {
  const { source } = part;
  const inline = source.kind === 'url' ? /^data:([^;,]+);base64,(.*)$/s.exec(source.url) : null;
  const anthropicSource =
    source.kind === 'base64'
      ? { type: 'base64', media_type: source.mediaType, data: source.data }
      : inline
        ? { type: 'base64', media_type: inline[1], data: inline[2] }
        : { type: 'url', url: source.url };
  return { type: 'image', source: anthropicSource, ...cacheControlOf(part.providerData) };
}

function toolResultBlock(part: IRToolResultPart): Block {
  const content = part.content.flatMap((inner) => (inner.type === 'text' ? textBlocks(inner) : [imageBlock(inner)]));
  const [only] = content;
  // One plain text is sent as a string, the form most clients (and Anthropic's own examples) use.
  const single = content.length === 1 && only?.type === 'text' && only.cache_control === undefined ? only.text : undefined;
  return {
    type: 'tool_result',
    tool_use_id: part.toolCallId,
    ...(single !== undefined ? { content: single } : content.length > 0 ? { content } : {}),
    ...(part.isError !== undefined ? { is_error: part.isError } : {}),
    ...cacheControlOf(part.providerData),
  };
}

function toolResultsFirst(content: Block[]): Block[] {
  return [...content.filter((block) => block.type === 'tool_result'), ...content.filter((block) => block.type !== 'tool_result')];
}

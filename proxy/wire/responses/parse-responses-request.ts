import type { IROutputFormat, IRReasoning, IRReasoningEffort, IRRequest, IRWarning } from '../ir.js';
import { assertNever } from '../ir.js';
import { validate } from '../validate.js';
import { WireRequestError, type ParsedRequest } from '../wire-format.js';
import { additionalToolsOf, parseInput } from './parse-responses-input.js';
import { parseToolChoice, parseTools } from './parse-responses-tools.js';
import type { ResponsesEcho, ResponsesRequest } from './responses-api.js';
import { responsesRequestSchema } from './responses-api.js';

/** Server-side state Switchboard does not keep: a request relying on it cannot be answered faithfully. */
const STATEFUL_FIELDS = {
  previous_response_id: 'Switchboard is stateless: send the whole conversation; previous_response_id is not supported',
  conversation: 'Switchboard is stateless: send the whole conversation; conversation is not supported',
  prompt: 'stored prompt templates live on OpenAI servers; send the instructions and input instead of prompt',
  background: 'background responses are not supported; use stream or wait for the response',
} as const;

const EFFORTS: ReadonlySet<string> = new Set<IRReasoningEffort>(['minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

/** A Responses request body → the IR. Throws WireRequestError for a body Switchboard must refuse. */
export function parseResponsesRequest(body: unknown): ParsedRequest {
  const request = validate(responsesRequestSchema, body, []);
  for (const [field, message] of Object.entries(STATEFUL_FIELDS)) {
    const value = request[field];
    if (value !== undefined && value !== null && value !== false) throw new WireRequestError(message, field);
  }

  const warnings: IRWarning[] = [];
  const tools = parseTools(
    [...(request.tools ?? []).map((tool, index) => ({ tool, at: `tools[${index}]` })), ...additionalToolsOf(request.input)],
    warnings,
  );
  const { system, messages } = parseInput(request.input, tools, warnings);
  if (messages.length === 0) throw new WireRequestError('input must contain at least one message', 'input');
  const user = request.user ?? request.safety_identifier;
  const instructions = request.instructions ? [{ type: 'text' as const, text: request.instructions }] : [];

  const ir: IRRequest = {
    model: request.model,
    system: [...instructions, ...system],
    messages,
    tools,
    toolChoice: parseToolChoice(request.tool_choice, tools, warnings),
    parallelToolCalls: request.parallel_tool_calls ?? null,
    sampling: {
      ...(request.max_output_tokens ? { maxOutputTokens: request.max_output_tokens } : {}),
      ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
      ...(typeof request.top_p === 'number' ? { topP: request.top_p } : {}),
    },
    stopSequences: [],
    reasoning: parseReasoning(request.reasoning, warnings),
    output: parseOutputFormat(request.text?.format),
    metadata: {
      ...(user ? { user } : {}),
      ...(request.prompt_cache_key ? { conversationId: request.prompt_cache_key } : {}),
    },
    stream: request.stream ?? false,
    providerData: { responses: echoOf(request) },
  };
  return { request: ir, warnings };
}

function parseReasoning(reasoning: ResponsesRequest['reasoning'], warnings: IRWarning[]): IRReasoning | null {
  if (!reasoning) return null;
  const summary = reasoning.summary ?? reasoning.generate_summary ?? undefined;
  const effort = reasoning.effort ?? undefined;
  if (effort === 'none') return { enabled: false };
  if (effort !== undefined && !EFFORTS.has(effort)) {
    warnings.push({ at: 'reasoning.effort', message: `unknown reasoning effort "${effort}"; using the model's default` });
  }
  const known = effort !== undefined && EFFORTS.has(effort) ? (effort as IRReasoningEffort) : undefined;
  if (known === undefined && summary === undefined) return null;
  return { enabled: true, ...(known ? { effort: known } : {}), summary: summary ?? 'auto' };
}

function parseOutputFormat(format: NonNullable<ResponsesRequest['text']>['format']): IROutputFormat | null {
  if (!format) return null;
  switch (format.type) {
    case 'text':
      return null;
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema':
      return {
        type: 'json_schema',
        name: format.name,
        schema: format.schema,
        strict: format.strict ?? false,
        ...(format.description ? { description: format.description } : {}),
      };
    default:
      return assertNever(format, 'text.format');
  }
}

/** What a response echoes back that the IR has no place for (see render-responses-response.ts). */
function echoOf(request: ResponsesRequest): ResponsesEcho {
  return {
    tools: request.tools ?? [],
    tool_choice: request.tool_choice ?? 'auto',
    text: request.text ?? { format: { type: 'text' } },
    reasoning: request.reasoning ?? { effort: null, summary: null },
    metadata: request.metadata ?? {},
    store: request.store ?? true,
    truncation: request.truncation ?? 'disabled',
    service_tier: request.service_tier ?? 'default',
  };
}

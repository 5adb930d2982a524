import type { IRImagePart, IRMessage, IRReasoning, IRRequest, IRTextPart, IRToolChoice, IRWarning } from '../../wire/ir.js';
import { assertNever } from '../../wire/ir.js';
import { isEncryptedByOpenAI } from '../../wire/responses/reasoning-signature.js';
import { endUserField } from '../openai-common/end-user.js';
import { effortForBudget, type OpenAIEffort } from '../openai-common/reasoning-effort.js';

type Json = Record<string, unknown>;

export interface ResponsesRequestOptions {
  /** False: ask for one JSON answer. Default true: the caller reads the stream (and aggregates it when it must). */
  stream?: boolean;
}

export interface ConvertedResponsesRequest {
  body: Json;
  warnings: IRWarning[];
}

/**
 * An IR request as an OpenAI Responses body for `upstreamModel` — the reverse of
 * proxy/wire/responses/parse-responses-request.ts. Stateless (`store: false`): the whole conversation goes as
 * `input` items, and reasoning comes back encrypted so that it can be sent again. Earlier reasoning goes back only
 * when OpenAI wrote it (its encrypted form); another provider's thinking becomes a warning, as do stop sequences
 * and top_k (Responses has neither).
 */
export function convertToResponsesRequest(request: IRRequest, upstreamModel: string, options: ResponsesRequestOptions = {}): ConvertedResponsesRequest {
  const warnings: IRWarning[] = [];
  const instructions = request.system
    .map((part) => part.text)
    .filter((text) => text.trim() !== '')
    .join('\n\n');
  const tools = request.tools.map((tool) => ({
    type: 'function',
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    parameters: tool.inputSchema,
    // OpenAI takes a function without `strict` as strict, which refuses most JSON Schemas clients write.
    strict: tool.strict ?? false,
  }));
  const reasoning = convertReasoning(request.reasoning, warnings);
  const body: Json = {
    model: upstreamModel,
    ...(instructions ? { instructions } : {}),
    input: convertInput(request.messages, warnings),
    ...(tools.length > 0 ? { tools } : {}),
    ...(tools.length > 0 && request.toolChoice ? { tool_choice: toolChoice(request.toolChoice) } : {}),
    ...(tools.length > 0 && request.parallelToolCalls !== null ? { parallel_tool_calls: request.parallelToolCalls } : {}),
    ...sampling(request, warnings),
    ...(reasoning ? { reasoning, ...(reasoning.effort !== 'none' ? { include: ['reasoning.encrypted_content'] } : {}) } : {}),
    ...textFormat(request),
    ...endUserField(request.metadata.user, 'responses.user', warnings),
    ...(request.metadata.conversationId ? { prompt_cache_key: request.metadata.conversationId } : {}),
    store: false,
    stream: options.stream ?? true,
  };
  return { body, warnings };
}

function convertInput(messages: readonly IRMessage[], warnings: IRWarning[]): Json[] {
  const items: Json[] = [];
  let droppedReasoning = 0;
  let errorFlags = 0;
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        items.push({ type: 'message', role: 'user', content: message.content.map(inputPart) });
        break;
      case 'assistant':
        for (const part of message.content) {
          switch (part.type) {
            case 'text':
              if (part.text !== '') items.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: part.text }] });
              break;
            case 'reasoning':
              if (part.encrypted && isEncryptedByOpenAI(part)) {
                items.push({ type: 'reasoning', summary: part.text ? [{ type: 'summary_text', text: part.text }] : [], encrypted_content: part.encrypted });
              } else droppedReasoning++;
              break;
            case 'tool-call':
              items.push({ type: 'function_call', call_id: part.id, name: part.name, arguments: part.arguments || '{}' });
              break;
            default:
              assertNever(part, 'assistant part');
          }
        }
        break;
      case 'tool':
        for (const result of message.content) {
          if (result.isError) errorFlags++;
          const [only] = result.content;
          const output = result.content.length === 1 && only?.type === 'text' ? only.text : result.content.map(inputPart);
          items.push({ type: 'function_call_output', call_id: result.toolCallId, output });
        }
        break;
      default:
        assertNever(message, 'message');
    }
  }
  if (droppedReasoning > 0) {
    warnings.push({ at: 'responses.input', message: `${droppedReasoning} reasoning part(s) that OpenAI did not write cannot be sent back to it; dropped` });
  }
  if (errorFlags > 0) {
    warnings.push({ at: 'responses.input', message: `${errorFlags} tool result(s) marked as errors: Responses has no error flag, their text was sent as it is` });
  }
  return items;
}

function inputPart(part: IRTextPart | IRImagePart): Json {
  if (part.type === 'text') return { type: 'input_text', text: part.text };
  const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
  return { type: 'input_image', image_url: url, detail: part.detail ?? 'auto' };
}

function toolChoice(choice: IRToolChoice): unknown {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', name: choice.name };
    default:
      return assertNever(choice, 'tool choice');
  }
}

function sampling(request: IRRequest, warnings: IRWarning[]): Json {
  const { maxOutputTokens, temperature, topP, topK } = request.sampling;
  if (topK !== undefined) warnings.push({ at: 'responses.top_k', message: 'top_k is not part of the Responses API; dropped' });
  if (request.stopSequences.length > 0) warnings.push({ at: 'responses.stop', message: 'stop sequences are not part of the Responses API; dropped' });
  return {
    ...(maxOutputTokens !== undefined ? { max_output_tokens: maxOutputTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { top_p: topP } : {}),
  };
}

function convertReasoning(value: IRReasoning | null, warnings: IRWarning[]): { effort?: OpenAIEffort; summary?: string } | null {
  if (!value) return null;
  if (!value.enabled) return { effort: 'none' };
  let effort: OpenAIEffort | undefined;
  if (value.effort === 'max') {
    warnings.push({ at: 'responses.reasoning.effort', message: 'effort "max" has no Responses form; sent as "xhigh"' });
    effort = 'xhigh';
  } else if (value.effort) effort = value.effort;
  else if (value.budgetTokens !== undefined) {
    const budget = value.budgetTokens;
    effort = effortForBudget(budget);
  }
  const summary = value.summary && value.summary !== 'none' ? value.summary : undefined;
  return { ...(effort ? { effort } : {}), ...(summary ? { summary } : {}) };
}

function textFormat(request: IRRequest): Json {
  const output = request.output;
  if (!output) return {};
  if (output.type === 'json_object') return { text: { format: { type: 'json_object' } } };
  return {
    text: {
      format: { type: 'json_schema', name: output.name, schema: output.schema, strict: output.strict, ...(output.description ? { description: output.description } : {}) },
    },
  };
}

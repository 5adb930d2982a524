import type { IRAssistantPart, IRResponse, IRStopReason } from '../../wire/ir.js';
import { emptyUsage } from '../../wire/ir.js';
import { chatCompletionSchema } from './chat-upstream-api.js';
import { chatFinishReasonToIr } from './chat-finish-reason.js';
import { chatUsageToIr } from './chat-usage-to-ir.js';

/** Thrown when a non-streaming answer is not a chat.completion. */
export class ChatCompletionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatCompletionError';
  }
}

/**
 * A non-streaming Chat Completions answer → the IR response: reasoning (where a compatible server gives it), the
 * text (a refusal is text too, and the turn's stop reason), then the tool calls, in that order.
 */
export function chatCompletionToIr(bodyText: string): IRResponse {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    throw new ChatCompletionError(`the upstream answered with a body that is not JSON (${Buffer.byteLength(bodyText)} bytes)`);
  }
  const parsed = chatCompletionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChatCompletionError(`the upstream answered with JSON that is not a chat.completion${issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  const completion = parsed.data;
  // The schema asks for at least one choice; Switchboard asks for one (n is never sent).
  const [choice] = completion.choices as [(typeof completion.choices)[number]];
  const message = choice.message;
  const content: IRAssistantPart[] = [];
  const reasoning = message.reasoning_content || message.reasoning;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  if (message.content) content.push({ type: 'text', text: message.content });
  if (message.refusal) content.push({ type: 'text', text: message.refusal });
  (message.tool_calls ?? []).forEach((call, index) => {
    content.push({ type: 'tool-call', id: call.id || `call_${index}`, name: call.function.name, arguments: call.function.arguments ?? '' });
  });
  const stopReason: IRStopReason = message.refusal ? 'refusal' : chatFinishReasonToIr(choice.finish_reason ?? 'stop');
  return {
    id: completion.id || 'chatcmpl-upstream',
    upstreamModel: completion.model ?? '',
    content,
    stopReason,
    stopSequence: null,
    usage: completion.usage ? chatUsageToIr(completion.usage) : { ...emptyUsage(), estimated: true },
  };
}

/**
 * What the OpenAI APIs (and the ChatGPT backend, which shares the Responses rules) read and refuse about the tool
 * calls in a conversation's history. A tool result must answer a call made earlier in the same history, and every
 * call must be answered before the conversation goes on: a client (or a translation) that loses a call, its result
 * or the call id tying them gets the real API's 400, not an answer.
 */
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface ToolHistoryProblem {
  message: string;
  param: string;
}

/** Chat Completions: `tool` messages follow the assistant message whose `tool_calls` they answer, one per call. */
export function chatToolHistoryProblem(messages: readonly unknown[]): ToolHistoryProblem | null {
  let unanswered: { index: number; ids: Set<string> } | null = null;
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) continue;
    if (message['role'] === 'tool') {
      const id = message['tool_call_id'];
      if (!unanswered || typeof id !== 'string' || !unanswered.ids.delete(id)) {
        return { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", param: `messages.[${index}].role` };
      }
      continue;
    }
    if (unanswered && unanswered.ids.size > 0) return unansweredChatCalls(unanswered);
    const calls = message['role'] === 'assistant' && Array.isArray(message['tool_calls']) ? message['tool_calls'] : [];
    const ids = calls.flatMap((call) => (isObject(call) && typeof call['id'] === 'string' ? [call['id']] : []));
    unanswered = ids.length > 0 ? { index, ids: new Set(ids) } : null;
  }
  return unanswered && unanswered.ids.size > 0 ? unansweredChatCalls(unanswered) : null;
}

function unansweredChatCalls(unanswered: { index: number; ids: Set<string> }): ToolHistoryProblem {
  return {
    message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...unanswered.ids].join(', ')}`,
    param: `messages.[${unanswered.index}].role`,
  };
}

/** The call item types of Responses input, each with the output item type that answers it by `call_id`. */
const RESPONSES_CALL_OUTPUTS: Record<string, string> = { function_call: 'function_call_output', custom_tool_call: 'custom_tool_call_output' };

/** Responses: each output answers a call earlier in `input` by its call_id, and each call has its output. */
export function responsesToolHistoryProblem(items: readonly Json[]): ToolHistoryProblem | null {
  const calls = new Map<string, string>();
  const answered = new Set<string>();
  for (const item of items) {
    const type = String(item['type'] ?? 'message');
    const callId = typeof item['call_id'] === 'string' ? item['call_id'] : '';
    const outputType = RESPONSES_CALL_OUTPUTS[type];
    if (outputType) calls.set(callId, outputType);
    else if (Object.values(RESPONSES_CALL_OUTPUTS).includes(type)) {
      if (calls.get(callId) !== type) return { message: `No tool call found for ${type.replace(/_/g, ' ')} with call_id ${callId}.`, param: 'input' };
      answered.add(callId);
    }
  }
  const unanswered = [...calls.keys()].find((callId) => !answered.has(callId));
  return unanswered === undefined ? null : { message: `No tool output found for function call ${unanswered}.`, param: 'input' };
}

/** The texts of every tool result in the history, oldest first: what a later turn may ask about. */
export function chatToolResultTexts(messages: readonly unknown[], textOf: (content: unknown) => string): string[] {
  return messages.flatMap((message) => (isObject(message) && message['role'] === 'tool' ? [textOf(message['content'])] : []));
}

export function responsesToolResultTexts(items: readonly Json[], textOf: (content: unknown) => string): string[] {
  return items.flatMap((item) => (Object.values(RESPONSES_CALL_OUTPUTS).includes(String(item['type'])) ? [textOf(item['output'])] : []));
}

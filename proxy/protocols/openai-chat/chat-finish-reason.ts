import type { IRStopReason } from '../../wire/ir.js';

/**
 * A Chat `finish_reason` → the IR's stop reason. `function_call` is the legacy name of `tool_calls`; a reason a
 * compatible server invented (Ollama's "load", say) ends the turn normally.
 */
export function chatFinishReasonToIr(reason: string): IRStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

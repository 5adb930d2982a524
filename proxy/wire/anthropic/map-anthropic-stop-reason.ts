import type { IRStopReason } from '../ir.js';
import { assertNever } from '../ir.js';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

/** Anthropic's stop_reason as the IR's. A reason this version does not know ends the turn normally. */
export function anthropicStopReasonToIr(reason: string | null | undefined): IRStopReason {
  switch (reason) {
    case 'end_turn':
    case 'max_tokens':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
    case 'refusal':
      return reason;
    // The context window, not max_tokens, ran out; for a client both mean "cut off by length".
    case 'model_context_window_exceeded':
      return 'max_tokens';
    default:
      return 'end_turn';
  }
}

export function irStopReasonToAnthropic(reason: IRStopReason): AnthropicStopReason {
  switch (reason) {
    case 'end_turn':
    case 'max_tokens':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
    case 'refusal':
      return reason;
    // Anthropic has no "error" stop: a provider that ended a turn this way still ended it.
    case 'error':
      return 'end_turn';
    default:
      return assertNever(reason, 'stop reason');
  }
}

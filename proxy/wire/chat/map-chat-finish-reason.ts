import type { IRStopReason } from '../ir.js';
import { assertNever } from '../ir.js';
import type { ChatFinishReason } from './chat-api.js';

/**
 * Why the turn ended, in Chat's words. A turn that called tools reports `tool_calls` unless it was cut off:
 * Chat clients run tools only on that reason, and providers without a tool stop reason (the Responses API)
 * end such turns as ordinary ones.
 */
export function mapChatFinishReason(stopReason: IRStopReason, calledTools: boolean): ChatFinishReason {
  switch (stopReason) {
    case 'max_tokens':
      return 'length';
    case 'refusal':
      return 'content_filter';
    case 'tool_use':
      return 'tool_calls';
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
    case 'error':
      return calledTools ? 'tool_calls' : 'stop';
    default:
      return assertNever(stopReason, 'stop reason');
  }
}

import { describe, expect, it } from 'vitest';
import type { IRStopReason } from '../ir.js';
import { anthropicStopReasonToIr, irStopReasonToAnthropic } from './map-anthropic-stop-reason.js';

describe('stop reasons', () => {
  it.each<IRStopReason>(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal'])('%s survives both ways', (reason) => {
    expect(anthropicStopReasonToIr(irStopReasonToAnthropic(reason))).toBe(reason);
  });

  it('maps what one side lacks', () => {
    expect(anthropicStopReasonToIr('model_context_window_exceeded')).toBe('max_tokens');
    expect(anthropicStopReasonToIr('something_new')).toBe('end_turn');
    expect(anthropicStopReasonToIr(null)).toBe('end_turn');
    expect(irStopReasonToAnthropic('error')).toBe('end_turn');
  });
});

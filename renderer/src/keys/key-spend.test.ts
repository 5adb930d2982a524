import { describe, expect, it } from 'vitest';
import { spendLine } from './key-spend';

describe('spendLine', () => {
  it('shows a sub-cent spend as it is, as the cost budget’s meter does', () => {
    expect(spendLine({ requests: 1, tokens: 135, costUsd: 0.00021, unpricedRequests: 0 })).toBe('This month: 1 request, 135 tokens, $0.0002');
    expect(spendLine({ requests: 12, tokens: 45_200, costUsd: 2.5, unpricedRequests: 0 })).toBe('This month: 12 requests, 45.2 k tokens, $2.50');
  });

  it('counts unpriced requests apart, never as $0', () => {
    expect(spendLine({ requests: 3, tokens: 900, costUsd: 0.0042, unpricedRequests: 1 })).toBe('This month: 3 requests, 900 tokens, $0.0042 + 1 unpriced request');
    expect(spendLine({ requests: 2, tokens: 300, costUsd: 0, unpricedRequests: 2 })).toBe('This month: 2 requests, 300 tokens, unpriced');
  });
});

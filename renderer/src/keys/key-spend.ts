/** A managed key's month so far, in words, for its card. */
import type { KeySpend } from '../admin-api';
import { formatCost, formatCount, formatTokens, plural } from '../format';

/**
 * "This month: 1 request, 135 tokens, $0.0002". The cost is as precise as the cost budget's meter beside it
 * (sub-cent amounts as they are, never "< $0.01" next to "$0.0002 of $0.0012"); requests without a price are
 * counted apart, never as $0.
 */
export function spendLine(spend: KeySpend): string {
  const allUnpriced = spend.requests > 0 && spend.requests === spend.unpricedRequests;
  const cost = allUnpriced ? 'unpriced' : `${formatCost(spend.costUsd)}${spend.unpricedRequests > 0 ? ` + ${plural(spend.unpricedRequests, 'unpriced request')}` : ''}`;
  return `This month: ${formatCount(spend.requests)} ${spend.requests === 1 ? 'request' : 'requests'}, ${formatTokens(spend.tokens)} tokens, ${cost}`;
}

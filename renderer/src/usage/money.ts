/** Small local formatters for the usage page (no dependency on the shell's format.ts). */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usdSmall = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** A cost in words: null means nothing here had a price, which is not $0. */
export function formatCost(costUsd: number | null, unpricedRequests = 0): string {
  if (costUsd === null) return unpricedRequests > 0 ? 'unpriced' : '—';
  if (costUsd > 0 && costUsd < 0.01) return usdSmall.format(costUsd);
  return usd.format(costUsd);
}

/** 1234 → "1,234"; 1_234_567 → "1.23M". */
export function formatCount(n: number): string {
  if (Math.abs(n) >= 1_000_000_000) return `${trim(n / 1_000_000_000)}B`;
  if (Math.abs(n) >= 1_000_000) return `${trim(n / 1_000_000)}M`;
  return Math.round(n).toLocaleString('en-US');
}

function trim(n: number): string {
  return n.toFixed(2).replace(/\.?0+$/, '');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

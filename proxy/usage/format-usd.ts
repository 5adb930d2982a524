/** Dollars for messages and the CLI: cents where they suffice ("$25.00"), four decimals below ten cents ("$0.0012"). */
export function formatUsd(value: number): string {
  return `$${value.toFixed(Math.abs(value) < 0.1 ? 4 : 2)}`;
}

/**
 * Two amounts said side by side ("may cost up to X, and Y is left"), with as many decimals as it takes to tell them
 * apart: $0.0062 against $0.0062 would read as if the request fitted.
 */
export function formatUsdPair(first: number, second: number): [string, string] {
  const pair: [string, string] = [formatUsd(first), formatUsd(second)];
  for (let digits = 5; digits <= 8 && first !== second && pair[0] === pair[1]; digits++) {
    pair[0] = `$${first.toFixed(digits)}`;
    pair[1] = `$${second.toFixed(digits)}`;
  }
  return pair;
}

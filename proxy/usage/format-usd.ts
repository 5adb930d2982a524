/** Dollars for messages and the CLI: cents where they suffice ("$25.00"), four decimals below ten cents ("$0.0012"). */
export function formatUsd(value: number): string {
  return `$${value.toFixed(Math.abs(value) < 0.1 ? 4 : 2)}`;
}

/** The statistics of the bench's figures: nearest-rank percentiles over samples, in the samples' own unit. */

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/**
 * What `measured` adds over `baseline`, sample by sample (the i-th of each was taken back to back, so drift in the
 * machine cancels): the p50 and p99 of the differences.
 */
export function addedOver(measured: readonly number[], baseline: readonly number[]): { p50: number; p99: number } {
  if (measured.length !== baseline.length) throw new Error(`paired samples differ in number: ${measured.length} and ${baseline.length}`);
  const differences = measured.map((value, index) => value - (baseline[index] as number));
  return { p50: percentile(differences, 50), p99: percentile(differences, 99) };
}

/**
 * `npm run bench cold-start`: the medians of bench/harness/cold-start.ts's timings against the goals
 * (/health within 2 s, a CLI command under 1 s), BENCH_RUNS runs each (default 5). Not part of `npm test`.
 */
import { CLI_BUDGET_MS, HEALTH_BUDGET_MS, measureColdStart } from './harness/cold-start.js';
import { median } from './harness/stats.js';

const { healthMs, keyShowMs } = await measureColdStart(Number(process.env.BENCH_RUNS ?? 5));
const rows = [
  { what: 'npm run serve → /health', runs: healthMs, budget: HEALTH_BUDGET_MS },
  { what: 'npm run switchboard -- key show', runs: keyShowMs, budget: CLI_BUDGET_MS },
];
let over = 0;
for (const row of rows) {
  const value = median(row.runs);
  if (value >= row.budget) over++;
  console.log(`${row.what.padEnd(34)} median ${value.toFixed(0).padStart(5)} ms  (budget ${row.budget} ms; runs ${row.runs.map((ms) => ms.toFixed(0)).join(', ')})`);
}
process.exitCode = over > 0 ? 1 : 0;

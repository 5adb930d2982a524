/**
 * How much the fuzzer does. `npm test` runs a quick pass; `npm run test:soak` sets FUZZ_RUNS=10000 (the soak's
 * vitest config); FUZZ_SEED replays a run whose failure printed its seed.
 */
const QUICK_RUNS = 200;

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${text}"`);
  return value;
}

/** Cases per endpoint. */
export const RUNS_PER_ENDPOINT = positiveInteger('FUZZ_RUNS', QUICK_RUNS);

/** The seed of the run (fast-check picks one when unset, and prints it with a failure; it may be negative). */
export const SEED: number | undefined = seedFrom(process.env.FUZZ_SEED);

function seedFrom(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be a whole number, as a failure prints it, not "${text}"`);
  return seed;
}

/**
 * The server runs with its JavaScript heap capped at this: garbage is then collected before the heap grows past
 * it, and what a request leaves behind for good ends the run with an out-of-memory crash the run sees, however
 * slowly it accumulates.
 */
export const SERVER_HEAP_MB = 256;

/**
 * The server's resident memory may not exceed this at any point of the run: the capped heap, and room for what
 * lives outside it (buffers, SQLite's cache, code). Its idle size is about 170 MB; the largest body is 1 MB.
 * FUZZ_MAX_RSS_MB overrides it.
 */
export const MAX_RSS_BYTES = positiveInteger('FUZZ_MAX_RSS_MB', 400) * 1024 * 1024;

/**
 * Smaller than the default 32 MB body limit, so that bodies over the limit cost little to send in every run;
 * everything under it takes the same path as under the default.
 */
export const FUZZ_BODY_LIMIT_BYTES = 1024 * 1024;

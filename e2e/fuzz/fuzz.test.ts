/**
 * Property-based fuzzing of every public and admin endpoint against the real server (`switchboard serve` in a
 * process of its own) in front of stand-in upstreams that are never told to fail. For every generated request —
 * valid bodies, almost valid ones, hostile ones, with odd headers, paths, query strings, framings and callers —
 * the answer is an HTTP answer, never a 5xx, JSON in the endpoint's shape, no 2xx for a caller without the right
 * key, and no account's state changes unless the request was a valid change of it. The process stays up and its
 * memory bounded across the whole run.
 *
 * `npm test` runs a quick budget; `npm run test:soak` runs FUZZ_RUNS (10 000) cases per endpoint.
 */
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RSS_BYTES, RUNS_PER_ENDPOINT, SEED } from './budget.js';
import { ENDPOINTS, endpointName } from './endpoints.js';
import { describeRequest, fuzzCase, runCase } from './fuzz-case.js';
import { CALLERS, startFuzzStack, type AccountsSnapshot, type FuzzStack } from './fuzz-stack.js';
import { closeConnections } from './send.js';
import { preview } from './answer-checks.js';

/** Generated requests per /v1 endpoint that fill the ledger before the run. */
const LEDGER_SEED_CASES = 100;

/** A soak takes long enough to want a line per endpoint as it goes. */
const SOAK_PROGRESS_FROM = 1000;

/** Room per case for a slow machine (a case takes a few milliseconds), plus start-up. */
const TEST_TIMEOUT_MS = 60_000 + RUNS_PER_ENDPOINT * 200;

describe('fuzzing every endpoint', () => {
  let stack: FuzzStack;
  let accounts: AccountsSnapshot;
  let idleRss = 0;
  let peakRss = 0;
  const report: string[] = [];
  /** The first request whose connection broke: the one a crash happened on. */
  let brokeOn: string | undefined;

  beforeAll(async () => {
    stack = await startFuzzStack();
    accounts = await stack.snapshot();
    idleRss = stack.rss();
    // The usage readers run first (endpoints.ts): they read a ledger of generated requests, as many whatever the budget.
    for (const endpoint of ENDPOINTS.filter((candidate) => candidate.method === 'POST' && candidate.path.startsWith('/v1/'))) {
      for (const fuzz of fc.sample(fuzzCase(endpoint), { numRuns: Math.min(LEDGER_SEED_CASES, RUNS_PER_ENDPOINT), ...(SEED !== undefined ? { seed: SEED } : {}) })) {
        accounts = (await runCase(stack, endpoint, fuzz, accounts)).after;
      }
    }
  }, 300_000);

  afterAll(async () => {
    closeConnections();
    await stack?.close();
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    console.info(`fuzz: ${RUNS_PER_ENDPOINT} cases per endpoint; server RSS idle ${mb(idleRss)}, peak ${mb(peakRss)}\n${report.join('\n')}`);
  });

  /** The keys in a request's description, by role instead of their secrets. */
  const masked = (text: string) => CALLERS.reduce((result, caller) => {
    const key = stack.keyOf(caller);
    return key ? result.split(key).join(`<${caller} key>`) : result;
  }, text);

  for (const endpoint of ENDPOINTS) {
    it(
      endpointName(endpoint),
      async () => {
        const started = Date.now();
        // Chosen here rather than by fast-check, so that a passing run can be replayed too (the soak prints it).
        const seed = SEED ?? randomInt(2 ** 31);
        let cases = 0;
        const statuses = new Map<string, number>();
        await fc.assert(
          fc.asyncProperty(fuzzCase(endpoint), async (fuzz) => {
            cases += 1;
            const result = await runCase(stack, endpoint, fuzz, accounts);
            accounts = result.after;
            const status = result.answer.status === 0 ? 'none' : `${String(result.answer.status).slice(0, 1)}xx`;
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            peakRss = Math.max(peakRss, stack.exit() ? 0 : stack.rss());
            if (result.problems.length === 0) return;
            const described = `${masked(describeRequest(result.request))}\n→ ${result.answer.status} ${preview(result.answer.body)}`;
            // Once the server is down every case fails and shrinking finds nothing: the request it went down on is the finding.
            if (result.answer.transportError) brokeOn ??= described;
            const crash = stack.exit() && brokeOn ? `\n\nthe server went down; the first request whose connection broke:\n${brokeOn}` : '';
            throw new Error(`${result.problems.join('\n')}\n\n${described}${crash}`);
          }),
          { numRuns: RUNS_PER_ENDPOINT, seed, reporter: failureReport },
        );
        const answered = [...statuses].sort().map(([status, count]) => `${count} ${status}`).join(', ');
        report.push(`  ${endpointName(endpoint)}: ${cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (${answered}; seed ${seed})`);
        if (RUNS_PER_ENDPOINT >= SOAK_PROGRESS_FROM) console.info(`fuzz progress: ${report.at(-1)!.trim()}; server RSS ${Math.round(stack.rss() / 1024 / 1024)} MB`);
        // Still up and answering after the run: nothing crashed it, no rejection went unhandled.
        expect(stack.exit()).toBeNull();
        expect((await stack.send({ method: 'GET', path: '/health', headers: {}, body: null })).status).toBe(200);
      },
      TEST_TIMEOUT_MS,
    );
  }

  it('kept the server’s memory bounded', () => {
    expect(stack.exit()).toBeNull();
    expect(peakRss).toBeGreaterThan(0);
    expect(peakRss, `peak RSS ${peakRss} bytes (idle ${idleRss})`).toBeLessThan(MAX_RSS_BYTES);
  });

  // Last: it ends the server. A crash (an unhandled rejection ends Node 20 too) must fail the case that meets it.
  it('sees a crash of the server as a failure of the case', async () => {
    await stack.kill();
    const result = await runCase(stack, ENDPOINTS[0]!, fc.sample(fuzzCase(ENDPOINTS[0]!), 1)[0]!, accounts);
    expect(result.problems).toContainEqual(expect.stringMatching(/^the server process killed by SIGKILL/));
  });
});

/** A failure as the shrunk request and what was wrong with its answer, with the seed to replay it (FUZZ_SEED). */
function failureReport<T extends unknown[]>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `fuzzing found a failure after ${details.numRuns} cases (shrunk ${details.numShrinks} times; replay: FUZZ_SEED=${details.seed} FUZZ_RUNS=${details.numRuns}):\n${error}`,
  );
}

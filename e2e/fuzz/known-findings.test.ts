/**
 * Each known finding (known-findings.ts) still shows in its reproduction. When one no longer does, its fix has
 * landed: delete its entry, and the fuzzer holds the fix from then on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from './answer-checks.js';
import { routeFor } from './fuzz-case.js';
import { startFuzzStack, type FuzzStack } from './fuzz-stack.js';
import { KNOWN_FINDINGS } from './known-findings.js';
import { closeConnections } from './send.js';

describe('known findings', () => {
  let stack: FuzzStack;
  beforeAll(async () => {
    stack = await startFuzzStack();
  }, 120_000);
  afterAll(async () => {
    closeConnections();
    await stack?.close();
  });

  // In the list's order: a reproduction that takes the server down comes last.
  for (const finding of KNOWN_FINDINGS) {
    it(`${finding.id} (${finding.owner}) still shows`, async () => {
      const { caller, method, path, headers, body } = finding.reproduction;
      const request = { method, path, headers: { ...headers, authorization: `Bearer ${stack.keyOf(caller)}` }, body: body === null ? null : Buffer.from(body) };
      const answer = await stack.send(request);
      const exit = stack.exit();
      const problems = [...problemsWith({ method, path, caller, route: routeFor(method, path) }, answer), ...(exit ? [`the server process ${exit}`] : [])];
      const shown = problems.filter((problem) => finding.explains(request, answer, problem));
      expect(shown, `the reproduction of "${finding.id}" no longer shows it: its fix has landed, delete its entry in e2e/fuzz/known-findings.ts`).not.toEqual([]);
    });
  }
});

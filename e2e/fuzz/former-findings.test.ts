/** Every finding the fuzzer made stays fixed: its shrunk request is answered without a problem, and the server stays up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from './answer-checks.js';
import { routeFor } from './fuzz-case.js';
import { startFuzzStack, type FuzzStack } from './fuzz-stack.js';
import { FORMER_FINDINGS } from './former-findings.js';
import { closeConnections } from './send.js';

describe('former fuzz findings', () => {
  let stack: FuzzStack;
  beforeAll(async () => {
    stack = await startFuzzStack();
  }, 120_000);
  afterAll(async () => {
    closeConnections();
    await stack?.close();
  });

  for (const finding of FORMER_FINDINGS) {
    it(`stay fixed: ${finding.id}`, async () => {
      const accounts = await stack.snapshot();
      const { caller, method, path, headers, body } = finding.reproduction;
      const request = { method, path, headers: { ...headers, authorization: `Bearer ${stack.keyOf(caller)}` }, body: body === null ? null : Buffer.from(body) };
      const answer = await stack.send(request);
      const problems = problemsWith({ method, path, headers: request.headers, caller, route: routeFor(method, path) }, answer);
      expect(problems, `${finding.was}\nIt shows again.`).toEqual([]);
      expect(stack.exit()).toBeNull();
      expect(await stack.snapshot()).toEqual(accounts);
    });
  }
});

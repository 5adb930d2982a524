import { describe, expect, it } from 'vitest';
import { CLIENT_REQUESTS, parsedClientRequest } from '../__fixtures__/client-requests.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

/**
 * The exact Messages body sent upstream through the IR for each recorded client request (an Anthropic client is
 * passed through instead; its IR form is snapshotted all the same), with its betas and warnings, kept in
 * __snapshots__/: a change in what goes upstream shows in review as a diff of these files.
 */
describe('the Anthropic Messages body sent upstream for each recorded client request', () => {
  for (const name of CLIENT_REQUESTS) {
    for (const model of ['claude-opus-5-5', 'claude-sonnet-4-6']) {
      it(`${name} → ${model}`, async () => {
        const { request } = parsedClientRequest(name);
        await expect(`${JSON.stringify(convertToAnthropicRequest(request, model), null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/${name}.${model}.json`);
      });
    }
  }
});

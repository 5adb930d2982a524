import { describe, expect, it } from 'vitest';
import { CLIENT_REQUESTS, parsedClientRequest } from '../__fixtures__/client-requests.js';
import { convertToResponsesRequest } from './convert-to-responses-request.js';

/**
 * The exact Responses body sent upstream for each recorded client request, with what could not be said (the
 * warnings), kept in __snapshots__/: a change in what goes upstream shows in review as a diff of these files.
 */
describe('the Responses body sent upstream for each recorded client request', () => {
  for (const name of CLIENT_REQUESTS) {
    it(name, async () => {
      const { request } = parsedClientRequest(name);
      await expect(`${JSON.stringify(convertToResponsesRequest(request, 'gpt-5-mini'), null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/${name}.json`);
    });
  }
});

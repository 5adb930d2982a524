import { describe, expect, it } from 'vitest';
import { CLIENT_REQUESTS, parsedClientRequest } from '../__fixtures__/client-requests.js';
import { convertToChatRequest } from './convert-to-chat-request.js';

/**
 * The exact Chat Completions body sent upstream for each recorded client request, with what could not be said
 * (the warnings), kept in __snapshots__/: a change in what goes upstream shows in review as a diff of these files.
 */
describe('the Chat Completions body sent upstream for each recorded client request', () => {
  for (const name of CLIENT_REQUESTS) {
    for (const dialect of ['openai', 'compatible'] as const) {
      it(`${name} → ${dialect}`, async () => {
        const { request } = parsedClientRequest(name);
        const converted = convertToChatRequest(request, dialect === 'openai' ? 'gpt-5-mini' : 'qwen3:8b', { dialect });
        await expect(`${JSON.stringify(converted, null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/${name}.${dialect}.json`);
      });
    }
  }
});

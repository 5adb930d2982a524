import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../proxy/usage/database.js';
import { nextTurn } from '../../proxy/usage/next-turn.js';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';

const headers = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };

/** Every client format, streamed and not; each request names a model of its own, so its row can be found. */
const REQUESTS: { name: string; endpoint: string; body: (model: string) => object }[] = [
  { name: 'messages', endpoint: '/v1/messages', body: (model) => ({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }) },
  { name: 'messages, streamed', endpoint: '/v1/messages', body: (model) => ({ model, max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] }) },
  { name: 'chat completions, streamed', endpoint: '/v1/chat/completions', body: (model) => ({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }) },
  { name: 'responses, streamed', endpoint: '/v1/responses', body: (model) => ({ model, input: 'hi', stream: true }) },
  { name: 'a refused request', endpoint: '/v1/messages', body: (model) => ({ model, messages: [{ role: 'user', content: 'hi' }] }) },
];

/**
 * The usage row of a request is committed at the end of the event loop's turn its answer ended in (with the other
 * answers of that turn): a second connection to the database (another process, the dashboard) reads it once the
 * client has the whole answer and the proxy has finished that turn — not some time later. (Client and proxy share a
 * process here: the client may read the answer's last bytes in the very turn they were written.)
 */
describe('the usage row of an answer', () => {
  let stack: Stack;
  let reader: Database.Database;
  beforeAll(async () => {
    stack = await startStack();
    reader = new Database(databasePath(stack.config['data-dir']), { readonly: true });
  });
  afterAll(async () => {
    reader.close();
    await stack.close();
  });

  it.each(REQUESTS)('is readable by another connection once the client has the whole answer: $name', async ({ name, endpoint, body }) => {
    const model = `claude-commit-${name.replace(/\W+/g, '-')}`;
    const response = await fetch(`${stack.url}${endpoint}`, { method: 'POST', headers, body: JSON.stringify(body(model)) });
    await response.text();
    await nextTurn();
    const row = reader.prepare('SELECT endpoint, status FROM usage_events WHERE model_requested = ?').get(model);
    expect(row).toEqual({ endpoint, status: response.status });
  });
});

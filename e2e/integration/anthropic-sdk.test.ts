import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_EMAIL, startStack, TEST_API_KEY, type Stack } from './harness.js';

/** The official Anthropic SDK, as a client would use it, through Switchboard to the stand-in Anthropic API. */
describe('Anthropic SDK through Switchboard', () => {
  let stack: Stack;
  let client: Anthropic;

  beforeAll(async () => {
    stack = await startStack();
    client = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  it('answers a non-streaming request with the account, not the client key', async () => {
    const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'Hello there' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Stand-in reply to: Hello there' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBeGreaterThan(0);

    const upstream = stack.api.requests.at(-1)!;
    expect(upstream.path).toBe('/v1/messages');
    expect(upstream.headers.authorization).toMatch(/^Bearer sk-ant-oat01-standin-/);
    expect(JSON.stringify(upstream.headers)).not.toContain(TEST_API_KEY);
    expect(upstream.headers['anthropic-beta']?.split(',')).toContain('oauth-2025-04-20');
  });

  it('streams, and the SDK stream helper assembles the final message', async () => {
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'Stream please' }] });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Stand-in reply to: Stream please');
    expect(message.content).toEqual([{ type: 'text', text: 'Stand-in reply to: Stream please' }]);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('counts tokens', async () => {
    const count = await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'How many tokens is this?' }] });
    expect(count.input_tokens).toBeGreaterThan(0);
    expect(stack.api.requests.at(-1)!.path).toBe('/v1/messages/count_tokens');
  });

  it('completes a tool-use round trip, streaming the tool input', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    const question: Anthropic.MessageParam = { role: 'user', content: 'Use the get_weather tool for Paris' };
    const first = await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 512, tools, messages: [question] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });

    const second = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 512,
      tools,
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'Sunny, 21°C' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: 'Tool result received: Sunny, 21°C' }]);
  });

  it('resolves model aliases before forwarding', async () => {
    await client.messages.create({ model: 'sonnet', max_tokens: 64, messages: [{ role: 'user', content: 'alias' }] });
    // The newest Sonnet the account's live model list offers (the stand-in lists Claude Sonnet 5 as newest).
    expect((stack.api.requests.at(-1)!.body as { model: string }).model).toBe('claude-sonnet-5');
  });

  it('applies the Claude Code profile to a client that is not Claude Code', async () => {
    await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'profile' }] });
    const upstream = stack.api.requests.at(-1)!;
    expect(upstream.headers['user-agent']).toMatch(/^claude-cli\/\d+\.\d+\.\d+ \(external, cli\)$/);
    expect(upstream.headers['x-app']).toBe('cli');
    expect(upstream.headers['anthropic-beta']?.split(',')).toEqual(expect.arrayContaining(['oauth-2025-04-20', 'claude-code-20250219']));
    const body = upstream.body as { system: { text: string }[]; metadata: { user_id: string } };
    expect(body.system.map((block) => block.text)).toEqual(["You are Claude Code, Anthropic's official CLI for Claude.", 'Be brief.']);
    expect(JSON.parse(body.metadata.user_id)).toMatchObject({ device_id: expect.stringMatching(/^[0-9a-f]{64}$/), session_id: expect.any(String) });
  });

  it('lists models once an account is usable', async () => {
    const models = await client.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toContain('claude-opus-4-7');
    expect(ids).toContain('sonnet');
  });

  it('keeps the account it was configured with', async () => {
    const [account] = await stack.store.accountsOf('anthropic');
    expect(account?.data.email).toBe(ACCOUNT_EMAIL);
  });
});

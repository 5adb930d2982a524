import OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSse } from '../../proxy/wire/sse.js';
import { lastModelRequest, PIXEL_PNG, startStack, TEST_API_KEY, type Stack } from './harness.js';

const weatherTool: Tool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

type UpstreamMessage = { role: string; content: { type: string; signature?: string; source?: unknown }[] | string };

/** The official openai SDK's Responses API (and the Codex CLI's request shapes), served by a Claude account. */
describe('OpenAI Responses on a Claude account', () => {
  let stack: Stack;
  let client: OpenAI;
  beforeAll(async () => {
    stack = await startStack();
    client = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  const lastUpstream = () => lastModelRequest(stack);

  const firstInput: ResponseInputItem[] = [
    { role: 'developer', content: 'You are terse.' },
    {
      role: 'user',
      content: [
        { type: 'input_image', image_url: `data:image/png;base64,${PIXEL_PNG}`, detail: 'auto' },
        { type: 'input_text', text: 'Use the get_weather tool for Paris' },
      ],
    },
  ];

  for (const stream of [false, true]) {
    it(`completes a multi-turn tool conversation with an image and reasoning, keeping the thinking signature (${stream ? 'streaming' : 'non-streaming'})`, async () => {
      const ask = (input: ResponseInputItem[]) => {
        const params = {
          model: 'claude-sonnet-4-6',
          input,
          tools: [weatherTool],
          reasoning: { effort: 'medium' as const, summary: 'auto' as const },
          include: ['reasoning.encrypted_content' as const],
          store: false,
        };
        return stream ? client.responses.stream(params).finalResponse() : client.responses.create(params);
      };

      const first = await ask(firstInput);
      expect(first.status).toBe('completed');
      expect(first.model).toBe('claude-sonnet-4-6');
      const types = first.output.map((item) => item.type);
      expect(types).toEqual(['reasoning', 'message', 'function_call']);
      const reasoning = first.output[0] as Extract<(typeof first.output)[number], { type: 'reasoning' }>;
      expect(reasoning.summary.map((part) => part.text).join('')).toBe('Thinking about it.');
      expect(reasoning.encrypted_content).toBeTruthy();
      expect(first.output_text).toBe("I'll use get_weather.");
      const call = first.output[2] as Extract<(typeof first.output)[number], { type: 'function_call' }>;
      expect(call.name).toBe('get_weather');
      expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
      expect(first.usage?.input_tokens).toBeGreaterThan(0);

      const upstreamFirst = lastUpstream().body as { messages: UpstreamMessage[]; system?: unknown };
      expect((upstreamFirst.messages[0]!.content as { type: string }[])[0]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG } });

      const second = await ask([...firstInput, ...(first.output as ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: 'Sunny, 21°C' }]);
      expect(second.output_text).toBe('Tool result received: Sunny, 21°C');
      // The thinking block went back to Anthropic with its signature, so the tool-use turn stays valid.
      const replayed = lastUpstream().body as { messages: UpstreamMessage[] };
      const assistant = replayed.messages.find((message) => message.role === 'assistant')!;
      const blocks = assistant.content as { type: string; signature?: string }[];
      expect(blocks[0]).toMatchObject({ type: 'thinking', thinking: 'Thinking about it.', signature: expect.any(String) });
      expect(blocks.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    });
  }

  it('returns structured output that follows text.format', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const response = await client.responses.create({
      model: 'claude-sonnet-4-6',
      input: 'A forecast for Oslo',
      text: { format: { type: 'json_schema', name: 'forecast', schema, strict: true } },
    });
    expect(JSON.parse(response.output_text)).toEqual({ city: 'Oslo' });
  });

  it("handles the Codex CLI's tools: namespaces and custom tools are flattened and mapped back, web_search is dropped", async () => {
    const response = await fetch(`${stack.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', accept: 'text/event-stream', originator: 'codex_exec' },
      body: JSON.stringify({
        model: 'claude-sonnet-4-6',
        stream: true,
        store: false,
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Use the apply_patch tool' }] },
        ],
        tools: [
          { type: 'namespace', name: 'files', description: 'File tools', tools: [{ type: 'function', name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }] },
          { type: 'custom', name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
          { type: 'web_search' },
        ],
        tool_choice: 'auto',
        parallel_tool_calls: false,
        reasoning: { effort: 'low', summary: 'auto' },
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'conversation-1',
      }),
    });
    expect(response.status).toBe(200);
    const events: { event: string; data: { type: string; item?: { type: string; name?: string; input?: string } } }[] = [];
    for await (const event of parseSse(response.body!)) events.push({ event: event.event, data: JSON.parse(event.data) });
    expect(events.every((event) => event.event === event.data.type)).toBe(true);
    expect(events.at(-1)!.data.type).toBe('response.completed');
    const done = events.filter((event) => event.data.type === 'response.output_item.done').map((event) => event.data.item!);
    expect(done.at(-1)).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: 'example' });

    const upstreamTools = (lastUpstream().body as { tools: { name: string }[] }).tools.map((tool) => tool.name);
    expect(upstreamTools).toEqual(['files__read', 'apply_patch']);
  });

  it('maps a call of a namespaced function back to its namespace', async () => {
    const result = await client.responses.create({
      model: 'claude-sonnet-4-6',
      input: 'Use the files__read tool for README',
      tools: [{ type: 'namespace', name: 'files', description: 'File tools', tools: [{ type: 'function', name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }] }] as unknown as Tool[],
    });
    const call = result.output.find((item) => item.type === 'function_call') as { name: string; namespace?: string; arguments: string } | undefined;
    expect(call).toMatchObject({ name: 'read', namespace: 'files' });
    expect(JSON.parse(call!.arguments)).toEqual({ path: 'README' });
  });

  it('refuses previous_response_id in plain words (the backend is stateless)', async () => {
    const error = await client.responses.create({ model: 'claude-sonnet-4-6', input: 'hi', previous_response_id: 'resp_123' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toMatch(/previous_response_id/);
  });

  it('ends a stream that breaks upstream with error and response.failed events', async () => {
    stack.api.failNext({ midStreamErrorAfterDeltas: 1 });
    const response = await fetch(`${stack.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', input: 'a long answer', stream: true }),
    });
    const types: string[] = [];
    for await (const event of parseSse(response.body!)) types.push(event.event);
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
  });
});

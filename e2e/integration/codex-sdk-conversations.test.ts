import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ada } from '../stand-ins/codex-identity.js';
import type { RecordedRequest } from '../stand-ins/http-request.js';
import { inputOf, startCodexStack, type CodexStack } from './codex-stack.js';
import { TEST_API_KEY } from './harness.js';

const ADA = ada('plus');
const MODEL = 'gpt-5.5';
const CITY_PARAMETERS = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
/** The client's tools: each answers from the city the model sent. */
const TOOLS: Record<string, (city: string) => string> = {
  get_weather: (city) => `Sunny, 21°C in ${city}`,
  get_time: (city) => `It is 12:00 in ${city}`,
};
/** The backend stand-in calls the tool the prompt names, with the word after "for" as its argument… */
const ASK = 'Use get_weather for Oslo';
/** …and answers this second question only from the tool result it finds in the history it is sent. */
const RECALL = 'What was the earlier tool result?';

function runTool(call: { name: string; arguments: string }): string {
  const { city } = JSON.parse(call.arguments) as { city: string };
  return TOOLS[call.name]!(city);
}

type Next = { user: string } | { toolResults: Array<{ callId: string; output: string }> };
interface Answer {
  text: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
}
/** One SDK holding a conversation in its own wire format: each ask sends the whole history plus the next turn. */
interface ConversationClient {
  ask(next: Next): Promise<Answer>;
}

function chatClient(openai: OpenAI, stream: boolean): ConversationClient {
  const history: ChatCompletionMessageParam[] = [];
  const tools = Object.keys(TOOLS).map((name) => ({ type: 'function' as const, function: { name, parameters: CITY_PARAMETERS } }));
  return {
    async ask(next) {
      if ('user' in next) history.push({ role: 'user', content: next.user });
      else history.push(...next.toolResults.map((result) => ({ role: 'tool' as const, tool_call_id: result.callId, content: result.output })));
      const request = { model: MODEL, messages: [...history], tools, reasoning_effort: 'low' as const };
      const completion = stream ? await openai.chat.completions.stream(request).finalChatCompletion() : await openai.chat.completions.create(request);
      const message = completion.choices[0]!.message;
      history.push(message);
      const toolCalls = (message.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : []));
      return { text: message.content ?? '', toolCalls };
    },
  };
}

function responsesClient(openai: OpenAI, stream: boolean): ConversationClient {
  const history: ResponseInputItem[] = [];
  const tools = Object.keys(TOOLS).map((name) => ({ type: 'function' as const, name, parameters: CITY_PARAMETERS, strict: false }));
  return {
    async ask(next) {
      if ('user' in next) history.push({ role: 'user', content: next.user });
      else history.push(...next.toolResults.map((result) => ({ type: 'function_call_output' as const, call_id: result.callId, output: result.output })));
      const request = { model: MODEL, input: [...history], tools, reasoning: { effort: 'low' as const, summary: 'auto' as const } };
      const response = stream ? await openai.responses.stream(request).finalResponse() : await openai.responses.create(request);
      // The SDK's documented way to go on without server state: the answer's output items, as they came, back in.
      history.push(...(response.output as ResponseInputItem[]));
      const toolCalls = response.output.flatMap((item) => (item.type === 'function_call' ? [{ id: item.call_id, name: item.name, arguments: item.arguments }] : []));
      return { text: response.output_text, toolCalls };
    },
  };
}

function messagesClient(anthropic: Anthropic, stream: boolean): ConversationClient {
  const history: Anthropic.MessageParam[] = [];
  const tools = Object.keys(TOOLS).map((name) => ({ name, input_schema: CITY_PARAMETERS as Anthropic.Tool.InputSchema }));
  return {
    async ask(next) {
      history.push({ role: 'user', content: 'user' in next ? next.user : next.toolResults.map((result) => ({ type: 'tool_result' as const, tool_use_id: result.callId, content: result.output })) });
      const request = { model: MODEL, max_tokens: 4096, messages: [...history], tools, thinking: { type: 'enabled' as const, budget_tokens: 1024 } };
      const message = stream ? await anthropic.messages.stream(request).finalMessage() : await anthropic.messages.create(request);
      history.push({ role: 'assistant', content: message.content });
      const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      const toolCalls = message.content.flatMap((block) => (block.type === 'tool_use' ? [{ id: block.id, name: block.name, arguments: JSON.stringify(block.input) }] : []));
      return { text, toolCalls };
    },
  };
}

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '')).join('') : '';

/** What the backend was sent, one line per input item, in order: a call and its output carry their call id. */
function transcriptOf(request: RecordedRequest): string[] {
  return inputOf(request).map((item) => {
    switch (item.type ?? 'message') {
      case 'message':
        return `${item.role}: ${textOf(item.content)}`;
      case 'function_call':
        return `call ${item.call_id} ${item.name} ${item.arguments}`;
      case 'function_call_output':
        return `output ${item.call_id} ${textOf(item.output)}`;
      case 'reasoning':
        return `reasoning ${item.encrypted_content}`;
      default:
        return String(item.type);
    }
  });
}

/**
 * Issue #16's Done-when for SDK clients on a ChatGPT (Codex) login: each SDK holds a whole tool conversation —
 * the user asks, the model calls the client's tool, the client sends the result, the model answers from it, and a
 * second question is answered from the history alone. The backend stand-in answers from what it is sent (and
 * refuses a tool result that answers no call, or an item id it never stored), so each answer proves the history
 * arrived; the test then reads the backend's requests to check that history item by item.
 */
describe('SDK tool conversations on a ChatGPT (Codex) login', () => {
  let stack: CodexStack;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const backendRequests = () => stack.backend.requests.filter((request) => request.path === '/backend-api/codex/responses');

  beforeAll(async () => {
    stack = await startCodexStack([ADA]);
    openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  /**
   * Each client, and which of the model's reasoning (its encrypted form) reaches the backend again: Responses and
   * Messages clients carry all of it back; Chat has no place for it, so Switchboard puts back what came before a tool call.
   */
  const clients: Array<[string, () => ConversationClient, { reasoningBack: 'all' | 'before tool calls' }]> = [
    ['Chat Completions', () => chatClient(openai, false), { reasoningBack: 'before tool calls' }],
    ['Chat Completions, streamed', () => chatClient(openai, true), { reasoningBack: 'before tool calls' }],
    ['Responses', () => responsesClient(openai, false), { reasoningBack: 'all' }],
    ['Responses, streamed', () => responsesClient(openai, true), { reasoningBack: 'all' }],
    ['Anthropic Messages', () => messagesClient(anthropic, false), { reasoningBack: 'all' }],
    ['Anthropic Messages, streamed', () => messagesClient(anthropic, true), { reasoningBack: 'all' }],
  ];

  it.each(clients)('%s: tool call, tool result, answer, then a question only the history answers', async (_name, start, { reasoningBack }) => {
    const client = start();
    const before = backendRequests().length;

    const first = await client.ask({ user: ASK });
    expect(first.toolCalls).toEqual([{ id: expect.any(String), name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
    const [call] = first.toolCalls;
    const result = runTool(call!);
    const second = await client.ask({ toolResults: [{ callId: call!.id, output: result }] });
    expect(second).toEqual({ text: `Tool result received: ${result}`, toolCalls: [] });
    const third = await client.ask({ user: RECALL });
    expect(third).toEqual({ text: `The earlier tool result was: ${result}`, toolCalls: [] });

    const sent = backendRequests().slice(before);
    expect(sent).toHaveLength(3);
    for (const request of sent) expect(request.headers['chatgpt-account-id']).toBe(ADA.accountId);
    // The backend's own call id ties the result to its call, turn after turn, whatever id the client saw; the
    // reasoning before each answer comes back as the backend wrote it (the stand-in refuses any it did not write).
    const [, secondTurn, thirdTurn] = sent.map(transcriptOf);
    const callId = /^call (\S+) /.exec(secondTurn!.find((line) => line.startsWith('call ')) ?? '')?.[1];
    expect(callId).toBeTruthy();
    const reasoning = thirdTurn!.filter((line) => line.startsWith('reasoning '));
    expect(reasoning).toEqual(Array.from({ length: reasoningBack === 'all' ? 2 : 1 }, () => expect.stringMatching(/^reasoning gAAAAB\S+$/)));
    const history = [`user: ${ASK}`, ...reasoning.slice(0, 1), `call ${callId} get_weather {"city":"Oslo"}`, `output ${callId} ${result}`, ...reasoning.slice(1), `assistant: Tool result received: ${result}`, `user: ${RECALL}`];
    const toolResultAt = history.indexOf(`output ${callId} ${result}`);
    expect(transcriptOf(sent[0]!)).toEqual(history.slice(0, 1));
    expect(secondTurn).toEqual(history.slice(0, toolResultAt + 1));
    expect(thirdTurn).toEqual(history);
  });

  it.each(clients)('%s: two tool calls in one turn, each result tied to its own call', async (_name, start) => {
    const client = start();
    const before = backendRequests().length;

    const first = await client.ask({ user: 'Use get_weather and get_time for Oslo, in parallel' });
    expect(first.toolCalls).toEqual([
      { id: expect.any(String), name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { id: expect.any(String), name: 'get_time', arguments: '{"city":"Oslo"}' },
    ]);
    const results = first.toolCalls.map((call) => ({ callId: call.id, output: runTool(call) }));
    const second = await client.ask({ toolResults: results });
    expect(second).toEqual({ text: `Tool result received: ${results.map((result) => result.output).join('\n')}`, toolCalls: [] });

    const sent = backendRequests().slice(before).map(transcriptOf);
    expect(sent).toHaveLength(2);
    const calls = sent[1]!.filter((line) => line.startsWith('call ')).map((line) => /^call (\S+) (\S+) /.exec(line)!.slice(1));
    expect(calls.map(([, name]) => name)).toEqual(['get_weather', 'get_time']);
    expect(new Set(calls.map(([id]) => id)).size).toBe(2);
    expect(sent[1]!.filter((line) => !line.startsWith('reasoning '))).toEqual([
      'user: Use get_weather and get_time for Oslo, in parallel',
      ...calls.map(([id, name]) => `call ${id} ${name} {"city":"Oslo"}`),
      `output ${calls[0]![0]} Sunny, 21°C in Oslo`,
      `output ${calls[1]![0]} It is 12:00 in Oslo`,
    ]);
    expect(sent[1]!.filter((line) => line.startsWith('reasoning '))).toHaveLength(1);
  });
});

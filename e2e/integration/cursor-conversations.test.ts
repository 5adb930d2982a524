/**
 * Issue #17's "done when" for conversations, against the Cursor agent stand-in on a Cursor login: every client
 * format (Chat Completions, Messages, Responses), whole and streamed, carries a two-turn conversation whose second
 * turn needs the first (the stand-in must receive it as history), and the `openai` SDK's own tool runner completes
 * a tool round trip, whole and streamed. The stand-in's default answer echoes the user's text and counts the
 * earlier messages it was sent.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRunRequest } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import type { RecordedRun } from '../stand-ins/cursor-agent.js';
import { startCursorStack, type CursorStack } from './cursor-stack.js';
import { TEST_API_KEY } from './harness.js';

/** What one run was sent: the earlier turns (role and text) and the user's new message. */
function sent(run: RecordedRun): { history: { role: string | undefined; text: string }[]; user: string } {
  const action = (run.runRequest as AgentRunRequest).action?.action;
  if (action?.case !== 'userMessageAction') throw new Error(`the run carries no user message (${action?.case ?? 'no action'})`);
  return {
    history: (action.value.history?.messages ?? []).map(({ message }) => ({
      role: message.case,
      text: (message.value?.content ?? []).map(({ content }) => content.value?.text ?? '').join(''),
    })),
    user: action.value.userMessage?.text ?? '',
  };
}

const FIRST = 'My name is Ada and my favourite number is 42.';
const SECOND = 'What is my favourite number?';
const echoOf = (text: string, earlier: number) => `You said: ${text} (after ${earlier} earlier messages)`;

describe('Cursor conversations: two turns in every client format, whole and streamed', () => {
  let stack: CursorStack;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    stack = await startCursorStack();
    openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  /** The run the second turn made carried the first turn (the user's text and the answer) as history. */
  function expectSecondRunCarriesFirst(firstAnswer: string): void {
    const second = sent(stack.agent.runs.at(-1)!);
    expect(second.user).toContain(SECOND);
    expect(second.history).toEqual([
      { role: 'user', text: expect.stringContaining(FIRST) as string },
      { role: 'assistant', text: expect.stringContaining(firstAnswer) as string },
    ]);
  }

  for (const streamed of [false, true]) {
    const how = streamed ? 'streamed' : 'whole';

    it(`Chat Completions, ${how}`, async () => {
      const ask = async (messages: ChatCompletionMessageParam[]) =>
        streamed ? openai.chat.completions.stream({ model: 'cursor-gpt-5', messages }).finalChatCompletion() : openai.chat.completions.create({ model: 'cursor-gpt-5', messages });
      const first = await ask([{ role: 'user', content: FIRST }]);
      const firstAnswer = first.choices[0]?.message.content ?? '';
      expect(firstAnswer).toBe(echoOf(FIRST, 0));
      const second = await ask([{ role: 'user', content: FIRST }, { role: 'assistant', content: firstAnswer }, { role: 'user', content: SECOND }]);
      expect(second.choices[0]?.message.content).toBe(echoOf(SECOND, 2));
      expect(second.choices[0]?.finish_reason).toBe('stop');
      expectSecondRunCarriesFirst(firstAnswer);
    });

    it(`Messages, ${how}`, async () => {
      const ask = async (messages: Anthropic.MessageParam[]) => {
        const request = { model: 'cursor-claude-4.5-sonnet', max_tokens: 500, messages };
        return streamed ? anthropic.messages.stream(request).finalMessage() : anthropic.messages.create(request);
      };
      const first = await ask([{ role: 'user', content: FIRST }]);
      const firstText = first.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      expect(firstText).toBe(echoOf(FIRST, 0));
      // The answer goes back as the client got it (Claude Code sends its thinking blocks back too).
      const second = await ask([{ role: 'user', content: FIRST }, { role: 'assistant', content: first.content }, { role: 'user', content: SECOND }]);
      expect(second.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('')).toBe(echoOf(SECOND, 2));
      expect(second.stop_reason).toBe('end_turn');
      expectSecondRunCarriesFirst(firstText);
    });

    it(`Responses, ${how}`, async () => {
      const ask = async (input: ResponseInputItem[]) =>
        streamed ? openai.responses.stream({ model: 'cursor-gpt-5', input }).finalResponse() : openai.responses.create({ model: 'cursor-gpt-5', input });
      const first = await ask([{ role: 'user', content: FIRST }]);
      expect(first.output_text).toBe(echoOf(FIRST, 0));
      // The first answer's output items go back as they came, the way the SDK's conversation state is kept without a store.
      const second = await ask([{ role: 'user', content: FIRST }, ...(first.output as ResponseInputItem[]), { role: 'user', content: SECOND }]);
      expect(second.output_text).toBe(echoOf(SECOND, 2));
      expectSecondRunCarriesFirst(first.output_text);
    });
  }
});

describe('Cursor tool round trip through the openai SDK’s tool runner', () => {
  let stack: CursorStack;
  let openai: OpenAI;

  beforeAll(async () => {
    stack = await startCursorStack();
    openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  for (const streamed of [false, true]) {
    it(`runs the tool Cursor called and answers with its result, ${streamed ? 'streamed' : 'whole'}`, async () => {
      const calls: { city: string }[] = [];
      const getWeather = {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          description: 'The weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          parse: (text: string) => JSON.parse(text) as { city: string },
          function: (args: { city: string }) => {
            calls.push(args);
            return `Sunny and 21 degrees in ${args.city}`;
          },
        },
      };
      const runsBefore = stack.agent.runs.length;
      // Run 1: Cursor calls the client's tool; run 2: the default echo answers the tool's result.
      stack.agent.answerNext({ steps: [{ mcpCall: { toolName: 'get_weather', args: { city: 'Oslo' } } }] });
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Oslo?' }];
      const runner = streamed
        ? openai.chat.completions.runTools({ model: 'cursor-gpt-5', messages, tools: [getWeather], stream: true })
        : openai.chat.completions.runTools({ model: 'cursor-gpt-5', messages, tools: [getWeather] });
      const answer = await runner.finalContent();

      expect(calls).toEqual([{ city: 'Oslo' }]);
      expect(answer).toContain('Sunny and 21 degrees in Oslo');
      const runs = stack.agent.runs.slice(runsBefore);
      expect(runs).toHaveLength(2);
      // The first run offered the tool to Cursor; the second carried the call and its result back.
      expect(runs[0]!.runRequest.mcpTools?.mcpTools.map((tool) => tool.toolName) ?? []).toContain('get_weather');
      const second = sent(runs[1]!);
      expect(JSON.stringify(second)).toContain('Sunny and 21 degrees in Oslo');
      expect(second.history[0]).toEqual({ role: 'user', text: expect.stringContaining('What is the weather in Oslo?') as string });
    });
  }
});

/** The official SDKs pointed at the running Switchboard, as a person's program would use them. */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { StackInfo } from './stack.js';

/** No retries: a refused request must fail at once, and a flaky one must not hide. */
export function anthropicClient(stack: StackInfo, apiKey: string): Anthropic {
  return new Anthropic({ baseURL: stack.url, apiKey, maxRetries: 0 });
}

export function openaiClient(stack: StackInfo, apiKey: string): OpenAI {
  return new OpenAI({ baseURL: `${stack.url}/v1`, apiKey, maxRetries: 0 });
}

/** One short Messages request; returns the reply's text. */
export async function askClaude(client: Anthropic, model: string, prompt: string): Promise<string> {
  const message = await client.messages.create({ model, max_tokens: 256, messages: [{ role: 'user', content: prompt }] });
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** One short Chat Completions request; returns the reply's text. */
export async function askChat(client: OpenAI, model: string, prompt: string): Promise<string> {
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] });
  return completion.choices[0]?.message.content ?? '';
}

/** The error a call rejects with, or a failure when it succeeds. */
export async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded but was expected to fail');
}

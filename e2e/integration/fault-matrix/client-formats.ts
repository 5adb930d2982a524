import { createParser } from 'eventsource-parser';
import { expect } from 'vitest';

/**
 * What a client saw, read strictly: anything that is not well-formed in the client's own format fails the test
 * while it is read (a stream cut off mid-event, an error body of the wrong shape, a 200 without its ending).
 */
export type Seen =
  /** A whole answer: the JSON of a complete response, or a stream that ended with its terminal event. */
  | { kind: 'answer' }
  /** An error answer (no stream began): its status and the error the body carries. */
  | { kind: 'error'; status: number; type: string; message: string }
  /**
   * A 200 stream that ended with an error in the client's format, as its last word. A Chat stream says whether
   * `[DONE]` followed the error (Switchboard's own error chunk is followed by one; an upstream's, passed through, as
   * the upstream sent it).
   */
  | { kind: 'stream-error'; type: string; message: string; done?: boolean };

export interface ClientFormat {
  name: string;
  path: string;
  stream: boolean;
  /** The wire format of its answers: Anthropic clients parse Anthropic's errors, everyone else OpenAI's. */
  shape: 'anthropic' | 'openai';
  body(model: string): object;
  read(response: Response): Promise<Seen>;
}

const PROMPT = 'a long answer please';

export const CLIENT_FORMATS: readonly ClientFormat[] = [
  {
    name: '/v1/messages',
    path: '/v1/messages',
    stream: false,
    shape: 'anthropic',
    body: (model) => ({ model, max_tokens: 256, messages: [{ role: 'user', content: PROMPT }] }),
    read: (response) =>
      readWhole(response, readAnthropicError, (json) => {
        expect(json).toMatchObject({ type: 'message', role: 'assistant', content: expect.arrayContaining([expect.objectContaining({ type: 'text' })]) });
      }),
  },
  {
    name: '/v1/messages stream',
    path: '/v1/messages',
    stream: true,
    shape: 'anthropic',
    body: (model) => ({ model, max_tokens: 256, stream: true, messages: [{ role: 'user', content: PROMPT }] }),
    read: (response) => readStream(response, readAnthropicError, readAnthropicEvents),
  },
  {
    name: '/v1/chat/completions',
    path: '/v1/chat/completions',
    stream: false,
    shape: 'openai',
    body: (model) => ({ model, messages: [{ role: 'user', content: PROMPT }] }),
    read: (response) =>
      readWhole(response, readOpenAIError, (json) => {
        expect(json).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: expect.any(String) }, finish_reason: expect.any(String) }] });
      }),
  },
  {
    name: '/v1/chat/completions stream',
    path: '/v1/chat/completions',
    stream: true,
    shape: 'openai',
    body: (model) => ({ model, stream: true, messages: [{ role: 'user', content: PROMPT }] }),
    read: (response) => readStream(response, readOpenAIError, readChatEvents),
  },
  {
    name: '/v1/responses',
    path: '/v1/responses',
    stream: false,
    shape: 'openai',
    body: (model) => ({ model, input: PROMPT }),
    read: (response) =>
      readWhole(response, readOpenAIError, (json) => {
        expect(json).toMatchObject({ object: 'response', status: 'completed', output: expect.arrayContaining([expect.objectContaining({ type: 'message' })]) });
      }),
  },
  {
    name: '/v1/responses stream',
    path: '/v1/responses',
    stream: true,
    shape: 'openai',
    body: (model) => ({ model, stream: true, input: PROMPT }),
    read: (response) => readStream(response, readOpenAIError, readResponsesEvents),
  },
];

type ErrorReader = (status: number, json: unknown) => Seen;

async function readWhole(response: Response, readError: ErrorReader, checkAnswer: (json: unknown) => void): Promise<Seen> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const json: unknown = JSON.parse(await response.text());
  if (response.status !== 200) return readError(response.status, json);
  checkAnswer(json);
  return { kind: 'answer' };
}

async function readStream(response: Response, readError: ErrorReader, readEvents: (events: SseEvent[]) => Seen): Promise<Seen> {
  if (response.status !== 200) return readWhole(response, readError, () => {});
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await response.text();
  // Whatever broke upstream, the client's stream ends on a frame boundary.
  expect(text.endsWith('\n\n')).toBe(true);
  return readEvents(parseEvents(text));
}

interface SseEvent {
  event: string | undefined;
  data: string;
}

function parseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => events.push({ event: event.event, data: event.data }) });
  parser.feed(text);
  return events;
}

function readAnthropicError(status: number, json: unknown): Seen {
  expect(json).toEqual({ type: 'error', error: { type: expect.any(String), message: expect.any(String) }, request_id: expect.any(String) });
  const { error } = json as { error: { type: string; message: string } };
  return { kind: 'error', status, type: error.type, message: error.message };
}

function readOpenAIError(status: number, json: unknown): Seen {
  expect(json).toEqual({ error: { message: expect.any(String), type: expect.any(String), param: null, code: expect.toSatisfy((code) => code === null || typeof code === 'string') } });
  const { error } = json as { error: { type: string; message: string } };
  return { kind: 'error', status, type: error.type, message: error.message };
}

/** Every event named after its JSON's type; message_start first; message_stop or an error event last, nothing after. */
function readAnthropicEvents(events: SseEvent[]): Seen {
  const payloads = events.map(({ event, data }) => {
    const json = JSON.parse(data) as { type: string };
    expect(event).toBe(json.type);
    return json;
  });
  expect(payloads[0]?.type).toBe('message_start');
  const last = payloads.at(-1)!;
  if (last.type === 'message_stop') return { kind: 'answer' };
  expect(last).toEqual({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
  expect(payloads.filter((payload) => payload.type === 'error')).toHaveLength(1);
  const { error } = last as unknown as { error: { type: string; message: string } };
  return { kind: 'stream-error', type: error.type, message: error.message };
}

/**
 * JSON chunks ending in [DONE]; an answer has a finish_reason, an error is one error chunk right before [DONE] — or
 * last of all, where the upstream's own error chunk was passed through as OpenAI ends a stream with one.
 */
function readChatEvents(events: SseEvent[]): Seen {
  const done = events.at(-1)?.data === '[DONE]';
  const chunks = (done ? events.slice(0, -1) : events).map(({ event, data }) => {
    expect(event).toBeUndefined(); // Chat streams name no events
    return JSON.parse(data) as { error?: { type: string; message: string }; choices?: { finish_reason: string | null }[] };
  });
  const errors = chunks.filter((chunk) => chunk.error);
  if (errors.length === 0) {
    expect(done).toBe(true);
    expect(chunks.some((chunk) => chunk.choices?.some((choice) => choice.finish_reason !== null))).toBe(true);
    return { kind: 'answer' };
  }
  expect(errors).toHaveLength(1);
  expect(chunks.at(-1)).toBe(errors[0]);
  const { error } = errors[0]!;
  expect(error).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  return { kind: 'stream-error', type: error!.type, message: error!.message, done };
}

/** Numbered events named after their type; response.created first; response.completed, or error then response.failed, last. */
function readResponsesEvents(events: SseEvent[]): Seen {
  const payloads = events.map(({ event, data }, index) => {
    const json = JSON.parse(data) as { type: string; sequence_number: number };
    expect([event, json.sequence_number]).toEqual([json.type, index]);
    return json;
  });
  expect(payloads[0]?.type).toBe('response.created');
  const last = payloads.at(-1)!;
  if (last.type === 'response.completed') return { kind: 'answer' };
  expect(last).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: expect.any(String), message: expect.any(String) } } });
  const error = payloads.at(-2) as unknown as { type: string; code: string; message: string };
  expect(error).toMatchObject({ type: 'error', code: expect.any(String), message: expect.any(String) });
  return { kind: 'stream-error', type: error.code, message: error.message };
}

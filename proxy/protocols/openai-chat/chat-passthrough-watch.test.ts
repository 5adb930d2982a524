import { describe, expect, it } from 'vitest';
import type { IRError } from '../../wire/ir.js';
import { recordedLines, recordedText } from '../__fixtures__/recorded.js';
import { chatPassthroughWatch } from './chat-passthrough-watch.js';

const encoder = new TextEncoder();
const sse = (...datas: string[]) => datas.map((data) => `data: ${data}\n\n`).join('');

function watchStream(text: string, pieceSize = 7) {
  const errors: IRError[] = [];
  const watch = chatPassthroughWatch({ eventStream: true, onErrorEvent: (error) => errors.push(error) });
  const bytes = encoder.encode(text);
  let fault: IRError | null = null;
  for (let at = 0; at < bytes.length && !fault; at += pieceSize) fault = watch.feed(bytes.subarray(at, at + pieceSize));
  return { watch, fault, errors };
}

const recorded = recordedLines('./__fixtures__/openai-text.chunks.txt', import.meta.url).map((chunk) => JSON.stringify(chunk));

describe('chatPassthroughWatch', () => {
  it('reads the usage of a recorded stream on the way and finds it whole at [DONE]', () => {
    const { watch, fault } = watchStream(sse(...recorded, '[DONE]'));
    expect(fault).toBeNull();
    expect(watch.end()).toBeNull();
    expect(watch.usage()).toEqual({ inputTokens: 16, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false });
  });

  it('finds a stream whole after a finish_reason without [DONE], incomplete before one', () => {
    const finishAt = recorded.findIndex((line) => line.includes('"finish_reason":"stop"'));
    expect(watchStream(sse(...recorded.slice(0, finishAt + 1))).watch.end()).toBeNull();
    const cut = watchStream(sse(...recorded.slice(0, finishAt)));
    expect(cut.watch.end()).toMatchObject({ kind: 'api_error', status: 502, message: expect.stringMatching(/ended before/) });
    expect(cut.watch.usage()).toBeNull();
  });

  it('reports the error event inside a stream (the client saw it) and counts the stream as ended', () => {
    const { watch, fault, errors } = watchStream(sse(recorded[0]!, JSON.stringify({ error: { message: 'Overloaded', type: 'server_error', code: null } })));
    expect(fault).toBeNull();
    expect(errors).toEqual([{ kind: 'api_error', status: 500, message: 'Overloaded' }]);
    expect(watch.end()).toBeNull();
  });

  it('faults on data that is not JSON or not a chunk, so it is not passed on', () => {
    expect(watchStream(sse(recorded[0]!, '{"id":"x","cho')).fault).toMatchObject({ status: 502, message: expect.stringMatching(/not JSON/) });
    expect(watchStream(sse(recorded[0]!, JSON.stringify({ choices: [{ delta: { content: 1 } }] }))).fault).toMatchObject({ message: expect.stringMatching(/malformed chat.completion.chunk/) });
  });

  it('reads a whole body: its usage; a body that is not a completion is a fault', () => {
    const body = chatPassthroughWatch({ eventStream: false, onErrorEvent: () => {} });
    body.feed(encoder.encode(recordedText('./__fixtures__/openai-text.json', import.meta.url)));
    expect(body.end()).toBeNull();
    expect(body.usage()).toMatchObject({ inputTokens: 16, outputTokens: 363 });
    const half = chatPassthroughWatch({ eventStream: false, onErrorEvent: () => {} });
    half.feed(encoder.encode('{"id":"chatcmpl-1","choices":[{"mess'));
    expect(half.end()).toMatchObject({ status: 502, message: expect.stringMatching(/not JSON/) });
    const wrong = chatPassthroughWatch({ eventStream: false, onErrorEvent: () => {} });
    wrong.feed(encoder.encode('{"object":"list","data":[]}'));
    expect(wrong.end()).toMatchObject({ status: 502, message: expect.stringMatching(/not a whole chat.completion/) });
  });
});

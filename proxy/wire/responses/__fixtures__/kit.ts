import { readFileSync } from 'node:fs';
import type { IREvent, IRUsage } from '../../ir.js';
import { formatSse } from '../../sse.js';
import { translateAll } from '../../stream-translator.js';
import type { RenderContext } from '../../wire-format.js';
import { parseResponsesRequest } from '../parse-responses-request.js';
import { responsesStreamRenderer } from '../render-responses-stream.js';

/** Test helpers for the Responses renderers (not shipped code paths). */

export type JsonObject = Record<string, unknown>;

export function contextFor(body: JsonObject): RenderContext {
  const { request } = parseResponsesRequest({ model: 'claude-sonnet-4-6', input: 'hi', ...body });
  return { requestedModel: request.model, created: 1_760_000_000, responseId: 'resp_test', request };
}

export interface RenderedEvent {
  event: string;
  data: JsonObject;
}

export function renderStream(context: RenderContext, events: IREvent[]): RenderedEvent[] {
  return translateAll(responsesStreamRenderer(context), events).map((frame) => ({ event: frame.event, data: JSON.parse(frame.data) as JsonObject }));
}

export function sseText(context: RenderContext, events: IREvent[]): string {
  return translateAll(responsesStreamRenderer(context), events).map(formatSse).join('');
}

export function usage(partial: Partial<IRUsage> = {}): IRUsage {
  return { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null, estimated: false, ...partial };
}

/** A recorded `*.chunks.txt`, split into its streams (each begins with `response.created`). */
export function recordedStreams(name: string): JsonObject[][] {
  const events = readFileSync(new URL(name, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as JsonObject);
  const streams: JsonObject[][] = [];
  for (const event of events) {
    if (event['type'] === 'response.created' || streams.length === 0) streams.push([]);
    streams.at(-1)?.push(event);
  }
  return streams;
}

export function recordedJson(name: string): JsonObject {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as JsonObject;
}

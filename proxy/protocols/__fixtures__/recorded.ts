import { readFileSync } from 'node:fs';
import type { ParsedSseEvent } from '../../wire/sse.js';
import { DEFAULT_EVENT } from '../../wire/sse.js';

/** Test helpers shared by the protocol tests (not shipped code paths). */

export type JsonObject = Record<string, unknown>;

/** The JSON lines of a recorded `*.chunks.txt` beside `base` (a test's import.meta.url and a relative path). */
export function recordedLines(path: string, base: string): JsonObject[] {
  return readFileSync(new URL(path, base), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as JsonObject);
}

export function recordedText(path: string, base: string): string {
  return readFileSync(new URL(path, base), 'utf8');
}

export function recordedJson(path: string, base: string): JsonObject {
  return JSON.parse(recordedText(path, base)) as JsonObject;
}

/** Chat chunks as the SSE events a Chat upstream sends (no event names), ending with `[DONE]` unless told. */
export function chatSse(chunks: readonly unknown[], options: { done?: boolean } = {}): ParsedSseEvent[] {
  const events = chunks.map((chunk) => ({ event: DEFAULT_EVENT, data: JSON.stringify(chunk) }));
  return options.done === false ? events : [...events, { event: DEFAULT_EVENT, data: '[DONE]' }];
}

/** Responses events as their SSE events (the event name is the payload's type, as OpenAI sends it). */
export function responsesSse(events: readonly JsonObject[]): ParsedSseEvent[] {
  return events.map((event) => ({ event: String(event['type']), data: JSON.stringify(event) }));
}

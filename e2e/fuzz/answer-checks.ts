/**
 * The properties every answer must have, whatever was sent: an HTTP answer (no broken connection, no hang),
 * never a 5xx (the stand-ins are never told to fail, so a 5xx is the request's doing), a request id, JSON in the
 * endpoint's shape — Anthropic's error on /v1/messages*, OpenAI's everywhere else, the admin API included —, a
 * success body of the endpoint's kind (a stream that ends with its terminal event), and no 2xx for a caller
 * who may not have one.
 */
import type { Endpoint, Success } from './endpoints.js';
import type { Caller } from './fuzz-stack.js';
import type { Answer } from './send.js';

export type ErrorShape = 'anthropic' | 'openai';

export interface SentRequest {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  headers?: Record<string, string>;
  caller: Caller;
  /** The endpoint the method and path reach; null for none. */
  route: Pick<Endpoint, 'access' | 'success'> | null;
}

/**
 * Anthropic's shape for everything under the Messages API's name (Express routes paths case-insensitively, and
 * repeated slashes read as one), and for the model list when the caller names an Anthropic API version (as the
 * Anthropic SDK always does); OpenAI's everywhere else.
 */
export function expectedErrorShape(path: string, headers: Record<string, string> = {}): ErrorShape {
  const route = (path.split('?')[0] ?? '').replace(/\/{2,}/g, '/').toLowerCase();
  if (route.startsWith('/v1/messages')) return 'anthropic';
  const modelList = route === '/v1/models' || route.startsWith('/v1/models/');
  const namesVersion = Object.keys(headers).some((name) => name.toLowerCase() === 'anthropic-version');
  return modelList && namesVersion ? 'anthropic' : 'openai';
}

/** What is wrong with an answer; empty when nothing is. */
export function problemsWith(sent: SentRequest, answer: Answer): string[] {
  if (answer.transportError) return [`no HTTP answer: ${answer.transportError}`];
  const problems: string[] = [];
  // A CSV export streams as much as the range holds; every other answer is bounded.
  if (answer.truncated && sent.route?.success !== 'csv') problems.push('the answer is larger than 16 MB');
  if (answer.status >= 500) problems.push(`status ${answer.status}: a 5xx caused by the request (the upstream stand-ins were not told to fail)`);
  else if (answer.status < 200 || (answer.status >= 300 && answer.status < 400)) problems.push(`status ${answer.status}: neither a success nor a client error`);
  if (!answer.headers['x-request-id']) problems.push('no x-request-id header');
  if (answer.status >= 200 && answer.status < 300) problems.push(...successProblems(sent, answer));
  else if (sent.method !== 'HEAD') problems.push(...errorShapeProblems(answer.status === 431 ? PARSER_REFUSAL_SHAPES : [expectedErrorShape(sent.path, sent.headers)], answer));
  return problems;
}

function accessProblems(route: Pick<Endpoint, 'access'>, caller: Caller): string[] {
  if (route.access === 'public') return [];
  if (caller === 'none' || caller === 'stranger') return [`a 2xx for a request without a valid key (${caller})`];
  if (route.access === 'admin' && caller === 'client') return ['a 2xx from the admin API for a client key'];
  if (route.access === 'owner' && caller !== 'owner') return [`a 2xx for the ${caller} key where only the owner key may act`];
  return [];
}

/**
 * Headers over Node's limit (431) are refused by its HTTP parser, before any route: the answer may then be in the
 * OpenAI shape whatever the path, since the path may be unknown (the lead's call for the server's clientError).
 */
const PARSER_REFUSAL_SHAPES: readonly ErrorShape[] = ['anthropic', 'openai'];

export function errorShapeProblems(shapes: readonly ErrorShape[], answer: Answer): string[] {
  const body = parsedJson(answer);
  if (!body.ok) return [`the error body is not JSON (content-type ${String(answer.headers['content-type'])}): ${preview(answer.body)}`];
  if (!String(answer.headers['content-type'] ?? '').includes('application/json')) {
    return [`the error's content-type is ${String(answer.headers['content-type'])}, not application/json`];
  }
  const value = body.value as Record<string, unknown> | null;
  if (shapes.some((shape) => IN_SHAPE[shape](value))) return [];
  const expected = shapes.map((shape) => SHAPE_DESCRIPTIONS[shape]).join(' or ');
  return [`not ${expected}: ${preview(answer.body)}`];
}

const IN_SHAPE: Record<ErrorShape, (value: Record<string, unknown> | null) => boolean> = {
  anthropic: (value) => {
    const error = value?.error;
    return value?.type === 'error' && isObject(error) && typeof error.type === 'string' && typeof error.message === 'string';
  },
  openai: (value) => {
    const error = value?.error;
    return isObject(error) && typeof error.message === 'string' && typeof error.type === 'string' && 'param' in error && 'code' in error;
  },
};

const SHAPE_DESCRIPTIONS: Record<ErrorShape, string> = {
  anthropic: 'an Anthropic error ({"type":"error","error":{"type","message"}})',
  openai: 'an OpenAI error ({"error":{"message","type","param","code"}})',
};

function successProblems(sent: SentRequest, answer: Answer): string[] {
  // A CORS preflight from a local page: answered by the CORS layer, without a body.
  if (sent.method === 'OPTIONS') return answer.status === 204 ? [] : [`OPTIONS answered ${answer.status}`];
  const { route } = sent;
  if (!route) return [`a ${answer.status} for ${sent.method} on a path no endpoint serves that way`];
  const denied = accessProblems(route, sent.caller);
  if (denied.length > 0 || sent.method === 'HEAD') return denied;
  const contentType = String(answer.headers['content-type'] ?? '');
  if (contentType.includes('text/event-stream')) return streamProblems(route.success, answer.body.toString('utf8'));
  if (route.success === 'csv') return contentType.includes('text/csv') ? [] : [`a CSV export answered with content-type ${contentType}`];
  const body = parsedJson(answer);
  if (!body.ok) return [`the ${answer.status} body is not JSON (content-type ${contentType}): ${preview(answer.body)}`];
  const value = body.value as Record<string, unknown> | null;
  const expect = (ok: boolean, what: string) => (ok ? [] : [`a ${answer.status} that is not ${what}: ${preview(answer.body)}`]);
  switch (route.success) {
    case 'anthropic-message':
      return expect(value?.type === 'message' && Array.isArray(value.content), 'an Anthropic message');
    case 'count-tokens':
      return expect(typeof value?.input_tokens === 'number', 'a token count');
    case 'chat-completion':
      return expect(value?.object === 'chat.completion' && Array.isArray(value.choices), 'a chat completion');
    case 'response':
      return expect(value?.object === 'response' && Array.isArray(value.output), 'a Responses response');
    case 'models':
      return expect(value?.object === 'list' && Array.isArray(value.data), 'a model list');
    case 'health':
      return expect(value?.status === 'ok', 'a health report');
    case 'json':
      return expect(isObject(value), 'a JSON object');
  }
}

/** The SSE event that ends a stream of each kind (an error event ends any). */
const TERMINAL_EVENTS: Partial<Record<Success, readonly string[]>> = {
  'anthropic-message': ['message_stop', 'error'],
  response: ['response.completed', 'response.incomplete', 'response.failed', 'error'],
};

/** Every event's data is JSON (or Chat's `[DONE]`), and the stream ends the way its protocol ends one. */
export function streamProblems(success: Success, text: string): string[] {
  const events = text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => ({
      name: /^event:\s?(.*)$/m.exec(block)?.[1] ?? null,
      data: block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n'),
    }))
    .filter((event) => event.data !== '' || event.name !== null);
  if (events.length === 0) return ['an empty event stream'];
  for (const event of events) {
    if (event.data === '[DONE]') continue;
    try {
      JSON.parse(event.data);
    } catch {
      return [`a stream event whose data is not JSON: ${event.data.slice(0, 200)}`];
    }
  }
  const last = events.at(-1)!;
  if (success === 'chat-completion') {
    const ended = last.data === '[DONE]' || (safeJson(last.data) as { error?: unknown } | null)?.error !== undefined;
    return ended ? [] : [`a Chat stream that ends without [DONE] or an error: ${last.data.slice(0, 200)}`];
  }
  const terminal = TERMINAL_EVENTS[success];
  if (terminal && !terminal.includes(last.name ?? '')) return [`a stream that ends with "${last.name}" instead of one of ${terminal.join(', ')}`];
  return [];
}

function parsedJson(answer: Answer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: answer.json() };
  } catch {
    return { ok: false };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function preview(body: Buffer): string {
  const text = body.toString('utf8');
  return text.length > 300 ? `${text.slice(0, 300)}… (${body.length} bytes)` : text || '(empty)';
}

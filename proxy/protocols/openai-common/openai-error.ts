import { z } from 'zod';
import type { Failure, FailureClass } from '../../upstream/failure.js';
import { parseRetryAfter } from '../../upstream/retry-after.js';
import type { IRError } from '../../wire/ir.js';
import { rateLimitResetFromHeaders } from './rate-limit-reset.js';

/**
 * What an error answer of an OpenAI-style API (OpenAI itself, and the compatible servers: OpenRouter, vLLM,
 * Ollama, LM Studio) means for the key and for the client. Shared by the Chat Completions and Responses protocols,
 * whose error bodies are the same: `{"error": {"message", "type", "param", "code"}}`.
 */
export type OpenAIErrorClass = 'auth' | 'permission' | 'quota_exhausted' | 'rate_limited' | 'overloaded' | 'server_error' | 'not_found' | 'bad_request';

export interface ClassifiedOpenAIError {
  kind: OpenAIErrorClass;
  type: string | null;
  code: string | null;
  message: string | null;
}

const code = z.union([z.string(), z.number()]).nullish();
const errorObjectSchema = z.looseObject({ message: z.string().nullish(), type: z.string().nullish(), code });
/** OpenAI's shape `{"error": {…}}`; compatible servers also answer `{"error": "text"}` or vLLM's flat `{message, type, code}`. */
const wrappedSchema = z.looseObject({ error: z.union([errorObjectSchema, z.string()]) });

export function classifyOpenAIError(status: number, bodyText: string): ClassifiedOpenAIError {
  const { type, code, message } = readErrorBody(bodyText);
  return { kind: classify(status, type, code), type, code, message };
}

/** The error object of a body (or of an error event inside a stream), whatever its exact shape. */
export function readErrorBody(text: string): { type: string | null; code: string | null; message: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { type: null, code: null, message: null };
  }
  return readErrorObject(json);
}

export function readErrorObject(json: unknown): { type: string | null; code: string | null; message: string | null } {
  const wrapped = wrappedSchema.safeParse(json);
  const error = wrapped.success ? wrapped.data.error : errorObjectSchema.safeParse(json).data;
  if (error === undefined) return { type: null, code: null, message: null };
  if (typeof error === 'string') return { type: null, code: null, message: error };
  return { type: error.type ?? null, code: error.code == null ? null : String(error.code), message: error.message ?? null };
}

function classify(status: number, type: string | null, code: string | null): OpenAIErrorClass {
  if (status === 401 || code === 'invalid_api_key') return 'auth';
  // OpenAI answers a used-up balance with 429 insufficient_quota: no window resets it, only billing does.
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return 'quota_exhausted';
  if (status === 403) return 'permission';
  if (status === 429) return 'rate_limited';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'server_error';
  if (status === 404) return 'not_found';
  return 'bad_request';
}

const EXPLANATIONS: Record<OpenAIErrorClass, string> = {
  auth: 'the upstream refused the API key',
  permission: 'the API key may not do this (organization, project or region)',
  quota_exhausted: "the API key's quota is used up: its billing must be topped up",
  rate_limited: "the API key's rate limit is reached",
  overloaded: 'the upstream is overloaded; retry later',
  server_error: 'the upstream had an internal error; retry later',
  not_found: 'the upstream does not know this model or endpoint',
  bad_request: 'the upstream refused the request itself',
};

const IR_KINDS: Record<OpenAIErrorClass, IRError['kind']> = {
  auth: 'authentication',
  permission: 'permission',
  quota_exhausted: 'rate_limit',
  rate_limited: 'rate_limit',
  overloaded: 'overloaded',
  server_error: 'api_error',
  not_found: 'not_found',
  bad_request: 'invalid_request',
};

/** An error answer as an IR error, keeping the upstream's own message (it is the most precise). */
export function openAIErrorToIr(status: number, bodyText: string): IRError {
  const classified = classifyOpenAIError(status, bodyText);
  return { kind: IR_KINDS[classified.kind], status, message: classified.message ?? `${EXPLANATIONS[classified.kind]} (HTTP ${status})` };
}

/** The IR error of an error event inside a 200 stream (it has no status of its own: the type and code say). */
export function openAIStreamErrorToIr(json: unknown): IRError {
  const { type, code, message } = readErrorObject(json);
  const status = code === 'rate_limit_exceeded' || type === 'rate_limit_error' || code === 'insufficient_quota' ? 429 : type === 'invalid_request_error' ? 400 : 500;
  const kind = classify(status, type, code);
  return { kind: IR_KINDS[kind], status, message: message ?? code ?? type ?? EXPLANATIONS[kind] };
}

const FAILURE_CLASSES: Record<OpenAIErrorClass, FailureClass> = {
  auth: 'auth',
  permission: 'permission',
  quota_exhausted: 'quota_exhausted',
  rate_limited: 'rate_limit',
  overloaded: 'overloaded',
  server_error: 'overloaded',
  not_found: 'bad_request',
  bad_request: 'bad_request',
};

/**
 * An error answer as a failure of the key: a rate limit waits for `retry-after` (or the x-ratelimit-reset-* of the
 * limit that ran out); a used-up quota waits for a person, so it names no time.
 */
export function classifyOpenAIFailure(status: number, headers: Headers, bodyText: string, now: number = Date.now()): Failure {
  const classified = classifyOpenAIError(status, bodyText);
  const failureClass = FAILURE_CLASSES[classified.kind];
  const explanation = EXPLANATIONS[classified.kind];
  switch (failureClass) {
    case 'rate_limit': {
      const retryAfter = parseRetryAfter(headers, now);
      const reset = rateLimitResetFromHeaders(headers, now);
      const retryAt = retryAfter !== null ? new Date(now + retryAfter) : (reset?.resetsAt ?? null);
      return { class: 'rate_limit', retryAt, reason: reset ? `${reset.limit} rate limit` : 'rate limited' };
    }
    case 'overloaded': {
      const retryAfter = parseRetryAfter(headers, now);
      return { class: 'overloaded', retryAt: retryAfter !== null ? new Date(now + retryAfter) : null, reason: explanation };
    }
    case 'quota_exhausted':
      return { class: 'quota_exhausted', retryAt: null, reason: explanation };
    default:
      return { class: failureClass, retryAt: null, reason: classified.message ?? explanation };
  }
}

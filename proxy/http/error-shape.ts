import type { Request, Response } from 'express';
import { boundText, MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH } from '../bounded-text.js';
import { anthropicErrorType } from '../wire/anthropic/anthropic-error.js';
import { openAIErrorType } from '../wire/chat/chat-error.js';
import type { IRError } from '../wire/ir.js';
import { responsesErrorDetail } from '../wire/responses/responses-error.js';
import { formatSse, jsonFrame } from '../wire/sse.js';
import { ownerMessage, type ApiError, type ErrorKind } from './api-error.js';
import type { StreamSoFar } from './relay.js';
import { showsAccounts } from './security/account-visibility.js';

/** Which wire format a path answers in. Anthropic clients parse Anthropic errors; everyone else OpenAI's. */
export type ErrorShape = 'anthropic' | 'openai';

/**
 * Anthropic's Messages API and everything under its name (`/v1/messages*`: count_tokens, batches, a path that does
 * not exist), matched as Express routes (case-insensitively) and with repeated slashes as one.
 */
const ANTHROPIC_PATH = /^\/v1\/messages/i;
/** Endpoints both families of clients call. */
const SHARED_PATH = /^\/v1\/models(\/|$)/i;

/** The shape for a request, from its full path (mounted routers see only part of it in req.path). */
export function errorShapeFor(req: Pick<Request, 'originalUrl'> & { headers?: Request['headers'] }): ErrorShape {
  const path = (req.originalUrl.split('?')[0] ?? '/').replace(/\/{2,}/g, '/');
  if (ANTHROPIC_PATH.test(path)) return 'anthropic';
  // The model list serves both SDKs: the Anthropic one names its API version on every call, OpenAI's never does.
  return SHARED_PATH.test(path) && req.headers?.['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

/**
 * The error `type` names come from the wire formats (one vocabulary whichever layer answers); the two kinds only
 * the HTTP layer has are named here.
 */
function anthropicType(kind: ErrorKind): string {
  if (kind === 'request_too_large') return 'request_too_large';
  if (kind === 'unavailable') return 'api_error';
  return anthropicErrorType(kind);
}

function openAIType(kind: ErrorKind): string {
  if (kind === 'request_too_large') return 'invalid_request_error';
  if (kind === 'unavailable') return 'server_error';
  return openAIErrorType(kind);
}

/** Anthropic's error object: the body of an error answer (with its request id) and the data of a stream's error event. */
function anthropicError(error: ApiError, message = error.message) {
  return { type: 'error', error: { type: anthropicType(error.kind), message } };
}

function openAIErrorBody(error: ApiError, message: string): object {
  return {
    error: {
      message,
      type: openAIType(error.kind),
      param: error.options.param === undefined ? null : boundText(error.options.param, MAX_NAME_LENGTH), // a field's name may be the client's own text
      code: error.options.code ?? null,
    },
  };
}

/** Anthropic's mid-stream error event (the SSE form of the same body). */
export function anthropicErrorEvent(error: ApiError): string {
  return formatSse(jsonFrame('error', anthropicError(error, boundText(error.message, MAX_MESSAGE_LENGTH))));
}

/** Chat Completions' mid-stream error: a data-only event with the error body, as OpenAI sends it, then `[DONE]` as every Chat stream ends. */
export function chatErrorEvent(error: ApiError): string {
  return `data: ${JSON.stringify(openAIErrorBody(error, boundText(error.message, MAX_MESSAGE_LENGTH)))}\n\ndata: [DONE]\n\n`;
}

/**
 * The Responses API's mid-stream failure, numbered on from the events the client was passed: an `error` event, then
 * `response.failed` with the response the stream opened with (response.created's) — the Codex CLI reads the
 * failure there, and strict readers the sequence numbers.
 */
export function responsesErrorEvent(error: ApiError, sent: StreamSoFar): string {
  const detail = responsesErrorDetail(irErrorOf(error, boundText(error.message, MAX_MESSAGE_LENGTH)));
  const sequence = sequenceAfter(sent);
  const opened = jsonOf(sent.first)?.['response'];
  const response = { ...(typeof opened === 'object' && opened !== null ? opened : { object: 'response', output: [] }), status: 'failed', error: { code: detail.code, message: detail.message } };
  return (
    formatSse(jsonFrame('error', { type: 'error', code: detail.code, message: detail.message, param: null, error: detail, sequence_number: sequence })) +
    formatSse(jsonFrame('response.failed', { type: 'response.failed', response, sequence_number: sequence + 1 }))
  );
}

/** The error as the wire formats know it: a kind only the HTTP layer has is read as its nearest one. */
function irErrorOf(error: ApiError, message: string): IRError {
  const kind = error.kind === 'request_too_large' ? 'invalid_request' : error.kind === 'unavailable' ? 'api_error' : error.kind;
  return { kind, status: error.status, message };
}

function sequenceAfter(sent: StreamSoFar): number {
  const last = jsonOf(sent.last)?.['sequence_number'];
  return typeof last === 'number' ? last + 1 : sent.events;
}

function jsonOf(event: { data: string } | null): Record<string, unknown> | null {
  if (!event) return null;
  try {
    const json: unknown = JSON.parse(event.data);
    return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The JSON body of an error answer in the given shape (the request id goes into Anthropic's; OpenAI's has no field for it). */
export function errorBody(error: ApiError, shape: ErrorShape, requestId: string, message = error.message): object {
  return shape === 'anthropic' ? { ...anthropicError(error, message), request_id: requestId } : openAIErrorBody(error, message);
}

export function sendApiError(res: Response, error: ApiError, shape: ErrorShape): void {
  const requestId = String(res.getHeader('x-request-id') ?? '');
  res.locals.errorMessage = ownerMessage(error); // for the usage event of this request
  // A message may quote the request (a path, a field's name): an answer never repeats megabytes of it.
  const message = boundText(showsAccounts(res.locals) ? ownerMessage(error) : error.message, MAX_MESSAGE_LENGTH);
  if (error.options.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(Math.max(1, Math.ceil(error.options.retryAfterSeconds))));
  // Switchboard refusing the caller's own key is final: Claude Code and the official SDKs honour this header and
  // stop at once, where Claude Code would otherwise retry a 401 for minutes (CLIENTS.md). An upstream's 401 never
  // comes through here: it is relayed or turned into a login problem of the account.
  if (error.kind === 'authentication' || error.options.final) res.setHeader('x-should-retry', 'false');
  res.status(error.status).json(errorBody(error, shape, requestId, message));
}

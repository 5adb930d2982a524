import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomId } from './anthropic-api-replies.js';
import { recordRequest, sameSecret, type RecordedRequest } from './http-request.js';
import { chatCompletionBody, chatFrame, chatStreamScript, responseBody, responsesFailureFrames, responsesStreamScript, type OpenAIErrorDetail } from './openai-api-frames.js';
import { buildOpenAIReply, type OpenAIReply, type OpenAIReplyInput } from './openai-api-replies.js';
import { validateChatRequest, validateResponsesRequest, type ChatStandInRequest, type ResponsesStandInRequest, type Validation } from './openai-api-request.js';
import { answeredBeforeCredentials, endedAfterDeltas, writeAnswer, type ScriptedFaults, type SseScript } from './scripted-faults.js';
import { StandInServer, type ScriptableStandIn } from './stand-in-server.js';

/**
 * A stand-in for an OpenAI-compatible upstream reached with an API key (api.openai.com, OpenRouter, vLLM, Ollama,
 * LM Studio): POST /v1/chat/completions and /v1/responses, streaming and not, and GET /v1/models — with the real
 * API's `Authorization: Bearer <key>` check, error bodies, SSE framing and failures a test can script.
 */

/** A failure of the OpenAI API itself; the faults every stand-in scripts alike are in ScriptedFaults. */
export interface OpenAIScriptedFailure extends ScriptedFaults {
  /**
   * Answer with this status and an OpenAI error body: 429 rate_limit_exceeded (with retry-after and the
   * x-ratelimit-* headers saying the requests limit ran out) unless `code` says insufficient_quota, 500
   * server_error, 503 overloaded, 400 invalid_request_error… Answered after the key was accepted.
   */
  status?: number;
  /** The error code (e.g. "insufficient_quota"), and the type it implies unless `type` is given. */
  code?: string;
  type?: string;
  message?: string;
  /** The retry-after of a 429 (default 20 s); null: none, nor any x-ratelimit-reset. */
  retryAfterSeconds?: number | null;
  /** Instead of a status: a 200 stream that sends an error event after N content deltas (server_error unless `code`). */
  midStreamErrorAfterDeltas?: number;
}

export interface OpenAIStandInModel {
  id: string;
  created: number;
  owned_by: string;
}

/** Its model requests, which consume the scripted failures: chat completions and responses. */
export interface OpenAIStandIn extends ScriptableStandIn<OpenAIScriptedFailure> {
  /** What GET /v1/models lists from now on; null: the server has no model list (404, as some compatible servers). */
  setModels(models: OpenAIStandInModel[] | null): void;
}

export const OPENAI_STAND_IN_MODELS: readonly OpenAIStandInModel[] = [
  { id: 'gpt-5-mini', created: 1754425777, owned_by: 'system' },
  { id: 'gpt-5', created: 1754425928, owned_by: 'system' },
  { id: 'gpt-4.1-nano', created: 1744321707, owned_by: 'system' },
];

const DEFAULT_RETRY_AFTER_SECONDS = 20;

const DEFAULT_ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

const QUOTA_MESSAGE = 'You exceeded your current quota, please check your plan and billing details.';

export async function startOpenAIStandIn(options: { apiKeys: readonly string[]; models?: readonly OpenAIStandInModel[] | null; port?: number; host?: string }): Promise<OpenAIStandIn> {
  const standIn = new OpenAIStandInServer(options.apiKeys, options.models === undefined ? [...OPENAI_STAND_IN_MODELS] : options.models && [...options.models]);
  await standIn.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return standIn;
}

/** How each of its APIs reads a request and frames a reply: Chat Completions and Responses differ in nothing else. */
interface ModelApi<Request extends OpenAIReplyInput & { stream: boolean }> {
  validate(body: unknown): Validation<Request>;
  body(reply: OpenAIReply, created: number): object;
  stream(reply: OpenAIReply, created: number, request: Request): SseScript;
  /** The frames that end a stream with `error` from frame `cut` on. */
  streamError(reply: OpenAIReply, created: number, error: OpenAIErrorDetail, cut: number): string;
}

/** The requests that consume a scripted failure. */
const MODEL_CALLS = new Set(['POST /v1/chat/completions', 'POST /v1/responses']);

const CHAT_API: ModelApi<ChatStandInRequest> = {
  validate: validateChatRequest,
  body: chatCompletionBody,
  stream: (reply, created, request) => chatStreamScript(reply, created, { includeUsage: request.includeUsage }),
  streamError: (_reply, _created, error) => chatFrame({ error }),
};

const RESPONSES_API: ModelApi<ResponsesStandInRequest> = {
  validate: validateResponsesRequest,
  body: (reply, created) => responseBody(reply, created),
  stream: (reply, created) => responsesStreamScript(reply, created),
  streamError: responsesFailureFrames,
};

class OpenAIStandInServer extends StandInServer<OpenAIScriptedFailure> implements OpenAIStandIn {
  constructor(
    private readonly apiKeys: readonly string[],
    private models: OpenAIStandInModel[] | null,
  ) {
    super();
  }

  setModels(models: OpenAIStandInModel[] | null): void {
    this.models = models && [...models];
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const recorded = await recordRequest(req);
      this.requests.push(recorded);
      await this.route(recorded, res);
    } catch {
      if (res.headersSent) res.destroy();
      else sendError(res, 500, DEFAULT_ERRORS[500]!);
    }
  }

  private async route(request: RecordedRequest, res: ServerResponse): Promise<void> {
    const route = `${request.method} ${new URL(request.path, 'http://stand-in').pathname}`;
    const failure = MODEL_CALLS.has(route) ? this.nextFault() : undefined;
    if (await answeredBeforeCredentials(res, failure, commonHeaders())) return;
    if (!this.authenticate(request, res)) return;
    switch (route) {
      case 'POST /v1/chat/completions':
        return this.modelCall(CHAT_API, request.body, res, failure);
      case 'POST /v1/responses':
        return this.modelCall(RESPONSES_API, request.body, res, failure);
      case 'GET /v1/models':
        if (this.models === null) return sendError(res, 404, { type: 'invalid_request_error', code: 'unknown_url', message: 'Invalid URL (GET /v1/models)' });
        return sendJson(res, 200, { object: 'list', data: this.models.map((model) => ({ ...model, object: 'model' })) });
      default:
        return sendError(res, 404, { type: 'invalid_request_error', code: 'unknown_url', message: `Invalid URL (${route})` });
    }
  }

  private async modelCall<Request extends OpenAIReplyInput & { stream: boolean }>(api: ModelApi<Request>, body: unknown, res: ServerResponse, failure: OpenAIScriptedFailure | undefined): Promise<void> {
    if (failure?.status !== undefined) return scriptedError(res, failure);
    const validation = api.validate(body);
    if (!validation.ok) return sendError(res, 400, { type: 'invalid_request_error', code: null, message: validation.message }, validation.param);
    const reply = buildOpenAIReply(validation.request);
    const created = Math.floor(Date.now() / 1000);
    if (!validation.request.stream) return writeAnswer(res, commonHeaders(), { json: api.body(reply, created) }, failure);
    const script = api.stream(reply, created, validation.request);
    const afterDeltas = failure?.midStreamErrorAfterDeltas;
    const stream = afterDeltas === undefined ? script : endedAfterDeltas(script, afterDeltas, (cut) => api.streamError(reply, created, streamError(failure!), cut));
    return writeAnswer(res, commonHeaders(), { stream }, failure);
  }

  /** The key of `Authorization: Bearer <key>`, compared in constant time; else 401 as OpenAI answers it. */
  private authenticate(request: RecordedRequest, res: ServerResponse): boolean {
    const key = /^Bearer\s+(.+)$/i.exec(request.headers['authorization'] ?? '')?.[1]?.trim();
    if (!key) {
      sendError(res, 401, {
        type: 'invalid_request_error',
        code: null,
        message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      });
      return false;
    }
    if (this.apiKeys.some((known) => sameSecret(known, key))) return true;
    sendError(res, 401, { type: 'invalid_request_error', code: 'invalid_api_key', message: `Incorrect API key provided: ${key.slice(0, 3)}***${key.slice(-4)}.` });
    return false;
  }
}

function scriptedError(res: ServerResponse, failure: OpenAIScriptedFailure): void {
  const status = failure.status ?? 500;
  const base = DEFAULT_ERRORS[status] ?? DEFAULT_ERRORS[500]!;
  const quota = failure.code === 'insufficient_quota';
  const error = {
    type: failure.type ?? (quota ? 'insufficient_quota' : base.type),
    code: failure.code ?? base.code,
    message: failure.message ?? (quota ? QUOTA_MESSAGE : base.message),
  };
  sendError(res, status, error, null, retryHeaders(status, quota, failure.retryAfterSeconds));
}

/** A 429 rate limit says when to retry, and which limit ran out; a used-up quota does not (no wait helps). */
function retryHeaders(status: number, quota: boolean, retryAfterSeconds: number | null | undefined): Record<string, string> {
  if (retryAfterSeconds === null || quota) return {};
  if (status !== 429) return retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  const seconds = retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  return {
    'retry-after': String(seconds),
    'x-ratelimit-limit-requests': '500',
    'x-ratelimit-remaining-requests': '0',
    'x-ratelimit-reset-requests': `${seconds}s`,
    'x-ratelimit-limit-tokens': '200000',
    'x-ratelimit-remaining-tokens': '199000',
    'x-ratelimit-reset-tokens': '300ms',
  };
}

function streamError(failure: OpenAIScriptedFailure): OpenAIErrorDetail {
  const code = failure.code ?? null;
  return {
    type: failure.type ?? (code === 'insufficient_quota' ? 'insufficient_quota' : code === 'rate_limit_exceeded' ? 'requests' : 'server_error'),
    code,
    message: failure.message ?? 'The server had an error while processing your request. Sorry about that!',
    param: null,
  };
}

function commonHeaders(): Record<string, string> {
  return { 'x-request-id': randomId('req_'), 'openai-processing-ms': '12' };
}

function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { ...commonHeaders(), 'content-type': 'application/json', ...extraHeaders }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, error: { type: string; code: string | null; message: string }, param: string | null = null, extraHeaders: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message: error.message, type: error.type, param, code: error.code } }, extraHeaders);
}

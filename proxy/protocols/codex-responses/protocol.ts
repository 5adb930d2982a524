import type { ListedModel } from '../../models/listed-model.js';
import { openAIProtocol } from '../openai-common/openai-protocol.js';
import { openAIStreamErrorToIr } from '../openai-common/openai-error.js';
import { convertToResponsesRequest } from '../openai-responses/convert-to-responses-request.js';
import { readResponsesOpening } from '../openai-responses/responses-opening.js';
import { responsesPassthroughWatch } from '../openai-responses/responses-passthrough-watch.js';
import { responsesStreamToIr } from '../openai-responses/responses-stream-to-ir.js';
import type { Connection, PassthroughRequest, Protocol, UpstreamResponse } from '../protocol.js';
import { ThinkingMemory } from '../reasoning-memory.js';
import { CredentialRevokedError } from '../../upstream/credential-revoked.js';
import { isEventStream } from '../stream-opening.js';
import { codexCompactBody, codexRequestBody, CODEX_CLIENT_HEADERS, sessionHeaders } from './codex-body.js';
import { classifyCodexFailure } from './codex-failure.js';
import { readCodexModelList } from './codex-models.js';
import { fitReasoningEffort } from './reasoning-effort.js';
import { readingStreamRateLimits } from './stream-rate-limits.js';
import { inOpenAIErrorShape, asOpenAIStream } from './client-answer.js';
import { collectResponse } from './collect-stream.js';

/** The model list is read at most this often per login; an unchanged list costs a 304 (ETag). */
export const CODEX_MODELS_CACHE_MS = 5 * 60 * 1000;

export interface CodexProtocolOptions {
  /** The Codex client version the backend gates models by (`client_version`). */
  clientVersion(): string;
  /** What to do about a model that needs a newer client version, in words (the config key that sets it). */
  versionGateFix: string;
  /** The key the model list is cached by (one per login: plans differ). */
  cacheKey(credential: unknown): string;
  now?: () => number;
}

/**
 * The ChatGPT backend's Codex endpoint (`<base>/codex/responses`): the Responses wire with the backend's named
 * body edits (codex-body.ts), the Codex CLI's own headers passed on, one JSON answer drained from the stream for a
 * client that did not stream, the backend's own errors classified, and its model list. The connection's base URL
 * is the backend's (`https://chatgpt.com/backend-api`).
 */
export function codexResponsesProtocol<C>(connection: Connection<C>, options: CodexProtocolOptions): Protocol<C> {
  const base = connection.baseUrl.replace(/\/+$/, '');
  /** Each model's reasoning efforts, from the last model list read (the same model has the same set on every login). */
  const efforts = new Map<string, readonly string[]>();
  const inner = openAIProtocol(
    {
      id: 'openai-responses',
      nativeFormat: 'responses',
      endpoint: 'responses',
      convert: (request, upstreamModel) => convertToResponsesRequest(request, upstreamModel),
      streamToIr: responsesStreamToIr,
      readOpening: readResponsesOpening,
      watch: responsesPassthroughWatch,
      forwardedHeaders: CODEX_CLIENT_HEADERS,
      prepare: (body, clientHeaders) => ({ body: fitReasoningEffort(codexRequestBody(body), (model) => efforts.get(model)), headers: sessionHeaders(body, clientHeaders) }),
    },
    // Every answer stream is read for its codex.rate_limits event first (IR and passthrough alike).
    { ...connection, baseUrl: `${base}/codex`, fetch: readingStreamRateLimits(connection.fetch) },
  );
  /** The encrypted reasoning before each tool call, put back for a client that could not carry it (Chat). */
  const reasoning = new ThinkingMemory();
  const now = options.now ?? Date.now;
  const modelCache = new Map<string, { etag: string | null; models: ListedModel[]; readAt: number }>();
  /** `x-models-etag` on an answer names the current model list: another one means the list changed, read it again. */
  const noticeModelsEtag = (credential: C, headers: Headers) => {
    const etag = headers.get('x-models-etag');
    const key = options.cacheKey(credential);
    if (etag && modelCache.get(key)?.etag !== etag) modelCache.delete(key);
  };

  /** POST <base>/codex/responses/compact: unary, one JSON answer (`{output: [items…]}`). */
  const compact = async (request: PassthroughRequest, credential: C): Promise<UpstreamResponse> => {
    const headers = new Headers({ 'content-type': 'application/json' });
    for (const name of CODEX_CLIENT_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    headers.set('accept', 'application/json');
    for (const [name, value] of Object.entries(connection.credentials.headers(credential))) headers.set(name, value);
    const body = JSON.stringify(codexCompactBody({ ...request.body, model: request.upstreamModel }));
    const response = await connection.fetch(`${base}/codex/responses/compact`, { method: 'POST', headers, body, signal: request.signal });
    return { status: response.status, headers: response.headers, body: response.body };
  };

  return {
    ...inner,
    extraEndpoints: ['responses/compact'],
    // The request id and the subscription's limits (x-codex-primary-used-percent…), for translated answers.
    translatedHeaders: /^(x-request-id|retry-after|x-codex-.*)$/,
    classifyFailure: (status, headers, bodyText) => classifyCodexFailure(status, headers, bodyText, { versionGateFix: options.versionGateFix }),

    async send(translated, credential) {
      const answer = await inner.send({ ...translated, request: { ...translated.request, messages: reasoning.restore(translated.request.messages) } }, credential);
      noticeModelsEtag(credential, answer.headers);
      return answer.ok ? { ...answer, events: reasoning.observe(answer.events) } : answer;
    },

    async passthrough(request, credential): Promise<UpstreamResponse> {
      const answer = await (request.endpoint === 'responses/compact' ? compact : inner.passthrough)(request, credential);
      noticeModelsEtag(credential, answer.headers);
      // The Codex CLI names itself (originator) and reads the backend's answers as they are.
      const codexClient = typeof request.headers['originator'] === 'string';
      if (answer.status >= 400) return codexClient ? answer : inOpenAIErrorShape(answer);
      if (answer.status !== 200 || !answer.body || !isEventStream(answer.headers)) return answer;
      if (request.body['stream'] !== true) return drainedAnswer(answer);
      return codexClient ? answer : { ...answer, body: asOpenAIStream(answer.body) };
    },

    async listModels(credential): Promise<ListedModel[]> {
      const key = options.cacheKey(credential);
      const cached = modelCache.get(key);
      if (cached && now() - cached.readAt < CODEX_MODELS_CACHE_MS) return cached.models;
      const headers = new Headers({ accept: 'application/json', ...connection.credentials.headers(credential) });
      if (cached?.etag) headers.set('if-none-match', cached.etag);
      const url = `${base}/codex/models?client_version=${encodeURIComponent(options.clientVersion())}`;
      const response = await connection.fetch(url, { headers, signal: AbortSignal.timeout(connection.accountCallTimeoutMs) });
      if (response.status === 304 && cached) {
        modelCache.set(key, { ...cached, readAt: now() });
        return cached.models;
      }
      if (!response.ok) {
        const ended = response.status === 401 ? endedLoginReason(await response.text()) : (await response.body?.cancel(), null);
        if (ended) throw new CredentialRevokedError(ended);
        throw new Error(`GET /codex/models answered HTTP ${response.status}`);
      }
      const { models, efforts: read } = readCodexModelList(await response.text());
      for (const [model, levels] of read) efforts.set(model, levels);
      modelCache.set(key, { etag: response.headers.get('etag'), models, readAt: now() });
      return models;
    },
  };
}

/** The login-ended codes a 401 of the model list carries (PROTOCOLS.md §2 "Models"; sub2api#4544), in words; null for any other 401. */
function endedLoginReason(bodyText: string): string | null {
  let code: unknown;
  try {
    code = (JSON.parse(bodyText) as { error?: { code?: unknown } }).error?.code;
  } catch {
    return null;
  }
  if (code === 'token_revoked') return 'ChatGPT revoked this login (token_revoked)';
  if (code === 'token_invalidated') return 'ChatGPT ended this login: signed out, a new login elsewhere, or the password changed (token_invalidated)';
  return null;
}

/** The stream drained into one JSON answer, or the error it ended with (as the HTTP status it stands for). */
async function drainedAnswer(answer: UpstreamResponse): Promise<UpstreamResponse> {
  const headers = new Headers(answer.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  const collected = await collectResponse(answer.body!);
  if (collected && 'response' in collected) return { status: 200, headers, body: new Response(JSON.stringify(collected.response)).body };
  const error = collected ? openAIStreamErrorToIr(collected.failed) : { status: 502, message: 'the ChatGPT backend ended the stream without an answer' };
  const text = JSON.stringify({ error: { type: 'server_error', code: null, message: error.message, param: null } });
  return { status: error.status, headers, body: new Response(text).body };
}


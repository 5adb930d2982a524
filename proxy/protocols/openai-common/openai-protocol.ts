import { createLogger } from '../../log.js';
import type { ListedModel } from '../../models/listed-model.js';
import { readUpstreamText } from '../../upstream/network-failure.js';
import type { IREvent, IRRequest, IRWarning } from '../../wire/ir.js';
import { parseSse, type ParsedSseEvent } from '../../wire/sse.js';
import type { StreamTranslator } from '../../wire/stream-translator.js';
import type { ClientFormat, Connection, PassthroughRequest, PassthroughWatch, PassthroughWatchOptions, Protocol, ProtocolId, TranslatedResponse, UpstreamResponse } from '../protocol.js';
import { holdStreamOpening, isEventStream, type OpeningEvent } from '../stream-opening.js';
import { readOpenAIModelList } from './model-list.js';
import { countOpenAIInputTokens } from './local-token-count.js';
import { classifyOpenAIFailure, openAIErrorToIr } from './openai-error.js';

const log = createLogger('protocols/openai');

/** The parts that make one OpenAI API (Chat Completions or Responses) a protocol; the rest is shared. */
/** OpenAI's request id and its rate-limit headers (`x-ratelimit-remaining-requests`…), for translated answers. */
const OPENAI_TRANSLATED_HEADERS = /^(x-request-id|retry-after|x-ratelimit-.*)$/;

export interface OpenAIApi<State> {
  id: ProtocolId;
  /** The client format that passes through, and the path below the base URL both it and translated requests go to. */
  nativeFormat: ClientFormat;
  endpoint: Extract<PassthroughRequest['endpoint'], 'chat/completions' | 'responses'>;
  convert(request: IRRequest, upstreamModel: string): { body: Record<string, unknown>; warnings: IRWarning[] };
  streamToIr(): StreamTranslator<State, ParsedSseEvent, IREvent>;
  /** What an event of a stream's opening means (holdStreamOpening): content, a refusal, or nothing yet. */
  readOpening(event: ParsedSseEvent): OpeningEvent;
  watch(options: Pick<PassthroughWatchOptions, 'eventStream' | 'onErrorEvent'>): PassthroughWatch;
  /** Client headers the upstream is given (default: accept and openai-beta). */
  forwardedHeaders?: readonly string[];
  /**
   * The upstream's named edits of every body it is sent, passed through or translated (a backend that forces some
   * fields and rejects others), and the headers they imply. `clientHeaders` is empty for a translated request.
   */
  prepare?(body: Record<string, unknown>, clientHeaders: Record<string, string | string[] | undefined>): { body: Record<string, unknown>; headers: Record<string, string> };
}

/** Client headers an OpenAI upstream is given; the rest (the client's Switchboard key, its SDK's identity) stays here. */
const FORWARDED_HEADERS = ['accept', 'openai-beta'] as const;

/**
 * An OpenAI API as a protocol, for any target that speaks it (OpenAI with a key, a compatible server with or
 * without one): only the connection differs. The base URL includes the version path, as OpenAI's SDKs take it
 * ("https://api.openai.com/v1", "http://localhost:11434/v1").
 */
export function openAIProtocol<C, State>(api: OpenAIApi<State>, connection: Connection<C>): Protocol<C> {
  const baseUrl = connection.baseUrl.replace(/\/+$/, '');
  const url = `${baseUrl}/${api.endpoint}`;

  const headersFor = (credential: C, clientHeaders: Record<string, string | string[] | undefined>): Headers => {
    const headers = new Headers({ 'content-type': 'application/json' });
    for (const name of api.forwardedHeaders ?? FORWARDED_HEADERS) {
      const value = clientHeaders[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    for (const [name, value] of Object.entries(connection.credentials.headers(credential))) headers.set(name, value);
    return headers;
  };

  return {
    id: api.id,
    nativeFormats: [api.nativeFormat],
    translatedHeaders: OPENAI_TRANSLATED_HEADERS,
    watch: (options) => api.watch(options),
    classifyFailure: (status, headers, bodyText) => classifyOpenAIFailure(status, headers, bodyText),
    listModels: (credential) => listModels(`${baseUrl}/models`, headersFor(credential, { accept: 'application/json' }), connection),

    estimateInputTokens(request, upstreamModel) {
      const { body } = api.convert(request, upstreamModel);
      return countOpenAIInputTokens(api.prepare ? api.prepare(body, {}).body : body);
    },

    async passthrough(request, credential): Promise<UpstreamResponse> {
      const upstreamHeaders = headersFor(credential, request.headers);
      let body: string | Buffer = request.body.model !== request.upstreamModel ? JSON.stringify({ ...request.body, model: request.upstreamModel }) : request.rawBody;
      if (api.prepare) {
        const prepared = api.prepare({ ...request.body, model: request.upstreamModel }, request.headers);
        for (const [name, value] of Object.entries(prepared.headers)) upstreamHeaders.set(name, value);
        body = JSON.stringify(prepared.body);
      }
      const response = await connection.fetch(url, { method: 'POST', headers: upstreamHeaders, body, signal: request.signal });
      if (!response.ok || !response.body || !isEventStream(response.headers)) return { status: response.status, headers: response.headers, body: response.body };
      const opening = await holdStreamOpening(response.body, api.readOpening);
      if (!opening.refused) return { status: response.status, headers: response.headers, body: opening.body };
      // Refused inside the stream before any content: answered as the error status it stands for.
      const headers = new Headers(response.headers);
      headers.set('content-type', 'application/json');
      return { status: opening.status, headers, body: new Response(opening.errorText).body };
    },

    async send(translated, credential): Promise<TranslatedResponse> {
      const converted = api.convert(translated.request, translated.upstreamModel);
      const { warnings } = converted;
      const headers = headersFor(credential, { accept: 'text/event-stream' });
      let body = converted.body;
      if (api.prepare) {
        const prepared = api.prepare(body, {});
        for (const [name, value] of Object.entries(prepared.headers)) headers.set(name, value);
        body = prepared.body;
      }
      const response = await connection.fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: translated.signal });
      if (!response.ok || !response.body) {
        const { text } = await readUpstreamText(response.body);
        return { ok: false, status: response.status, headers: response.headers, error: openAIErrorToIr(response.status, text), bodyText: text, warnings };
      }
      const opening = await holdStreamOpening(response.body, api.readOpening);
      if (opening.refused) {
        const { status, errorText } = opening;
        return { ok: false, status, headers: response.headers, error: openAIErrorToIr(status, errorText), bodyText: errorText, warnings };
      }
      return { ok: true, headers: response.headers, events: streamToIr(opening.body, api.streamToIr()), warnings };
    },
  };
}

async function* streamToIr<State>(body: ReadableStream<Uint8Array>, translator: StreamTranslator<State, ParsedSseEvent, IREvent>): AsyncGenerator<IREvent> {
  const state = translator.initial();
  for await (const event of parseSse(body)) yield* translator.step(state, event);
  yield* translator.end(state);
  const warnings = (state as { warnings?: IRWarning[] }).warnings ?? [];
  for (const warning of warnings) log.warn({ at: warning.at }, warning.message);
}

async function listModels<C>(url: string, headers: Headers, connection: Connection<C>): Promise<ListedModel[]> {
  const response = await connection.fetch(url, { headers, signal: AbortSignal.timeout(connection.accountCallTimeoutMs) });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`GET ${new URL(url).pathname} answered HTTP ${response.status}`);
  }
  // Not bounded like an error body: OpenRouter's list, with its descriptions, is a few hundred KB.
  return readOpenAIModelList(await response.text());
}

import type { IncomingHttpHeaders } from 'node:http';
import { createLogger } from '../../log.js';
import { readUpstreamText } from '../../upstream/network-failure.js';
import type { IREvent, IRRequest } from '../../wire/ir.js';
import { parseSse } from '../../wire/sse.js';
import type { Connection, PassthroughRequest, Protocol, TranslatedResponse, UpstreamResponse } from '../protocol.js';
import { anthropicErrorToIr, classifyAnthropicFailure, type WindowReset } from './anthropic-error.js';
import { anthropicStreamToIr } from './anthropic-stream-to-ir.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
import { listAnthropicModels } from './list-models.js';
import { anthropicPassthroughWatch } from './passthrough-watch.js';
import { holdOpening } from './stream-opening.js';
import { enforceThinkingRule } from './thinking-rule.js';
import { buildUpstreamHeaders } from './upstream-headers.js';

const log = createLogger('protocols/anthropic-messages');

/** A target's named edits of one request: a new body (null keeps the client's exact bytes), betas, a client identity. */
export interface AnthropicRequestEdits {
  body: Record<string, unknown> | null;
  betas: readonly string[];
  /** Headers that stand in for the client (a request profile): they replace its user agent and x-stainless-* headers. */
  clientIdentity: Record<string, string> | null;
}

/**
 * What a target adds to the Messages protocol — each optional, none needed by a plain API key. A Claude
 * subscription uses them for its request profile, its thinking memory and its usage windows; the protocol itself
 * knows nothing of OAuth.
 */
export interface AnthropicMessagesHooks<C> {
  /** Betas sent with every request (config "extra-betas"); read per request. */
  betas?: readonly string[];
  /** Edits of a passthrough request. `body` is the client's body with the upstream model set, or null when it was already. */
  editPassthrough?(request: PassthroughRequest, body: Record<string, unknown> | null, credential: C): AnthropicRequestEdits;
  /** Edits of a translated request's converted body (a translated client is never Claude Code). */
  editTranslated?(body: Record<string, unknown>, credential: C): AnthropicRequestEdits;
  /** The IR request before conversion: put back what the client could not carry (signed thinking, say). */
  restore?(request: IRRequest): IRRequest;
  /** The IR events of a translated answer, watched as they pass. */
  observe?(events: AsyncIterable<IREvent>): AsyncIterable<IREvent>;
  /** Reads the usage window a rate-limited answer hit, when the target's upstream names one. */
  windowReset?: WindowReset;
}

/** The Anthropic Messages API, for any target that speaks it: only the connection and the hooks differ. */
export function anthropicMessagesProtocol<C>(connection: Connection<C>, hooks: AnthropicMessagesHooks<C> = {}): Protocol<C> {
  const baseUrl = connection.baseUrl.replace(/\/+$/, '');

  const headersFor = (clientHeaders: IncomingHttpHeaders, credential: C, edits: Pick<AnthropicRequestEdits, 'betas' | 'clientIdentity'>): Headers =>
    buildUpstreamHeaders(clientHeaders, {
      credentialHeaders: connection.credentials.headers(credential),
      betas: [...(hooks.betas ?? []), ...edits.betas],
      clientIdentity: edits.clientIdentity,
    });

  return {
    id: 'anthropic-messages',
    nativeFormats: ['anthropic'],
    // The request id and the rate-limit state (the subscription's unified windows, an API key's limits).
    translatedHeaders: /^(request-id|retry-after|anthropic-ratelimit-.*)$/,
    watch: (options) => anthropicPassthroughWatch(options),
    classifyFailure: (status, headers, bodyText) => classifyAnthropicFailure(status, headers, bodyText, { windowReset: hooks.windowReset }),
    listModels: (credential) =>
      listAnthropicModels({ baseUrl, credentialHeaders: connection.credentials.headers(credential), fetch: connection.fetch, timeoutMs: connection.accountCallTimeoutMs }),

    async passthrough(request, credential): Promise<UpstreamResponse> {
      const renamed = request.body.model !== request.upstreamModel ? { ...request.body, model: request.upstreamModel } : null;
      const edits = hooks.editPassthrough?.(request, renamed, credential) ?? { body: renamed, betas: [], clientIdentity: null };
      const response = await connection.fetch(`${baseUrl}/v1/${request.endpoint}${request.search}`, {
        method: 'POST',
        headers: headersFor(request.headers, credential, edits),
        body: edits.body ? JSON.stringify(edits.body) : request.rawBody,
        signal: request.signal,
      });
      if (!response.ok || !response.body || !isEventStream(response.headers)) return { status: response.status, headers: response.headers, body: response.body };
      const opening = await holdOpening(response.body);
      if (!opening.refused) return { status: response.status, headers: response.headers, body: opening.body };
      // Refused inside the stream before any content: answered as the error status it stands for.
      const headers = new Headers(response.headers);
      headers.set('content-type', 'application/json');
      return { status: opening.status, headers, body: new Response(opening.errorText).body };
    },

    async send(translated, credential): Promise<TranslatedResponse> {
      const request = hooks.restore ? hooks.restore(translated.request) : translated.request;
      const converted = convertToAnthropicRequest(request, translated.upstreamModel);
      const { body, warning } = enforceThinkingRule(converted.body);
      const warnings = warning ? [...converted.warnings, warning] : converted.warnings;
      const edits = hooks.editTranslated?.(body, credential) ?? { body, betas: [], clientIdentity: null };
      const response = await connection.fetch(`${baseUrl}/v1/messages`, {
        method: 'POST',
        headers: headersFor({ accept: 'text/event-stream' }, credential, { betas: [...converted.betas, ...edits.betas], clientIdentity: edits.clientIdentity }),
        body: JSON.stringify(edits.body ?? body),
        signal: translated.signal,
      });
      if (!response.ok || !response.body) {
        const { text } = await readUpstreamText(response.body);
        return { ok: false, status: response.status, headers: response.headers, error: anthropicErrorToIr(response.status, text), bodyText: text, warnings };
      }
      const opening = await holdOpening(response.body);
      if (opening.refused) {
        const { status, errorText } = opening;
        return { ok: false, status, headers: response.headers, error: anthropicErrorToIr(status, errorText), bodyText: errorText, warnings };
      }
      const events = streamToIr(opening.body);
      return { ok: true, headers: response.headers, events: hooks.observe ? hooks.observe(events) : events, warnings };
    },
  };
}

/** Anthropic's SSE stream as IR events: parse each event, translate it with the pure step function. */
async function* streamToIr(body: ReadableStream<Uint8Array>): AsyncGenerator<IREvent> {
  const translator = anthropicStreamToIr();
  const state = translator.initial();
  for await (const event of parseSse(body)) yield* translator.step(state, event);
  yield* translator.end(state);
  for (const warning of state.warnings) log.warn({ at: warning.at }, warning.message);
}

function isEventStream(headers: Headers): boolean {
  return (headers.get('content-type') ?? '').includes('text/event-stream');
}

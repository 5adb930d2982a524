import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { hostname } from 'node:os';
import type { AnthropicProviderConfig } from '../../config/schema.js';
import { createLogger } from '../../log.js';
import type { IREvent } from '../../wire/ir.js';
import { parseSse } from '../../wire/sse.js';
import { markingNetworkFailures, readUpstreamText } from '../../upstream/network-failure.js';
import { refusingRedirects } from '../../upstream/no-redirects.js';
import type { PassthroughRequest, Provider, ProviderCredentials, TranslatedResponse, UpstreamResponse } from '../provider.js';
import { anthropicErrorToIr, classifyAnthropicFailure } from '../../protocols/anthropic-messages/anthropic-error.js';
import { fetchUsage, quotaFromUnifiedHeaders } from './limits.js';
import { anthropicStreamToIr } from '../../protocols/anthropic-messages/anthropic-stream-to-ir.js';
import { anthropicPassthroughWatch } from '../../protocols/anthropic-messages/passthrough-watch.js';
import { holdOpening } from '../../protocols/anthropic-messages/stream-opening.js';
import { convertToAnthropicRequest, MAX_DEFAULT_MAX_TOKENS } from '../../protocols/anthropic-messages/convert-to-anthropic-request.js';
import { applyProfileToBody, isClaudeCodeClient, PROFILE_BETAS, profileHeaders, type ClaudeCodeProfile } from './claude-code-profile.js';
import { ANTHROPIC_ADDED_INPUT_TOKENS, OAUTH_BETA } from './constants.js';
import { ANTHROPIC_BUILT_IN_MODELS, ANTHROPIC_DEFAULT_CLIENT_MODEL, ANTHROPIC_FAMILIES, ANTHROPIC_MODEL_PATTERN, fetchAnthropicModels } from './models.js';
import { ModelDirectory } from '../../models/model-directory.js';
import { modelsWithAliases } from '../../models/model-info.js';
import { refreshTokens } from './oauth.js';
import { ThinkingMemory } from './thinking-memory.js';
import { enforceThinkingRule } from './thinking-rule.js';
import { buildUpstreamHeaders } from '../../protocols/anthropic-messages/upstream-headers.js';
import { cliCommand } from '../../cli-command.js';

const log = createLogger('providers/anthropic');

export interface AnthropicProviderDeps {
  fetch: typeof fetch;
  refreshTimeoutMs: number;
}

/** Claude subscription accounts: Anthropic Messages in, Anthropic Messages out (passthrough). */
export function createAnthropicProvider(config: AnthropicProviderConfig, deps: AnthropicProviderDeps): Provider {
  const modelDirectory = new ModelDirectory({
    builtIn: ANTHROPIC_BUILT_IN_MODELS,
    families: ANTHROPIC_FAMILIES,
    aliases: config.aliases,
    accepts: (id) => ANTHROPIC_MODEL_PATTERN.test(id),
  });
  const baseUrl = config['base-url'].replace(/\/+$/, '');
  const sessionId = randomUUID();
  const thinking = new ThinkingMemory();
  // Model requests: a failure of the network is the account's, one of building the request is the request's.
  const upstreamFetch = refusingRedirects(markingNetworkFailures(deps.fetch));

  const profileFor = (credentials: ProviderCredentials): ClaudeCodeProfile => ({
    cliVersion: config['request-profile']['cli-version'],
    entrypoint: config['request-profile'].entrypoint,
    sessionId,
    deviceId: createHash('sha256').update(`switchboard:${hostname()}:${credentials.account.id}`).digest('hex'),
  });

  const shouldApplyProfile = (request: PassthroughRequest): boolean => {
    const mode = config['request-profile'].mode;
    return mode === 'always' || (mode === 'auto' && !isClaudeCodeClient(request.headers, request.body));
  };

  /** The client's headers with the account's token, the betas the body needs, and the profile when it applies. */
  const upstreamHeaders = (clientHeaders: IncomingHttpHeaders, credentials: ProviderCredentials, profile: ClaudeCodeProfile | null, betas: readonly string[] = []): Headers =>
    buildUpstreamHeaders(clientHeaders, {
      accessToken: credentials.accessToken,
      betas: [OAUTH_BETA, ...config['extra-betas'], ...betas, ...(profile ? PROFILE_BETAS : [])],
      profileHeaders: profile ? profileHeaders(profile) : null,
    });

  return {
    id: 'anthropic',
    displayName: 'Claude',
    loginHint: cliCommand('login anthropic'),
    // Every answer names the organization whose token it was sent with.
    accountHeaders: ['anthropic-organization-id'],
    defaultClientModel: ANTHROPIC_DEFAULT_CLIENT_MODEL,
    modelDirectory,
    defaultMaxOutputTokens: MAX_DEFAULT_MAX_TOKENS,
    addedInputTokens: ANTHROPIC_ADDED_INPUT_TOKENS,
    models: () => modelsWithAliases('anthropic', modelDirectory),
    resolveModel: (name) => modelDirectory.resolve(name),
    fetchModels: (credentials) =>
      fetchAnthropicModels({ baseUrl, accessToken: credentials.accessToken, fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs }),
    classifyFailure: (status, headers, bodyText) => classifyAnthropicFailure(status, headers, bodyText),
    watchPassthrough: (options) => anthropicPassthroughWatch(options),
    quotaFromHeaders: (headers) => quotaFromUnifiedHeaders(headers, new Date()),
    fetchQuota: (credentials) =>
      fetchUsage({ baseUrl, accessToken: credentials.accessToken, fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs }),
    refreshTokens: (refreshToken) => refreshTokens(config.oauth, refreshToken, { fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs }),

    async passthrough(request, credentials): Promise<UpstreamResponse> {
      const profile = shouldApplyProfile(request) ? profileFor(credentials) : null;
      let body: Record<string, unknown> | null = null;
      if (request.body.model !== request.upstreamModel) body = { ...request.body, model: request.upstreamModel };
      // count_tokens keeps its body: the profile's system block would change the count the client asked for.
      if (profile && request.endpoint === 'messages') body = applyProfileToBody(body ?? request.body, profile, credentials.account.data.account_uuid ?? null);
      const response = await upstreamFetch(`${baseUrl}/v1/${request.endpoint}${request.search}`, {
        method: 'POST',
        headers: upstreamHeaders(request.headers, credentials, profile),
        body: body ? JSON.stringify(body) : new Uint8Array(request.rawBody),
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

    async send(translated, credentials): Promise<TranslatedResponse> {
      const request = { ...translated.request, messages: thinking.restore(translated.request.messages) };
      const converted = convertToAnthropicRequest(request, translated.upstreamModel);
      const { body, warning } = enforceThinkingRule(converted.body);
      const warnings = warning ? [...converted.warnings, warning] : converted.warnings;
      // A translated client is never Claude Code, so the profile applies unless it is turned off.
      const profile = config['request-profile'].mode !== 'never' ? profileFor(credentials) : null;
      const response = await upstreamFetch(`${baseUrl}/v1/messages`, {
        method: 'POST',
        headers: upstreamHeaders({ accept: 'text/event-stream' }, credentials, profile, converted.betas),
        // With the profile on, metadata.user_id is Claude Code's own JSON form; a client's end-user id would replace it.
        body: JSON.stringify(profile ? applyProfileToBody(withoutMetadata(body), profile, credentials.account.data.account_uuid ?? null) : body),
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
      return { ok: true, headers: response.headers, events: thinking.observe(streamToIr(opening.body)), warnings };
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

function withoutMetadata(body: Record<string, unknown>): Record<string, unknown> {
  const { metadata: _metadata, ...rest } = body;
  return rest;
}

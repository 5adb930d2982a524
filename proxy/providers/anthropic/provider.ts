import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AnthropicProviderConfig } from '../../config/schema.js';
import type { PassthroughRequest, Provider, ProviderCredentials, UpstreamResponse } from '../provider.js';
import { classifyAnthropicError } from './anthropic-error.js';
import { applyProfileToBody, isClaudeCodeClient, PROFILE_BETAS, profileHeaders, type ClaudeCodeProfile } from './claude-code-profile.js';
import { OAUTH_BETA } from './constants.js';
import { ANTHROPIC_ALIASES, ANTHROPIC_MODEL_PATTERN, ANTHROPIC_MODELS } from './models.js';
import { refreshTokens } from './oauth.js';
import { buildUpstreamHeaders } from './upstream-headers.js';

export interface AnthropicProviderDeps {
  fetch: typeof fetch;
  refreshTimeoutMs: number;
}

/** Claude subscription accounts: Anthropic Messages in, Anthropic Messages out (passthrough). */
export function createAnthropicProvider(config: AnthropicProviderConfig, deps: AnthropicProviderDeps): Provider {
  const aliases: Record<string, string> = { ...ANTHROPIC_ALIASES, ...config.aliases };
  const sessionId = randomUUID();

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

  return {
    id: 'anthropic',
    displayName: 'Claude',
    loginHint: 'switchboard login anthropic',
    models: () => [...ANTHROPIC_MODELS, ...Object.keys(aliases).map((alias) => ({ id: alias, displayName: `${alias} → ${aliases[alias]}`, provider: 'anthropic' as const }))],
    resolveModel(name) {
      const aliased = aliases[name] ?? aliases[name.toLowerCase()];
      if (aliased) return aliased;
      return ANTHROPIC_MODEL_PATTERN.test(name) ? name : null;
    },
    classifyError: classifyAnthropicError,
    refreshTokens: (refreshToken) => refreshTokens(config.oauth, refreshToken, { fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs }),

    async passthrough(request, credentials): Promise<UpstreamResponse> {
      const applyProfile = shouldApplyProfile(request);
      const profile = profileFor(credentials);
      let body: Record<string, unknown> | null = null;
      if (request.body.model !== request.upstreamModel) body = { ...request.body, model: request.upstreamModel };
      // count_tokens keeps its body: the profile's system block would change the count the client asked for.
      if (applyProfile && request.endpoint === 'messages') {
        body = applyProfileToBody(body ?? request.body, profile, credentials.account.data.account_uuid ?? null);
      }
      const headers = buildUpstreamHeaders(request.headers, {
        accessToken: credentials.accessToken,
        betas: [OAUTH_BETA, ...config['extra-betas'], ...(applyProfile ? PROFILE_BETAS : [])],
        profileHeaders: applyProfile ? profileHeaders(profile) : null,
      });
      const url = `${config['base-url'].replace(/\/+$/, '')}/v1/${request.endpoint}${request.search}`;
      const response = await deps.fetch(url, {
        method: 'POST',
        headers,
        body: body ? JSON.stringify(body) : new Uint8Array(request.rawBody),
        signal: request.signal,
      });
      return { status: response.status, headers: response.headers, body: response.body };
    },
  };
}

import { randomUUID } from 'node:crypto';
import { LoginRefusedError } from '../../accounts/account-errors.js';
import type { AnthropicProviderConfig } from './config-schema.js';
import { cliCommand } from '../../cli-command.js';
import { ModelDirectory } from '../../models/model-directory.js';
import { modelsWithAliases } from '../../models/model-info.js';
import { MAX_DEFAULT_MAX_TOKENS } from '../../protocols/anthropic-messages/convert-to-anthropic-request.js';
import { anthropicMessagesProtocol, type AnthropicMessagesHooks } from '../../protocols/anthropic-messages/protocol.js';
import { markingNetworkFailures } from '../../upstream/network-failure.js';
import { refusingRedirects } from '../../upstream/no-redirects.js';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import type { Target } from '../provider.js';
import { applyProfileToBody, isClaudeCodeClient, PROFILE_BETAS, profileHeaders, type ClaudeCodeProfile } from './claude-code-profile.js';
import { claudePartOf } from './account-part.js';
import { ANTHROPIC_ADDED_INPUT_TOKENS } from './constants.js';
import { claudeOAuthCredentials } from './credentials.js';
import { claudeWindowReset, fetchUsage, quotaFromUnifiedHeaders } from './limits.js';
import { ANTHROPIC_BUILT_IN_MODELS, ANTHROPIC_FAMILIES, ANTHROPIC_MODEL_PATTERN } from './models.js';
import { OAuthError, refreshTokens } from './oauth.js';
import { ThinkingMemory } from '../../protocols/reasoning-memory.js';
import { deviceIds } from './device-id.js';

export interface AnthropicProviderDeps {
  fetch: typeof fetch;
  refreshTimeoutMs: number;
}

/** Claude subscription accounts: the Anthropic Messages protocol with Claude OAuth and the Claude Code profile. */
export function createAnthropicProvider(config: AnthropicProviderConfig, deps: AnthropicProviderDeps): Target {
  const modelDirectory = new ModelDirectory({
    builtIn: ANTHROPIC_BUILT_IN_MODELS,
    families: ANTHROPIC_FAMILIES,
    aliases: config.aliases,
    accepts: (id) => ANTHROPIC_MODEL_PATTERN.test(id),
  });
  const baseUrl = config['base-url'].replace(/\/+$/, '');
  const protocol = anthropicMessagesProtocol(
    // Model requests: a failure of the network is the account's, one of building the request is the request's.
    { baseUrl, fetch: refusingRedirects(markingNetworkFailures(deps.fetch)), credentials: claudeOAuthCredentials, accountCallTimeoutMs: deps.refreshTimeoutMs },
    claudeHooks(config),
  );

  return {
    id: 'anthropic',
    provider: 'anthropic',
    // The subscription pool as the routing table and model prefixes name it (its provider id stays for files and the CLI).
    otherNames: ['claude'],
    costBasis: 'subscription',
    displayName: 'Claude',
    loginHint: cliCommand('login anthropic'),
    // Every answer names the organization whose token it was sent with.
    accountHeaders: ['anthropic-organization-id'],
    // A versioned name in the config follows the live list to the newest of its family; an alias stays as it is.
    get defaultClientModel() {
      return modelDirectory.newestOfFamily(config['default-client-model']) ?? config['default-client-model'];
    },
    modelDirectory,
    defaultMaxOutputTokens: MAX_DEFAULT_MAX_TOKENS,
    addedInputTokens: ANTHROPIC_ADDED_INPUT_TOKENS,
    protocol,
    models: () => modelsWithAliases('anthropic', modelDirectory),
    resolveModel: (name) => modelDirectory.resolve(name),
    quotaFromHeaders: (headers) => quotaFromUnifiedHeaders(headers, new Date()),
    fetchQuota: (credentials) =>
      fetchUsage({ baseUrl, accessToken: credentials.accessToken, fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs }),
    async refreshTokens(refreshToken) {
      try {
        return await refreshTokens(config.oauth, refreshToken, { fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs });
      } catch (error) {
        if (error instanceof OAuthError && error.failure === 'invalid_grant') throw new LoginRefusedError(error.message, { cause: error });
        throw error;
      }
    },
  };
}

/**
 * What Claude adds to the Anthropic protocol: the Claude Code request profile (headers, system block, metadata) for
 * clients that are not Claude Code, the signed thinking a translated client could not carry, and the subscription's
 * usage windows.
 */
function claudeHooks(config: AnthropicProviderConfig): AnthropicMessagesHooks<ProviderCredentials> {
  const sessionId = randomUUID();
  const thinking = new ThinkingMemory();
  const deviceId = deviceIds();
  const profileFor = (credentials: ProviderCredentials): ClaudeCodeProfile => ({
    cliVersion: config['request-profile']['cli-version'],
    entrypoint: config['request-profile'].entrypoint,
    sessionId,
    deviceId: deviceId(credentials.account.id),
  });
  const accountUuid = (credentials: ProviderCredentials) => claudePartOf(credentials.account.data).account_uuid ?? null;
  const mode = () => config['request-profile'].mode;

  return {
    get betas() {
      return config['extra-betas'];
    },
    windowReset: claudeWindowReset,
    restore: (request) => ({ ...request, messages: thinking.restore(request.messages) }),
    observe: (events) => thinking.observe(events),
    editPassthrough(request, body, credentials) {
      const applies = mode() === 'always' || (mode() === 'auto' && !isClaudeCodeClient(request.headers, request.body));
      if (!applies) return { body, betas: [], clientIdentity: null };
      const profile = profileFor(credentials);
      // count_tokens keeps its body: the profile's system block would change the count the client asked for.
      const edited = request.endpoint === 'messages' ? applyProfileToBody(body ?? request.body, profile, accountUuid(credentials)) : body;
      return { body: edited, betas: PROFILE_BETAS, clientIdentity: profileHeaders(profile) };
    },
    editTranslated(body, credentials) {
      // A translated client is never Claude Code, so the profile applies unless it is turned off.
      if (mode() === 'never') return { body, betas: [], clientIdentity: null };
      const profile = profileFor(credentials);
      // With the profile on, metadata.user_id is Claude Code's own JSON form; a client's end-user id would replace it.
      return { body: applyProfileToBody(withoutMetadata(body), profile, accountUuid(credentials)), betas: PROFILE_BETAS, clientIdentity: profileHeaders(profile) };
    },
  };
}

function withoutMetadata(body: Record<string, unknown>): Record<string, unknown> {
  const { metadata: _metadata, ...rest } = body;
  return rest;
}

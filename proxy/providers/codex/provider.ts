import { LoginRefusedError } from '../../accounts/account-errors.js';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import { cliCommand } from '../../cli-command.js';
import { ModelDirectory } from '../../models/model-directory.js';
import { modelsWithAliases } from '../../models/model-info.js';
import { codexResponsesProtocol } from '../../protocols/codex-responses/protocol.js';
import { markingNetworkFailures } from '../../upstream/network-failure.js';
import { refusingRedirects } from '../../upstream/no-redirects.js';
import type { TargetDeps } from '../provider-module.js';
import type { Target } from '../provider.js';
import type { CodexProviderConfig } from './config-schema.js';
import { codexCredentials } from './credentials.js';
import { identityFromIdToken } from './id-token.js';
import { fetchCodexUsage, quotaFromCodexHeaders } from './limits.js';
import { CODEX_BUILT_IN_MODELS, CODEX_DEFAULT_CLIENT_MODEL, CODEX_MODEL_PATTERN } from './models.js';
import { CodexOAuthError, refreshCodexTokens } from './oauth.js';

/** Input the backend may add beyond the client's body (its own tool and environment context), rounded up. */
const CODEX_ADDED_INPUT_TOKENS = 1024;
/** The GPT-5 models' largest answer. */
const CODEX_MAX_OUTPUT_TOKENS = 128_000;

/** ChatGPT (Codex) logins as one target: the Codex backend's Responses endpoint, with the login's workspace. */
export function createCodexTarget(config: CodexProviderConfig, deps: Pick<TargetDeps, 'fetch' | 'refreshTimeoutMs'>): Target {
  const baseUrl = config['base-url'].replace(/\/+$/, '');
  const identity = () => ({ originator: config.originator, clientVersion: config['client-version'] });
  const credentials = codexCredentials(identity);
  const modelDirectory = new ModelDirectory({ builtIn: CODEX_BUILT_IN_MODELS, families: [], aliases: config.aliases, accepts: (id) => CODEX_MODEL_PATTERN.test(id) });
  const protocol = codexResponsesProtocol(
    { baseUrl, fetch: refusingRedirects(markingNetworkFailures(deps.fetch)), credentials, accountCallTimeoutMs: deps.refreshTimeoutMs },
    { clientVersion: () => config['client-version'], versionGateFix: `raise providers.codex.client-version (now ${config['client-version']}) in the config`, cacheKey: (credential) => (credential as ProviderCredentials).account.id },
  );
  return {
    id: 'codex',
    provider: 'codex',
    otherNames: ['chatgpt'],
    displayName: 'ChatGPT (Codex)',
    costBasis: 'subscription',
    loginHint: cliCommand('login codex'),
    accountHeaders: [],
    defaultClientModel: CODEX_DEFAULT_CLIENT_MODEL,
    modelDirectory,
    addedInputTokens: CODEX_ADDED_INPUT_TOKENS,
    defaultMaxOutputTokens: CODEX_MAX_OUTPUT_TOKENS,
    protocol,
    models: () => modelsWithAliases('codex', modelDirectory),
    resolveModel: (name) => modelDirectory.resolve(name),
    quotaFromHeaders: (headers) => quotaFromCodexHeaders(headers, new Date()),
    fetchQuota: (account) => fetchCodexUsage({ baseUrl, headers: credentials.headers(account), fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs }),
    async refreshTokens(refreshToken) {
      try {
        const tokens = await refreshCodexTokens(config.oauth, refreshToken, { fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs });
        if (!tokens.accessToken) throw new Error('the token endpoint answered without an access token');
        const who = tokens.idToken ? identityFromIdToken(tokens.idToken) : null;
        return {
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken,
          expiresAt: tokens.expiresAt,
          accountFields: { last_refresh: new Date().toISOString(), ...(who ? { plan: who.plan, ...(who.email ? { email: who.email } : {}), fedramp: who.fedramp } : {}) },
        };
      } catch (error) {
        if (error instanceof CodexOAuthError && error.failure === 'login-again') throw new LoginRefusedError(error.message, { cause: error, reason: error.message });
        throw error;
      }
    },
  };
}

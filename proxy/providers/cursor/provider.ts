import { LoginRefusedError } from '../../accounts/account-errors.js';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import { cliCommand } from '../../cli-command.js';
import { ModelDirectory } from '../../models/model-directory.js';
import { modelsWithAliases } from '../../models/model-info.js';
import type { CursorAgentCredential } from '../../protocols/cursor-agent/agent-headers.js';
import { agentStackOnFirstUse, transportOnFirstUse } from '../../protocols/cursor-agent/agent-stack.js';
import { cursorAgentProtocol } from '../../protocols/cursor-agent/protocol.js';
import type { TargetDeps } from '../provider-module.js';
import type { Target } from '../provider.js';
import { cursorPartOf } from './account-part.js';
import { CursorLogoutError, refreshCursorTokens } from './auth-api.js';
import { fetchAvailableModels } from './available-models.js';
import type { CursorProviderConfig } from './config-schema.js';
import { CURSOR_MODEL_PREFIX } from './constants.js';
import { readCursorModels } from './models.js';
import { jwtExpiry } from './tokens.js';
import { fetchCursorUsage } from './usage-summary.js';

/** The agent adds its own system prompt and tool definitions to every run, rounded up. */
const CURSOR_ADDED_INPUT_TOKENS = 4096;
const CURSOR_MAX_OUTPUT_TOKENS = 64_000;

/** A Cursor login's credential as the agent transport needs it: the token and the machine id the checksum ends with. */
export function agentCredentialOf(credentials: ProviderCredentials): CursorAgentCredential {
  const machineId = cursorPartOf(credentials.account.data)?.machine_id;
  return machineId ? { accessToken: credentials.accessToken, machineId } : { accessToken: credentials.accessToken };
}

/** `cursor-<id>` → `<id>`; any other name as it is. */
function withoutPrefix(name: string): string {
  return name.toLowerCase().startsWith(CURSOR_MODEL_PREFIX) ? name.slice(CURSOR_MODEL_PREFIX.length) : name;
}

/**
 * Cursor logins as one target: Cursor's agent chat (every client format translated through the IR). Its models
 * are listed as `cursor-<id>`; `cursor-*` names, the `cr/` and `cursor/` prefixes and the config's aliases route
 * here.
 */
export function createCursorTarget(config: CursorProviderConfig, deps: Pick<TargetDeps, 'fetch' | 'refreshTimeoutMs'>): Target {
  const listed = config.models.map((model) => ({ id: `${CURSOR_MODEL_PREFIX}${model.id}`, displayName: model.name, createdAt: null }));
  const modelDirectory = new ModelDirectory({ builtIn: listed, families: [], aliases: config.aliases, accepts: (id) => id.toLowerCase().startsWith(CURSOR_MODEL_PREFIX) && id.length > CURSOR_MODEL_PREFIX.length });
  const authCall = { baseUrl: config['auth-url'], fetch: deps.fetch, timeoutMs: deps.refreshTimeoutMs };
  const agent = agentStackOnFirstUse(config.agent);
  const listModels = (credentials: ProviderCredentials) =>
    readCursorModels([
      ['GetUsableModels', async () => (await agent()).readUsableModels(agentCredentialOf(credentials), { timeoutMs: deps.refreshTimeoutMs })],
      ['AvailableModels', () => fetchAvailableModels({ ...authCall, accessToken: credentials.accessToken })],
    ]);
  const protocol = cursorAgentProtocol<ProviderCredentials>({
    transport: transportOnFirstUse(agent),
    agentCredential: agentCredentialOf,
    listModels,
    versionGateFix: `Raise providers.cursor.agent.clientVersion (now ${config.agent.clientVersion}) in the config.`,
  });
  return {
    id: 'cursor',
    provider: 'cursor',
    otherNames: ['cr'],
    displayName: 'Cursor (experimental)',
    costBasis: 'subscription',
    loginHint: cliCommand('login cursor'),
    accountHeaders: [],
    defaultClientModel: listed[0]?.id ?? `${CURSOR_MODEL_PREFIX}claude-4.5-sonnet`,
    // Cursor-only: when Cursor alone has accounts, Claude Code's and the SDKs' every model name is answered here.
    servesEveryNameWhenAlone: true,
    modelDirectory,
    addedInputTokens: CURSOR_ADDED_INPUT_TOKENS,
    defaultMaxOutputTokens: CURSOR_MAX_OUTPUT_TOKENS,
    protocol,
    models: () => modelsWithAliases('cursor', modelDirectory),
    resolveModel: (name) => {
      const resolved = modelDirectory.resolve(name);
      return resolved === null ? null : withoutPrefix(resolved);
    },
    quotaFromHeaders: () => null,
    fetchQuota: (credentials) => fetchCursorUsage({ ...authCall, accessToken: credentials.accessToken }),
    async refreshTokens(refreshToken) {
      try {
        const tokens = await refreshCursorTokens(authCall, config['oauth-client-id'], refreshToken);
        return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: jwtExpiry(tokens.accessToken) };
      } catch (error) {
        if (error instanceof CursorLogoutError) throw new LoginRefusedError(error.message, { cause: error, reason: error.message });
        throw error;
      }
    },
  };
}

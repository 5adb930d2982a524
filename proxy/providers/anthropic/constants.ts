/**
 * Facts about Anthropic's OAuth and Messages endpoints (docs: PROTOCOLS.md §1). None of these is a public,
 * documented interface, so each lives here once and every URL can be overridden in the config.
 */
export const ANTHROPIC_DEFAULTS = {
  baseUrl: 'https://api.anthropic.com',
  oauth: {
    clientId: '9d1c250a-e61b-44d9-88ed-5944d1962f5e',
    authorizeUrl: 'https://claude.ai/oauth/authorize',
    tokenUrl: 'https://platform.claude.com/v1/oauth/token',
    /** Older token endpoint; tried when the current one cannot be reached or does not exist. */
    legacyTokenUrl: 'https://console.anthropic.com/v1/oauth/token',
    redirectUri: 'http://localhost:54545/callback',
    manualRedirectUri: 'https://platform.claude.com/oauth/code/callback',
    scopes: ['org:create_api_key', 'user:profile', 'user:inference', 'user:sessions:claude_code'],
  },
  profile: { cliVersion: '2.1.332', entrypoint: 'cli' },
} as const;

/** Without this beta an OAuth bearer token is refused ("OAuth authentication is currently not supported"). */
export const OAUTH_BETA = 'oauth-2025-04-20';
/** Sent by Claude Code itself; part of the request profile. */
export const CLAUDE_CODE_BETA = 'claude-code-20250219';
export const CLAUDE_CODE_SYSTEM_PROMPT = "You are Claude Code, Anthropic's official CLI for Claude.";
/** The first system block of Claude Code 2.1.x in `-p` mode (CLIENTS.md, measured). */
export const CLAUDE_CODE_BILLING_HEADER = 'x-anthropic-billing-header:';

/**
 * Input a request may carry beyond the client's body, rounded up: the request profile's system line and
 * metadata.user_id, and the system prompt Anthropic adds when tools are present (about 350 tokens on current models).
 */
export const ANTHROPIC_ADDED_INPUT_TOKENS = 1024;

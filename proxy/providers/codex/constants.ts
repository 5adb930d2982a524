/**
 * Facts about the ChatGPT (Codex) login and backend (PROTOCOLS.md §2). None of these is a public, documented
 * interface, so each lives here once and every URL and identity value can be overridden in the config.
 */
export const CODEX_DEFAULTS = {
  /** The backend the Codex CLI calls `chatgpt_base_url`; Codex requests go to `<base>/codex/responses`. */
  baseUrl: 'https://chatgpt.com/backend-api',
  oauth: {
    /** Every login path hangs off the issuer, as in codex-rs: /oauth/authorize, /oauth/token, /api/accounts/deviceauth/…. */
    issuer: 'https://auth.openai.com',
    clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
    /** Ours and CPA's; codex-rs adds api.connectors.read and api.connectors.invoke. */
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    /** The only two loopback redirects registered for the client: 1455, else 1457 (same path). */
    loopbackPorts: [1455, 1457],
    callbackPath: '/auth/callback',
  },
  /** Sent as `originator`, in the User-Agent and in the authorize request. */
  originator: 'codex_cli_rs',
  /** One value feeds `client_version`, `Version` and the User-Agent: models newer than it are gated. */
  clientVersion: '0.155.0',
} as const;

/** The claim of OpenAI's tokens that carries the ChatGPT login (workspace, user, plan). */
export const CODEX_AUTH_CLAIM = 'https://api.openai.com/auth';
export const CODEX_PROFILE_CLAIM = 'https://api.openai.com/profile';

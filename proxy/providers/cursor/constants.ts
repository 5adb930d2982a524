import type { ListedModel } from '../../models/listed-model.js';

/**
 * Cursor's reverse-engineered endpoints and names (PROTOCOLS.md §3 "Login and storage"): defaults of the
 * `providers.cursor` section, every one overridable there.
 */
export const CURSOR_DEFAULTS = {
  /** Login, refresh and API-key exchange (`/auth/poll`, `/oauth/token`, `/auth/refresh`, `/auth/exchange_user_api_key`). */
  authBaseUrl: 'https://api2.cursor.sh',
  /** The page the deep-link login opens. */
  loginPageUrl: 'https://cursor.com/loginDeepControl',
  /** The client id `/oauth/token` refreshes for (auth2api src/auth/cursor/oauth.ts). */
  oauthClientId: 'KbZUR41cY7W6zRSdpSUJ7I7mLYBKOCmB',
} as const;

/** What Cursor's catalog served when this list was written: listed until the config names others. */
export const CURSOR_BUILT_IN_MODELS: readonly ListedModel[] = [
  { id: 'claude-4.5-sonnet', displayName: 'Claude 4.5 Sonnet (Cursor)', createdAt: null },
  { id: 'gpt-5', displayName: 'GPT-5 (Cursor)', createdAt: null },
  { id: 'composer-1', displayName: 'Composer 1 (Cursor)', createdAt: null },
];

/** Claude Code's and the SDKs' model names, as Cursor's catalog names the same models. */
export const CURSOR_DEFAULT_ALIASES: Readonly<Record<string, string>> = {
  'claude-sonnet-4-5': 'claude-4.5-sonnet',
  'claude-sonnet-4-5-20250929': 'claude-4.5-sonnet',
  sonnet: 'claude-4.5-sonnet',
  composer: 'composer-1',
};

/** Model names with this prefix go to Cursor as the rest of the name (`cursor-gpt-5` → `gpt-5`). */
export const CURSOR_MODEL_PREFIX = 'cursor-';

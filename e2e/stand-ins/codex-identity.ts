import { randomBytes } from 'node:crypto';

/**
 * Who signs in to the Codex stand-ins: a ChatGPT user in a workspace. Two members of one Team workspace share the
 * account id and differ by user id (PROTOCOLS.md §2 "Tokens, refresh, identity").
 */
export interface CodexUser {
  email: string;
  userId: string;
  /** The workspace: sent back as ChatGPT-Account-ID. */
  accountId: string;
  plan: 'free' | 'plus' | 'pro' | 'team' | 'business' | 'enterprise';
  fedramp?: boolean;
}

export const CODEX_AUTH_CLAIM = 'https://api.openai.com/auth';
export const CODEX_PROFILE_CLAIM = 'https://api.openai.com/profile';

export const DEFAULT_CODEX_USER: CodexUser = { email: 'coder@example.com', userId: 'user-standin-1', accountId: 'acct-standin-1', plan: 'plus' };

/** The login most tests hold: Ada, on a workspace of her own, on the plan a test names. */
export function ada(plan: 'plus' | 'pro'): CodexUser {
  return { email: 'ada@example.com', userId: 'user-ada', accountId: 'ws-ada', plan };
}

/** The claims OpenAI's id token carries about the ChatGPT login (as codex-rs reads them). */
export function codexIdClaims(user: CodexUser, expiresAtSeconds: number): Record<string, unknown> {
  return {
    iss: 'https://auth.openai.com',
    aud: ['app_EMoamEEZ73f0CkXaXp7hrann'],
    sub: `auth0|${user.userId}`,
    email: user.email,
    email_verified: true,
    exp: expiresAtSeconds,
    iat: expiresAtSeconds - 3600,
    [CODEX_AUTH_CLAIM]: {
      chatgpt_account_id: user.accountId,
      chatgpt_user_id: user.userId,
      user_id: user.userId,
      chatgpt_plan_type: user.plan,
      chatgpt_account_is_fedramp: user.fedramp === true,
      organizations: [{ id: `org-${user.accountId}`, is_default: true, role: 'owner', title: 'Personal' }],
    },
  };
}

/**
 * A JWT the way a client reads OpenAI's: header.payload.signature, base64url. Clients decode the payload without
 * checking the signature (codex-rs token_data.rs), so the stand-in signs with random bytes; the jti keeps every
 * token distinct.
 */
export function unsignedJwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'standin' })}.${encode({ jti: randomBytes(8).toString('hex'), ...payload })}.${randomBytes(32).toString('base64url')}`;
}

import { z } from 'zod';
import { CODEX_AUTH_CLAIM, CODEX_PROFILE_CLAIM } from './constants.js';

/** Who a ChatGPT login is, read from OpenAI's id token (PROTOCOLS.md §2 "Claims"). */
export interface CodexIdentity {
  email: string | null;
  plan: string | null;
  /** The workspace: ChatGPT-Account-ID. */
  accountId: string;
  userId: string | null;
  fedramp: boolean;
}

const authClaim = z.looseObject({
  chatgpt_account_id: z.string().min(1),
  chatgpt_user_id: z.string().min(1).optional(),
  user_id: z.string().min(1).optional(),
  chatgpt_plan_type: z.string().optional(),
  chatgpt_account_is_fedramp: z.boolean().optional(),
});

const claimsSchema = z.looseObject({
  email: z.string().optional(),
  exp: z.number().optional(),
  [CODEX_AUTH_CLAIM]: authClaim.optional(),
  [CODEX_PROFILE_CLAIM]: z.looseObject({ email: z.string().optional() }).optional(),
});

/** A JWT's payload, unverified (a client reads its own tokens; the issuer checks them). Null when it is not a JWT. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The login's identity from its id token; throws with the reason in words when the token does not carry one. */
export function identityFromIdToken(idToken: string): CodexIdentity {
  const parsed = claimsSchema.safeParse(jwtClaims(idToken));
  const auth = parsed.success ? parsed.data[CODEX_AUTH_CLAIM] : undefined;
  if (!parsed.success || !auth) throw new Error('the id token does not name a ChatGPT workspace (no chatgpt_account_id claim): this is not a ChatGPT sign-in');
  return {
    email: parsed.data.email ?? parsed.data[CODEX_PROFILE_CLAIM]?.email ?? null,
    plan: auth.chatgpt_plan_type ?? null,
    accountId: auth.chatgpt_account_id,
    userId: auth.chatgpt_user_id ?? auth.user_id ?? null,
    fedramp: auth.chatgpt_account_is_fedramp === true,
  };
}

/** When a token expires, from its JWT `exp`; null when it does not say. */
export function jwtExpiry(token: string): Date | null {
  const exp = jwtClaims(token)?.['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : null;
}

/** The name an account file is keyed by: user and workspace, so two members of one Team workspace stay two accounts. */
export function identityKey(identity: Pick<CodexIdentity, 'userId' | 'accountId'>): string {
  return identity.userId ? `${identity.userId}-${identity.accountId}` : identity.accountId;
}

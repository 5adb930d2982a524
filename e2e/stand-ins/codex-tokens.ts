import { CODEX_AUTH_CLAIM, codexIdClaims, unsignedJwt, type CodexUser } from './codex-identity.js';

export interface CodexIssuedTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

/** Why a refresh token was refused, as OpenAI's token endpoint names it (`error.code`). */
export type RefreshRefusal = 'refresh_token_reused' | 'refresh_token_expired' | 'refresh_token_invalidated';

interface RefreshEntry {
  user: CodexUser;
  family: number;
  used: boolean;
}

const REFUSAL_MESSAGES: Record<RefreshRefusal, string> = {
  refresh_token_reused: 'Your refresh token has already been used to generate a new access token. Please try signing in again.',
  refresh_token_expired: 'Your refresh token has expired. Please try signing in again.',
  refresh_token_invalidated: 'Your session has ended. Please sign in again.',
};

export function refusalMessage(code: RefreshRefusal): string {
  return REFUSAL_MESSAGES[code];
}

/**
 * The tokens the Codex auth stand-in issued, shared with the backend stand-in that checks them. Refresh tokens
 * rotate strictly, one family per login: using a refresh token retires it; presenting a retired one again is
 * `refresh_token_reused` and ends the whole family (every token of that login), as OpenAI's reuse detection does.
 * Revoking (Codex does on its next login or logout) ends a family too.
 */
export class CodexTokenRegistry {
  private readonly access = new Map<string, { user: CodexUser; family: number; expiresAt: number }>();
  private readonly refresh = new Map<string, RefreshEntry>();
  private readonly endedFamilies = new Map<number, RefreshRefusal>();
  private families = 0;
  /** Successful refresh grants, per user id. */
  readonly refreshCount = new Map<string, number>();

  constructor(
    private readonly accessTokenTtlSeconds = 10 * 24 * 60 * 60,
    private readonly now: () => number = Date.now,
  ) {}

  /** Tokens for a new login (a new family). */
  issue(user: CodexUser, ttlSeconds = this.accessTokenTtlSeconds): CodexIssuedTokens {
    return this.issueIn(user, ++this.families, ttlSeconds);
  }

  private issueIn(user: CodexUser, family: number, ttlSeconds: number): CodexIssuedTokens {
    const exp = Math.floor(this.now() / 1000) + ttlSeconds;
    const claims = codexIdClaims(user, exp);
    const idToken = unsignedJwt(claims);
    const accessToken = unsignedJwt({ iss: claims['iss'], sub: claims['sub'], exp, aud: ['https://api.openai.com/v1'], [CODEX_AUTH_CLAIM]: claims[CODEX_AUTH_CLAIM], scp: ['openid', 'profile', 'email', 'offline_access'] });
    const refreshToken = `rt_standin_${family}_${Buffer.from(idToken.split('.')[2]!).toString('hex').slice(0, 40)}`;
    this.access.set(accessToken, { user, family, expiresAt: exp * 1000 });
    this.refresh.set(refreshToken, { user, family, used: false });
    return { idToken, accessToken, refreshToken };
  }

  /** The user of a valid access token; else why not ('expired', 'revoked' for an ended login, 'unknown'). */
  check(accessToken: string): { user: CodexUser } | { problem: 'expired' | 'revoked' | 'unknown' } {
    const entry = this.access.get(accessToken);
    if (!entry) return { problem: 'unknown' };
    if (this.endedFamilies.has(entry.family)) return { problem: 'revoked' };
    if (entry.expiresAt <= this.now()) return { problem: 'expired' };
    return { user: entry.user };
  }

  /** Trades a refresh token for new tokens of the same login, or says why not. */
  rotate(refreshToken: string): CodexIssuedTokens | { refused: RefreshRefusal } | null {
    const entry = this.refresh.get(refreshToken);
    if (!entry) return null;
    const ended = this.endedFamilies.get(entry.family);
    if (ended) return { refused: ended === 'refresh_token_reused' ? 'refresh_token_invalidated' : ended };
    if (entry.used) {
      this.endedFamilies.set(entry.family, 'refresh_token_reused');
      return { refused: 'refresh_token_reused' };
    }
    entry.used = true;
    this.refreshCount.set(entry.user.userId, (this.refreshCount.get(entry.user.userId) ?? 0) + 1);
    return this.issueIn(entry.user, entry.family, this.accessTokenTtlSeconds);
  }

  /** Ends the login a refresh token belongs to (POST /oauth/revoke). False when the token is unknown. */
  revoke(refreshToken: string): boolean {
    const entry = this.refresh.get(refreshToken);
    if (!entry) return false;
    this.endedFamilies.set(entry.family, 'refresh_token_invalidated');
    return true;
  }

  /** Makes every refresh token of the user's logins refuse with this code (an expired or ended session). */
  endLogins(userId: string, why: RefreshRefusal): void {
    for (const entry of this.refresh.values()) if (entry.user.userId === userId) this.endedFamilies.set(entry.family, why);
  }

  /** Makes the user's access tokens expire now (the backend's next answer is a 401). */
  expireAccessTokens(userId?: string): void {
    for (const entry of this.access.values()) if (!userId || entry.user.userId === userId) entry.expiresAt = 0;
  }
}

import { randomBytes } from 'node:crypto';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/**
 * The tokens a stand-in OAuth server has issued, shared with the stand-in API that checks them. Refresh
 * tokens rotate: using one retires it, and using a retired one again is `invalid_grant` (as upstream).
 */
export class TokenRegistry {
  private readonly access = new Map<string, { expiresAt: number; account: string }>();
  private readonly refresh = new Map<string, { account: string; used: boolean }>();
  /** How many refresh grants succeeded, per account: tests assert single-flight refresh with it. */
  readonly refreshCount = new Map<string, number>();

  constructor(
    private readonly accessTokenTtlSeconds = 8 * 60 * 60,
    private readonly now: () => number = Date.now,
  ) {}

  issue(account: string, ttlSeconds = this.accessTokenTtlSeconds): IssuedTokens {
    const accessToken = `sk-ant-oat01-standin-${randomBytes(24).toString('base64url')}`;
    const refreshToken = `sk-ant-ort01-standin-${randomBytes(24).toString('base64url')}`;
    this.access.set(accessToken, { expiresAt: this.now() + ttlSeconds * 1000, account });
    this.refresh.set(refreshToken, { account, used: false });
    return { accessToken, refreshToken, expiresIn: ttlSeconds };
  }

  /** The account an access token belongs to, or null when it is unknown or expired. */
  accountOf(accessToken: string): string | null {
    const entry = this.access.get(accessToken);
    return entry && entry.expiresAt > this.now() ? entry.account : null;
  }

  /** True when the token was issued here but has expired (the API then says so instead of "invalid"). */
  isExpired(accessToken: string): boolean {
    const entry = this.access.get(accessToken);
    return entry !== undefined && entry.expiresAt <= this.now();
  }

  /** Trades a refresh token for a new pair; null when the token is unknown, revoked or already used. */
  rotate(refreshToken: string): IssuedTokens | null {
    const entry = this.refresh.get(refreshToken);
    if (!entry || entry.used) return null;
    entry.used = true;
    this.refreshCount.set(entry.account, (this.refreshCount.get(entry.account) ?? 0) + 1);
    return this.issue(entry.account);
  }

  /** Makes every access token of the account expire now (the next API call answers 401). */
  expireAccessTokens(account?: string): void {
    for (const entry of this.access.values()) if (!account || entry.account === account) entry.expiresAt = 0;
  }

  /** Revokes every refresh token of the account (the next refresh is invalid_grant). */
  revokeRefreshTokens(account?: string): void {
    for (const entry of this.refresh.values()) if (!account || entry.account === account) entry.used = true;
  }
}

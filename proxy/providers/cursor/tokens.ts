/** Cursor's tokens as a login, the API-key exchange or a refresh gives them. */
export interface CursorTokens {
  accessToken: string;
  refreshToken: string | null;
}

/** A stored token as Cursor keeps it: maybe JSON-quoted, maybe `user_xxx::<jwt>` (the JWT is the part after `::`). */
export function bareToken(value: string): string {
  let text = value.trim();
  if (text.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') text = parsed;
    } catch {
      // Not JSON after all: the value as it is.
    }
  }
  const separator = text.indexOf('::');
  return separator >= 0 ? text.slice(separator + 2) : text;
}

/** A JWT's claims, or null when the token is not a readable JWT. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** When the token expires (its `exp`), or null. */
export function jwtExpiry(token: string): Date | null {
  const exp = jwtClaims(token)?.['exp'];
  return typeof exp === 'number' ? new Date(exp * 1000) : null;
}

/** Who the token is for: its `sub` (Cursor's `auth0|user_…`), or null. */
export function jwtSubject(token: string): string | null {
  const sub = jwtClaims(token)?.['sub'];
  return typeof sub === 'string' && sub ? sub : null;
}

/**
 * An upstream answered with a redirect. It is never followed: following it would send the request again — the whole
 * conversation and the account's token — to wherever the `Location` points. A provider's API does not redirect its
 * own clients, so a 3xx means a broken proxy, a wrong base URL or a hostile upstream: an upstream error.
 */
export class UpstreamRedirectError extends Error {
  constructor(
    readonly status: number,
    /** The origin the redirect pointed to (its path and query may carry anything), or null when it named none. */
    readonly target: string | null,
  ) {
    super(`answered HTTP ${status}, a redirect${target ? ` to ${target}` : ''}, which Switchboard never follows`);
    this.name = 'UpstreamRedirectError';
  }
}

/**
 * fetch for every call to a provider (model requests, token counts, model lists, usage, profile, OAuth tokens):
 * redirects are not followed (`redirect: 'manual'`) but thrown as UpstreamRedirectError, their body released.
 */
export function refusingRedirects(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, { ...init, redirect: 'manual' });
    if (response.status < 300 || response.status > 399) return response;
    await response.body?.cancel().catch(() => {});
    throw new UpstreamRedirectError(response.status, originOf(response.headers.get('location'), input));
  };
}

function originOf(location: string | null, requested: Parameters<typeof fetch>[0]): string | null {
  if (!location) return null;
  const base = typeof requested === 'string' ? requested : requested instanceof URL ? requested.href : requested.url;
  try {
    return new URL(location, base).origin;
  } catch {
    return null;
  }
}

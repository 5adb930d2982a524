/**
 * An upstream answered with a redirect. It is never followed: following it would send the request again — the whole
 * conversation and the account's token — to wherever the `Location` points. A provider's API does not redirect its
 * own clients, so a 3xx means a broken proxy, a wrong base URL or a hostile upstream: an upstream error.
 */
export class UpstreamRedirectError extends Error {
  constructor(
    /** The status, when fetch passed the answer on (a 3xx it does not treat as a redirect: 300, 304…); else null. */
    readonly status: number | null,
    /** The origin the redirect pointed to (its path and query may carry anything), or null when it named none or is unknown. */
    readonly target: string | null,
  ) {
    super(`answered ${status === null ? 'with' : `HTTP ${status},`} a redirect${target ? ` to ${target}` : ''}, which Switchboard never follows`);
    this.name = 'UpstreamRedirectError';
  }
}

/**
 * fetch for every call to a provider (model requests, token counts, model lists, usage, profile, OAuth tokens):
 * redirects are never followed but thrown as UpstreamRedirectError, their body released. fetch itself refuses the
 * redirect statuses (301, 302, 303, 307, 308) with `redirect: 'error'`: in any other mode undici copies every
 * request first, teeing its body (~90 µs of CPU for a small request, ~300 µs for 300 KB), to be able to send it
 * again. The price: fetch does not say which redirect it refused, or to where. Any other 3xx comes back as an answer.
 */
export function refusingRedirects(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetchImpl(input, { ...init, redirect: 'error' });
    } catch (error) {
      throw isRefusedRedirect(error) ? new UpstreamRedirectError(null, null) : error;
    }
    if (response.status < 300 || response.status > 399) return response;
    await response.body?.cancel().catch(() => {});
    throw new UpstreamRedirectError(response.status, originOf(response.headers.get('location'), input));
  };
}

/** undici's network error for a redirect in `redirect: 'error'` mode, whoever wrapped it since (its causes are kept). */
function isRefusedRedirect(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause.message === 'unexpected redirect') return true;
  }
  return false;
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

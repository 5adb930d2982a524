import { NoUsableAccountError } from '../../accounts/account-errors.js';
import type { AccountPool } from '../../accounts/account-pool.js';
import type { Provider, ProviderCredentials } from '../../providers/provider.js';
import type { ModelRouter } from '../../router/model-router.js';
import { ApiError } from '../api-error.js';

/**
 * One upstream call whose time until the response headers is bounded by `firstByteMs`. The call gets a signal
 * that aborts on that timeout or when the client goes away; network failures become 502s in plain words.
 */
export async function callUpstream<T>(
  upstreamName: string,
  firstByteMs: number,
  clientSignal: AbortSignal,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('first-byte timeout')), firstByteMs);
  try {
    return await call(AbortSignal.any([clientSignal, timeout.signal]));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (clientSignal.aborted) throw new ApiError(499, 'api_error', 'the client closed the connection');
    if (timeout.signal.aborted) {
      throw new ApiError(504, 'timeout', `${upstreamName} did not answer within ${Math.round(firstByteMs / 1000)}s (config "timeouts.first-byte")`);
    }
    throw new ApiError(502, 'api_error', `could not reach ${upstreamName}: ${describeNetworkError(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Account problems (none logged in, login dead) as 503s that say what to do. */
export async function withAccountErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof NoUsableAccountError) throw new ApiError(503, 'unavailable', error.message);
    throw new ApiError(503, 'unavailable', error instanceof Error ? error.message : String(error));
  }
}

export function unknownModel(model: string, router: ModelRouter): ApiError {
  const known = router
    .all()
    .flatMap((provider) => provider.models().map((info) => info.id))
    .slice(0, 12);
  return new ApiError(404, 'not_found', `model "${model}" is not served by this Switchboard — use one of: ${known.join(', ')}`, {
    param: 'model',
    code: 'model_not_found',
  });
}

/** The client's body as the request's own AbortController sees it: aborted when the connection closes early. */
export function clientDisconnectSignal(res: { on(event: 'close', listener: () => void): unknown; writableFinished: boolean }): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
  });
  return controller.signal;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

/** What sendWithRefresh needs to know of an upstream answer. */
export interface UpstreamAttempt {
  status: number;
  /** Releases the answer (its body) when it is thrown away for a retry. */
  discard(): Promise<void>;
}

/**
 * Takes an account from the pool and makes the call; when the upstream refuses the token (401) although it
 * had not expired, refreshes it once and tries once more. A second refusal is reported in plain words.
 */
export async function sendWithRefresh<T extends UpstreamAttempt>(
  pool: AccountPool,
  provider: Provider,
  call: (credentials: ProviderCredentials) => Promise<T>,
): Promise<{ answer: T; credentials: ProviderCredentials }> {
  let credentials = await withAccountErrors(() => pool.acquire(provider.id));
  let answer = await call(credentials);
  if (answer.status !== 401) return { answer, credentials };
  await answer.discard();
  credentials = await withAccountErrors(() => pool.refreshAfterRejection(credentials));
  answer = await call(credentials);
  if (answer.status !== 401) return { answer, credentials };
  await answer.discard();
  throw new ApiError(
    503,
    'unavailable',
    `${provider.displayName} refused the login of account "${credentials.account.id}" even after a token refresh: run \`${provider.loginHint}\``,
  );
}

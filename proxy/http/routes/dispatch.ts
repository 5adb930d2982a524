import { AccountLoginError, NoUsableAccountError } from '../../accounts/account-errors.js';
import type { AccountPool } from '../../accounts/account-pool.js';
import { UpstreamNetworkError } from '../../upstream/network-failure.js';
import { UpstreamRedirectError } from '../../upstream/no-redirects.js';
import { StackLoadError } from '../../upstream/loaded-on-first-use.js';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import type { Target } from '../../providers/provider.js';
import { countsAgainstAccount, shouldFailOver } from '../../upstream/failure.js';
import { createLogger } from '../../log.js';
import type { ModelRouter, Route } from '../../router/model-router.js';
import { ApiError, ownerMessage } from '../api-error.js';
import type { UsageNotes } from '../usage-recording.js';
import { callerOf } from '../security/api-key.js';
import { targetOf } from '../../accounts/account-file.js';

const log = createLogger('http/dispatch');

/**
 * One upstream call whose time until the response headers is bounded by `firstByteMs`. The call gets a signal
 * that aborts on that timeout or when the client goes away. Network failures and redirects become 502s and the
 * timeout a 504, in plain words (all count against the account); an error raised while building the upstream
 * request is the request's own fault: a 400 that touches no account.
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
    if (error instanceof UpstreamNetworkError) throw new ApiError(502, 'api_error', `could not reach ${upstreamName}: ${error.message}`);
    if (error instanceof UpstreamRedirectError) throw new ApiError(502, 'api_error', `${upstreamName} ${error.message}`);
    if (error instanceof StackLoadError) throw new ApiError(500, 'api_error', error.message);
    throw requestFault(upstreamName, error);
  } finally {
    clearTimeout(timer);
  }
}

/** Account problems (none logged in, login dead) as errors that say what to do. */
export async function withAccountErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw accountError(error);
  }
}

/**
 * Every account cooling down → 429 with Retry-After (clients wait and retry); anything else → 503 in words. Which
 * accounts, and why each, is detail for admin callers only.
 */
function accountError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof NoUsableAccountError) {
    const accountDetail = error.detail ?? undefined;
    if (error.retryAt === null) return new ApiError(503, 'unavailable', error.summary, { accountDetail, final: error.ownerMustAct });
    return new ApiError(429, 'rate_limit', error.summary, { accountDetail, retryAfterSeconds: Math.max(1, Math.ceil((error.retryAt - Date.now()) / 1000)) });
  }
  if (error instanceof AccountLoginError) {
    // A client key learns who can fix it; the owner reads the account, the fix and the underlying error.
    const owner = [`an account ${error.problem}`, error.fix, `account ${error.accountId}${error.detail ? `: ${error.detail}` : ''}`].filter(Boolean).join(' — ');
    return new ApiError(503, 'unavailable', `an account ${error.problem} (the Switchboard's owner can fix this)`, { accountDetail: `account ${error.accountId}`, ownerMessage: owner });
  }
  // Nothing else is expected here; whatever it says (a file name, say) may name an account.
  return new ApiError(503, 'unavailable', 'no account could be used for this request', { accountDetail: error instanceof Error ? error.message : String(error) });
}

/** Where a managed key pinned to a target or an account lets its requests go (null: anywhere). */
export interface Pinning {
  /** The target name the key is pinned to, or the target of the account it is pinned to. */
  target: string | null;
  account: string | null;
}

/**
 * The pinning of the key that sent the request. A key pinned to an account goes to that account's target; an
 * account that no longer exists serves nothing (403): the key is never billed to another.
 */
export function pinningOf(locals: Record<string, unknown>, pool: Pick<AccountPool, 'get'>): Pinning {
  const managed = callerOf(locals)?.managed ?? null;
  if (!managed?.pinnedAccount) return { target: managed?.pinnedTarget ?? null, account: null };
  const account = pool.get(managed.pinnedAccount);
  if (!account) throw new ApiError(403, 'permission', `this API key is billed to the account "${managed.pinnedAccount}" alone, which is not logged in (the Switchboard's owner can log it in again or change the key)`, { final: true });
  return { target: targetOf(account.data), account: account.id };
}

/**
 * The chain of targets for a request's model, for the key that sent it: a pinned key gets its target alone. No target
 * at all is a 404 naming the models served, or for a pinned key a 403 saying its target does not serve the model —
 * its request is never sent elsewhere.
 */
export function chainFor(router: ModelRouter, model: string, pinning: Pinning): Route[] {
  const chain = router.chain(model, { onlyTarget: pinning.target });
  if (chain.length > 0) return chain;
  if (pinning.target && router.chain(model).length > 0) {
    throw new ApiError(403, 'permission', `this API key may use only the target "${pinning.target}", which does not serve the model "${model}"`, { param: 'model', final: true });
  }
  throw unknownModel(model, router);
}

/** Notes the target a chain is trying now, for the usage event. */
export function noteTarget(notes: UsageNotes, route: Route): void {
  notes.provider = route.target.id;
  notes.modelServed = route.upstreamModel;
  notes.costBasis = route.target.costBasis;
  (notes.targetsTried ??= []).push(route.target.id);
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

/** Building the upstream request failed before anything was sent (a body too deep to serialize, say). */
function requestFault(upstreamName: string, error: unknown): ApiError {
  log.warn({ err: error }, 'the upstream request could not be built; no account is charged for it');
  const problem = error instanceof Error ? error.message : String(error);
  return new ApiError(400, 'invalid_request', `this request could not be sent to ${upstreamName}: ${problem}`);
}

/** What sendWithFailover needs to know of an upstream answer. */
export interface UpstreamAttempt {
  status: number;
  headers: Headers;
  /** The error body, read, when status ≥ 400 (error bodies are small); null otherwise. */
  errorText: string | null;
  /** Releases the answer (its body) when it is thrown away for a retry. */
  discard(): Promise<void>;
}

export interface FailoverContext {
  pool: AccountPool;
  /** The most time one request may spend trying accounts. */
  failoverMs: number;
  /** Sees every answer's headers (live quota windows). */
  observe?: (accountId: string, provider: Target, headers: Headers) => void;
}

/**
 * Serves one request from the provider's pool (ARCHITECTURE.md steps 3 and 5): takes the next account by the
 * strategy; a refused token (401) is refreshed once and retried once; a rate limit, overload or network failure
 * cools that account down and moves on to the next one — only before anything reached the client, and within
 * the failover time cap. When no account is left, the last upstream answer goes to the client as it was.
 */
export async function sendWithFailover<T extends UpstreamAttempt>(
  context: FailoverContext,
  provider: Target,
  affinityKey: string | null,
  call: (credentials: ProviderCredentials) => Promise<T>,
  /** The one account that may serve (a key pinned to it). */
  onlyAccount: string | null = null,
): Promise<{ answer: T; credentials: ProviderCredentials }> {
  const started = Date.now();
  const tried = new Set<string>();
  let lastAnswer: { answer: T; credentials: ProviderCredentials } | null = null;
  let lastError: ApiError | null = null;
  for (;;) {
    let credentials: ProviderCredentials;
    try {
      credentials = await context.pool.acquire(provider.id, { exclude: tried, affinityKey, only: onlyAccount });
    } catch (error) {
      // No account left to try: the client hears what the last upstream answer or failure said.
      if (tried.size > 0 && error instanceof NoUsableAccountError) {
        if (lastAnswer) return lastAnswer;
        if (lastError) throw lastError;
      }
      throw accountError(error);
    }
    tried.add(credentials.account.id);
    let answer: T;
    try {
      ({ answer, credentials } = await withOneRefresh(context.pool, provider, credentials, call));
    } catch (error) {
      if (!(error instanceof ApiError) || !isAccountFailure(error)) throw error;
      context.pool.failed(credentials.account.id, { class: error.status === 503 ? 'auth' : 'network', retryAt: null, reason: ownerMessage(error) });
      lastError = error;
      if (Date.now() - started > context.failoverMs) throw error;
      log.warn({ account: credentials.account.id, problem: ownerMessage(error) }, 'account failed; trying another if one is left');
      continue;
    }
    context.observe?.(credentials.account.id, provider, answer.headers);
    if (answer.status < 400) {
      context.pool.served(provider.id, credentials.account.id, affinityKey);
      return { answer, credentials };
    }
    const failure = provider.protocol.classifyFailure(answer.status, answer.headers, answer.errorText ?? '');
    if (countsAgainstAccount(failure)) context.pool.failed(credentials.account.id, failure);
    if (!shouldFailOver(failure) || Date.now() - started > context.failoverMs) return { answer, credentials };
    log.info({ account: credentials.account.id, reason: failure.reason }, 'account refused; trying another if one is left');
    if (lastAnswer) await lastAnswer.answer.discard();
    lastAnswer = { answer, credentials };
  }
}

/**
 * Serves one request along its chain of targets (the routing table's fallback chain): each target serves it from
 * its own pool (sendWithFailover); when every account of a target is cooling down, exhausted or needs login, or
 * the target's last answer is one another upstream may not share (a rate limit, an overload, a network failure —
 * also an error inside a 200 stream before its first content, which the protocol reports as an error answer), the
 * next target is tried. All of it happens before anything reached the client: once an answer is returned, it is
 * the client's, whatever follows. The last target's answer or error goes to the client as it was. `onTry` hears
 * each target as it is tried, for the usage event.
 */
export async function sendAlongChain<T extends UpstreamAttempt>(
  context: FailoverContext,
  chain: readonly Route[],
  affinityKey: string | null,
  call: (route: Route, credentials: ProviderCredentials) => Promise<T>,
  onTry: (route: Route) => void = () => {},
  onlyAccount: string | null = null,
): Promise<{ answer: T; credentials: ProviderCredentials; route: Route }> {
  if (chain.length === 0) throw new Error('sendAlongChain needs a chain of at least one target');
  for (const [index, route] of chain.entries()) {
    const last = index === chain.length - 1;
    onTry(route);
    try {
      const served = await sendWithFailover(context, route.target, affinityKey, (credentials) => call(route, credentials), onlyAccount);
      if (last || !nextTargetMayServe(route, served.answer)) return { ...served, route };
      await served.answer.discard();
      log.info({ target: route.target.id, status: served.answer.status }, 'target refused; trying the next target of the chain');
    } catch (error) {
      if (last || !(error instanceof ApiError) || !isTargetUnavailable(error)) throw error;
      log.info({ target: route.target.id, problem: ownerMessage(error) }, 'target cannot serve; trying the next target of the chain');
    }
  }
  throw new Error('unreachable: the last target of a chain returns or throws');
}

/** An error answer another upstream may not share: this target's accounts are limited, overloaded or unreachable. */
function nextTargetMayServe(route: Route, answer: UpstreamAttempt): boolean {
  if (answer.status < 400) return false;
  return shouldFailOver(route.target.protocol.classifyFailure(answer.status, answer.headers, answer.errorText ?? ''));
}

/**
 * Every account of the target cooling down or needing login (429, 503), or the last one unreachable or too slow
 * (502, 504). A request the target could not even build (400) or a client that left (499) ends the chain.
 */
function isTargetUnavailable(error: ApiError): boolean {
  return error.status === 429 || isAccountFailure(error);
}

/** Failures of this account that another account may not share: unreachable, too slow, login dead. */
function isAccountFailure(error: ApiError): boolean {
  return error.status === 502 || error.status === 504 || error.status === 503;
}

/** The call, and when the token is refused although it had not expired: one refresh and one more try. */
async function withOneRefresh<T extends UpstreamAttempt>(
  pool: AccountPool,
  provider: Target,
  credentials: ProviderCredentials,
  call: (credentials: ProviderCredentials) => Promise<T>,
): Promise<{ answer: T; credentials: ProviderCredentials }> {
  const answer = await call(credentials);
  if (answer.status !== 401) return { answer, credentials };
  await answer.discard();
  const refreshed = await withAccountErrors(() => pool.refreshAfterRejection(credentials));
  const retried = await call(refreshed);
  if (retried.status !== 401) return { answer: retried, credentials: refreshed };
  await retried.discard();
  throw new ApiError(503, 'unavailable', `${provider.displayName} refused the login of an account even after a token refresh: run \`${provider.loginHint}\``, {
    accountDetail: `account "${refreshed.account.id}"`,
  });
}

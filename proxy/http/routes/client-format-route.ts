import { type IRouter, Router, type Request, type Response } from 'express';
import { affinityKeyFrom } from '../../accounts/selection.js';
import { isExtraEndpoint, type ClientFormat } from '../../protocols/protocol.js';
import type { Target } from '../../providers/provider.js';
import type { ModelRouter, Route } from '../../router/model-router.js';
import type { WireFormat } from '../../wire/wire-format.js';
import { ApiError } from '../api-error.js';
import { usageNotes } from '../usage-recording.js';
import { checkBody } from '../validate-body.js';
import { chainFor, clientDisconnectSignal, noteTarget, pinningOf, sendAlongChain, type FailoverContext } from './dispatch.js';
import { passthroughAttempts, type PassthroughSpec } from './passthrough-attempt.js';
import type { AttemptMaker } from './served-attempt.js';
import { countsLocally, localCountAttempts, type LocalCount } from './local-count.js';
import { irAttempts, parseIntoIr } from './translated.js';

export interface ClientRouteContext {
  router: ModelRouter;
  failover: FailoverContext;
  timeouts: { firstByteMs: number; idleMs: number };
}

/** Whether the target's protocol serves this client format natively (data from the protocol, never a provider id). */
export function speaksNatively(target: Target, format: ClientFormat): boolean {
  return target.protocol.nativeFormats.includes(format);
}

/**
 * Whether the target passes this endpoint through: its protocol speaks the endpoint's format natively and, for an
 * extra endpoint only some upstreams have (responses/compact), lists it among its own.
 */
export function passesThrough(target: Target, spec: Pick<PassthroughSpec, 'endpoint' | 'format'>): boolean {
  if (!speaksNatively(target, spec.format)) return false;
  return !isExtraEndpoint(spec.endpoint) || (target.protocol.extraEndpoints ?? []).includes(spec.endpoint);
}

/**
 * One route per client format (ARCHITECTURE.md step 4). Each target of the model's chain is served its own way: the
 * request passes through to a target whose protocol speaks the client's format natively, and goes through the IR to
 * any other — so a chain may fall back from a passthrough target to one of another protocol and back.
 */
export function clientFormatRoute(path: string, format: WireFormat, context: ClientRouteContext, passthrough: PassthroughSpec, router: IRouter = Router()): IRouter {
  router.post(path, (req, res) => serveClientRequest(context, { format, passthrough }, req, res));
  return router;
}

/**
 * POST /v1/messages/count_tokens, /v1/responses/compact and the like: an endpoint with a passthrough only (the IR has
 * no token count, no compaction), so its chain keeps only the targets that pass the endpoint through.
 */
export function passthroughOnlyRoute(path: string, context: ClientRouteContext, passthrough: PassthroughSpec, localCount: LocalCount | null = null, router: IRouter = Router()): IRouter {
  router.post(path, (req, res) => serveClientRequest(context, { format: null, passthrough, localCount }, req, res));
  return router;
}

/**
 * How a route may serve: through the IR of a client format (null: not at all), passing through by a spec, and (a
 * token count) counted here for a target whose protocol cannot count upstream.
 */
interface Ways {
  format: WireFormat | null;
  passthrough: PassthroughSpec;
  localCount?: LocalCount | null;
}

async function serveClientRequest(context: ClientRouteContext, ways: Ways, req: Request, res: Response): Promise<void> {
  const natively = (target: Target) => passesThrough(target, ways.passthrough);
  const checked = once(() => checkBody(ways.passthrough.schema, req.body) as { model: string } & Record<string, unknown>);
  const { format, localCount } = ways;
  const counted = (target: Target) => !natively(target) && localCount != null && countsLocally(target);
  const readIr = format ? once(() => parseIntoIr(format, req.body, res)) : localCount ? once(() => parseIntoIr(localCount.format, localCount.bodyForIr(req.body), res)) : null;
  // The body is checked the way its first target takes it (a passthrough judges less than the IR reads), so a
  // request sees the same refusals as when that target alone served it.
  const firstTarget = chainTargets(context.router, req.body, pinnedTargetOf(res.locals, context))[0];
  const model = readIr && firstTarget && !natively(firstTarget) ? readIr().request.model : checked().model;
  res.locals.model = model; // for the usage event, also of a refused request
  const pinning = pinningOf(res.locals, context.failover.pool);
  const notes = usageNotes(res);
  const chain = servableChain(chainFor(context.router, model, pinning), format !== null, (target) => natively(target) || counted(target), ways.passthrough, notes, model);

  const attemptContext = { failover: context.failover, timeouts: context.timeouts, notes, clientGone: clientDisconnectSignal(res) };
  const passedThrough = once(() => passthroughAttempts(attemptContext, ways.passthrough, req, res, checked()));
  const translated = format && readIr ? irAttempts(format, attemptContext, res, readIr) : null;
  const countedHere = localCount && readIr ? localCountAttempts(localCount, res, notes, readIr) : null;
  const attempt: AttemptMaker = (route, credentials) => {
    if (countedHere && counted(route.target)) return countedHere(route, credentials);
    return natively(route.target) || !translated ? passedThrough()(route, credentials) : translated(route, credentials);
  };

  const affinityKey = affinityKeyFrom(req.headers, req.body as Record<string, unknown>, res.locals.apiKeyHash ?? null);
  // Noted before any account is tried, so the usage event of a request that fails on the way still says where it went.
  const { answer, credentials, route } = await sendAlongChain(context.failover, chain, affinityKey, attempt, (tried) => noteTarget(notes, tried), pinning.account);
  res.locals.account = credentials.account.id;
  await answer.serve(route, credentials);
}

/**
 * The chain as this route can serve it: whole when it can translate; else only the targets it serves without (that
 * pass through, that count here) — and none is a 400 naming the target that would have served.
 */
function servableChain(chain: Route[], translates: boolean, serves: (target: Target) => boolean, spec: PassthroughSpec, notes: ReturnType<typeof usageNotes>, model: string): Route[] {
  if (translates) return chain;
  const served = chain.filter((route) => serves(route.target));
  if (served.length > 0) return served;
  const [first] = chain as [Route, ...Route[]];
  Object.assign(notes, { provider: first.target.id, modelServed: first.upstreamModel, costBasis: first.target.costBasis });
  const why = speaksNatively(first.target, spec.format) ? `which has no /v1/${spec.endpoint} endpoint` : `which cannot serve ${spec.endpoint} without translating it`;
  throw new ApiError(400, 'invalid_request', `model "${model}" is served by ${first.target.displayName}, ${why}`);
}

/** The target a pinned key's requests go to; a pinning that cannot serve is told when the request is served. */
function pinnedTargetOf(locals: Record<string, unknown>, context: ClientRouteContext): string | null {
  try {
    return pinningOf(locals, context.failover.pool).target;
  } catch {
    return null;
  }
}

function chainTargets(router: ModelRouter, body: unknown, onlyTarget: string | null): Target[] {
  const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' ? router.chain(model, { onlyTarget }).map((route) => route.target) : [];
}

/** The value of `make`, made the first time it is asked for (a refusal is thrown again each time). */
function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}


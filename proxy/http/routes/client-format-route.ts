import { Router, type Request, type Response } from 'express';
import type { ClientFormat } from '../../protocols/protocol.js';
import type { Target } from '../../providers/provider.js';
import type { ModelRouter } from '../../router/model-router.js';
import type { WireFormat } from '../../wire/wire-format.js';
import { serveThroughIr, type TranslatedRouteContext } from './translated.js';
import { pinningOf } from './dispatch.js';

/** Serves a request of the format as the target's own protocol would take it (validated and forwarded by its handler). */
export type PassthroughHandler = (req: Request, res: Response) => Promise<void>;

/** Whether the target's protocol serves this client format natively (data from the protocol, never a provider id). */
export function speaksNatively(target: Target, format: ClientFormat): boolean {
  return target.protocol.nativeFormats.includes(format);
}

/**
 * One route per client format (ARCHITECTURE.md step 4): a request passes through when every target of its model's
 * chain speaks the format natively and a passthrough is written for the format; otherwise it goes through the IR,
 * which serves any target, so a chain may fall back across protocols. A request whose model no target serves goes
 * to the passthrough when there is one, which answers in its own words.
 */
export function clientFormatRoute(path: string, format: WireFormat, context: TranslatedRouteContext, passthrough?: PassthroughHandler): Router {
  const router = Router();
  router.post(path, async (req, res) => {
    const targets = chainTargets(context.router, req.body, pinnedTargetOf(res.locals, context));
    if (passthrough && targets.every((target) => speaksNatively(target, format.id))) await passthrough(req, res);
    else await serveThroughIr(format, context, req, res);
  });
  return router;
}

/** The target a pinned key's requests go to; a pinning that cannot serve is told by the route that serves it. */
function pinnedTargetOf(locals: Record<string, unknown>, context: TranslatedRouteContext): string | null {
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

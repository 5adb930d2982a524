import { Router, type Request, type Response } from 'express';
import type { ClientFormat } from '../../protocols/protocol.js';
import type { Target } from '../../providers/provider.js';
import type { ModelRouter } from '../../router/model-router.js';
import type { WireFormat } from '../../wire/wire-format.js';
import { serveThroughIr, type TranslatedRouteContext } from './translated.js';

/** Serves a request of the format as the target's own protocol would take it (validated and forwarded by its handler). */
export type PassthroughHandler = (req: Request, res: Response) => Promise<void>;

/** Whether the target's protocol serves this client format natively (data from the protocol, never a provider id). */
export function speaksNatively(target: Target, format: ClientFormat): boolean {
  return target.protocol.nativeFormats.includes(format);
}

/**
 * One route per client format (ARCHITECTURE.md step 4): a request passes through when the target chosen for its
 * model speaks the format natively and a passthrough is written for the format; otherwise it goes through the IR.
 * A request whose model no target serves goes to the passthrough when there is one, which answers in its own words.
 */
export function clientFormatRoute(path: string, format: WireFormat, context: TranslatedRouteContext, passthrough?: PassthroughHandler): Router {
  const router = Router();
  router.post(path, async (req, res) => {
    const target = targetFor(context.router, req.body);
    if (passthrough && (!target || speaksNatively(target, format.id))) await passthrough(req, res);
    else await serveThroughIr(format, context, req, res);
  });
  return router;
}

function targetFor(router: ModelRouter, body: unknown): Target | null {
  const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' ? (router.route(model)?.target ?? null) : null;
}

import type { RequestHandler } from 'express';
import { boundText } from '../bounded-text.js';
import { createLogger } from '../log.js';
import { MAX_MODEL_NAME_LENGTH } from '../wire/model-name.js';

const log = createLogger('http');

/** The model a body names, bounded (a refusal before routing names it too). */
function modelNamed(body: unknown): string | undefined {
  const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' ? boundText(model, MAX_MODEL_NAME_LENGTH) : undefined;
}

/**
 * One line per request when it ends ("request"; on a terminal: "POST /v1/messages 200 in 812 ms · opus →
 * claude-opus-5-5 · key · account · id"): no headers, no bodies, so no secret can reach the log.
 */
export const requestLog: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('close', () => {
    log.info({
      requestId: res.locals.requestId,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      status: res.statusCode,
      completed: res.writableFinished,
      ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      model: res.locals.model ?? modelNamed(req.body),
      served: (res.locals.usage as { modelServed?: string } | undefined)?.modelServed,
      key: res.locals.keyId,
      account: res.locals.account,
    }, 'request');
  });
  next();
};

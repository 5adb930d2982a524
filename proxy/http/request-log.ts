import type { RequestHandler } from 'express';
import { createLogger } from '../log.js';

const log = createLogger('http');

/**
 * One line per request when it ends ("request"; on a terminal: "POST /v1/messages 200 in 812 ms · model · account ·
 * id"): no headers, no bodies, so no secret can reach the log.
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
      model: res.locals.model,
      account: res.locals.account,
    }, 'request');
  });
  next();
};

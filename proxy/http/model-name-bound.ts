import type { RequestHandler } from 'express';
import { z } from 'zod';
import { modelNameSchema } from '../wire/model-name.js';
import { validateBody } from './validate-body.js';

const namedModel = z.looseObject({ model: modelNameSchema });

/**
 * Refuses a /v1 body whose `model` is longer than a model name can be (400 in the client's shape), before the key
 * policy, the router, the log or the ledger read it. Every client format names its model in `model`, and each
 * format's schema bounds it the same way; this runs before them. A body without a string `model` is left to them.
 */
export const boundedModelName: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  if (typeof body === 'object' && body !== null && typeof (body as { model?: unknown }).model === 'string') validateBody(namedModel, body);
  next();
};

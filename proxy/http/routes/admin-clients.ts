import { type IRouter, Router } from 'express';
import { z } from 'zod';
import { CLIENT_IDS, type ClientService } from '../../clients/client-service.js';
import { probeSwitchboard } from '../../clients/server-probe.js';
import { ClientConfigError, ModelChoiceError, type ClientId } from '../../clients/client-setup.js';
import { modelNameSchema } from '../../wire/model-name.js';
import { ApiError } from '../api-error.js';
import { validateBody } from '../validate-body.js';

const configureSchema = z.strictObject({
  /** A slot left out keeps what an earlier configure wrote there. */
  models: z
    .strictObject({
      main: modelNameSchema.optional(),
      opus: modelNameSchema.optional(),
      sonnet: modelNameSchema.optional(),
      haiku: modelNameSchema.optional(),
      smallFast: modelNameSchema.optional(),
    })
    .optional(),
  /** Give back the models an earlier configure wrote that `models` does not name. */
  resetModels: z.boolean().optional(),
  /** Write a named model even when this Switchboard does not serve it. */
  force: z.boolean().optional(),
});

function clientOf(value: string | undefined): ClientId {
  if (value && (CLIENT_IDS as readonly string[]).includes(value)) return value as ClientId;
  throw new ApiError(404, 'not_found', `unknown client "${value}": use one of ${CLIENT_IDS.join(', ')}`);
}

/**
 * A file the configurator refuses to touch (invalid JSON or TOML) is the person's to fix: 409 with where. A model
 * it refuses is the request's fault: 400 naming the field and what is served.
 */
async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ClientConfigError) throw new ApiError(409, 'invalid_request', `${error.message} — fix the file, then try again`, { code: 'client_config_invalid' });
    if (error instanceof ModelChoiceError) {
      const message = error.forceable ? `${error.message} (send "force": true to write it anyway)` : error.message;
      throw new ApiError(400, 'invalid_request', message, { param: `models.${error.slot}`, code: error.forceable ? 'model_not_found' : 'invalid_model' });
    }
    throw error;
  }
}

/** Client setup from the dashboard and the tray: the same service as `switchboard clients`. */
export function adminClientsRoutes(service: () => ClientService, router: IRouter = Router()): IRouter {
  router.get('/admin/clients', async (_req, res) => {
    res.json({ clients: await Promise.all(CLIENT_IDS.map((client) => service().status(client))) });
  });
  router.post('/admin/clients/:client/configure', async (req, res) => {
    const client = clientOf(req.params.client);
    const request = validateBody(configureSchema, req.body ?? {});
    const result = await guarded(() => service().configure(client, request));
    res.json({ ...result, status: await service().status(client) });
  });
  router.post('/admin/clients/:client/restore', async (req, res) => {
    const client = clientOf(req.params.client);
    const result = await guarded(() => service().restore(client));
    res.json({ ...result, status: await service().status(client) });
  });
  router.get('/admin/clients/:client/doctor', async (req, res) => {
    const client = clientOf(req.params.client);
    res.json({ findings: await guarded(() => service().doctor(client, probeSwitchboard)) });
  });
  return router;
}

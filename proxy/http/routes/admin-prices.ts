import { type IRouter, Router } from 'express';
import type { ModelRouter } from '../../router/model-router.js';
import type { PriceDataInfo } from '../../usage/price-catalog.js';
import type { PriceDataRefresh, PriceDataStatus } from '../../usage/price-data-refresh.js';
import type { ModelPrice, Pricing } from '../../usage/pricing.js';

/** The answer of GET /admin/prices (and of POST /admin/prices/update, after the update). */
export interface PricesAnswer {
  data: PriceDataInfo;
  update: PriceDataStatus;
  models: { provider: string; model: string; price: ModelPrice | null }[];
}

/** What the dashboard shows about prices: where they come from (source, date) and what each served model costs. */
export function adminPricesRoutes(context: { pricing: Pricing; priceData: PriceDataRefresh; router: ModelRouter }, router: IRouter = Router()): IRouter {
  const body = (): PricesAnswer => ({
    data: context.pricing.dataInfo(),
    update: context.priceData.status(),
    models: context.router
      .all()
      .flatMap((provider) => provider.modelDirectory.listed().map((model) => ({ provider: provider.id, model: model.id })))
      .map(({ provider, model }) => ({ provider, model, price: context.pricing.priceOf(model) })),
  });
  router.get('/admin/prices', (_req, res) => {
    res.json(body());
  });
  router.post('/admin/prices/update', async (_req, res) => {
    await context.priceData.updateNow();
    res.json(body());
  });
  return router;
}

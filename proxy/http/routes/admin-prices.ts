import { Router } from 'express';
import type { ModelRouter } from '../../router/model-router.js';
import type { PriceDataRefresh } from '../../usage/price-data-refresh.js';
import type { Pricing } from '../../usage/pricing.js';

/** What the dashboard shows about prices: where they come from (source, date) and what each served model costs. */
export function adminPricesRoutes(context: { pricing: Pricing; priceData: PriceDataRefresh; router: ModelRouter }): Router {
  const router = Router();
  const body = () => ({
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

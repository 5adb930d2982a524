import type { Command } from 'commander';
import { BUNDLED_PRICES, type PriceDataInfo } from '../usage/price-catalog.js';
import { downloadPriceData, priceDataPath, readSavedPriceData, savePriceData } from '../usage/price-data.js';
import { createPricing, type ModelPrice } from '../usage/pricing.js';
import { configuredTargets } from '../http/server.js';
import { ModelRouter } from '../router/model-router.js';
import { loadCliConfig, say } from './context.js';

/** "bundled with @pydantic/genai-prices 0.1.8" or "downloaded 2026-12-06 09:00 UTC from <url>". */
export function describePriceData(info: PriceDataInfo): string {
  if (info.kind === 'bundled') return `bundled with @pydantic/genai-prices ${info.packageVersion}`;
  const when = info.fetchedAt ? `${info.fetchedAt.slice(0, 16).replace('T', ' ')} UTC` : 'at an unknown time';
  return `downloaded ${when} from ${info.url}`;
}

function describePrice(model: string, price: ModelPrice | null): string {
  if (!price) return `${model}: no price (unpriced; add one under "pricing:" in the config)`;
  const from = price.source.kind === 'override' ? `config pricing "${price.source.key}"` : `catalog model ${price.source.modelId}`;
  return `${model}: input $${price.input}, output $${price.output}, cache read $${price.cacheRead}, cache write $${price.cacheWrite} (1 h: $${price.cacheWrite1h}) per million tokens — ${from}`;
}

/** What a subscription's prices stand for: nobody is billed them, they say what the same use would cost on the API. */
export const SUBSCRIPTION_PRICE_NOTE = 'a subscription: API-equivalent prices, not billed';

export function registerPricesCommand(program: Command): void {
  const prices = program.command('prices').description('the price catalog behind the cost figures (API-equivalent prices)');
  prices
    .command('show')
    .description('where the prices come from, and the price of each model named (of every model each target serves, when none is)')
    .argument('[models...]', 'model ids to price, e.g. claude-opus-5-5')
    .action(async (models: string[], _options: unknown, command: Command) => {
      const { config } = loadCliConfig(command);
      const saved = readSavedPriceData(config['data-dir']);
      const pricing = createPricing(config.pricing, saved?.dataset ?? BUNDLED_PRICES);
      // Every target a server would serve, API-key instances included: names as clients send them, routed as it
      // would route them (an alias is priced as the model it stands for, the built-in list's newest here).
      const targets = await configuredTargets(config, {});
      const router = new ModelRouter(targets, config.routing);
      say(`Prices: ${describePriceData(pricing.dataInfo())}`);
      for (const model of models) {
        const route = router.route(model);
        const served = route?.upstreamModel ?? model;
        const price = pricing.priceOf(served);
        const basis = price && route?.target.costBasis === 'subscription' ? ` (${route.target.displayName}: ${SUBSCRIPTION_PRICE_NOTE})` : '';
        say(`  ${describePrice(served === model ? model : `${model} → ${served}`, price)}${basis}`);
      }
      if (models.length > 0) return;
      for (const target of targets) {
        say(`${target.displayName} (${target.id})${target.costBasis === 'subscription' ? ` — ${SUBSCRIPTION_PRICE_NOTE}` : ''}:`);
        const listed = target.modelDirectory.listed();
        if (listed.length === 0) say('  its models come from its model list, read while Switchboard runs: name one to price it');
        for (const model of listed) say(`  ${describePrice(model.id, pricing.priceOf(model.id))}`);
      }
    });
  prices
    .command('update')
    .description('download the current price catalog now (a running Switchboard uses it within a minute)')
    .option('--url <url>', 'where to download it from (default: the config\'s price-data.url)')
    .action(async (options: { url?: string }, command: Command) => {
      const { config } = loadCliConfig(command);
      const url = options.url ?? config['price-data'].url;
      const saved = readSavedPriceData(config['data-dir']);
      const result = await downloadPriceData({ url, fetch, timeoutMs: config.timeouts.refresh, etag: saved?.etag ?? null });
      if (!result.changed) {
        say(`The price catalog is current (${describePriceData(saved!.dataset.info)}).`);
        return;
      }
      await savePriceData(config['data-dir'], result.dataset, result.etag);
      const models = result.dataset.providers?.reduce((sum, provider) => sum + provider.models.length, 0) ?? 0;
      say(`Price catalog saved to ${priceDataPath(config['data-dir'])}: ${models} models, ${describePriceData(result.dataset.info)}.`);
    });
}

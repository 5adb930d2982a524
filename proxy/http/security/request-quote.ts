import type { ChainOptions, ModelRouter, Route } from '../../router/model-router.js';
import type { RequestQuote } from '../../usage/key-policy.js';
import type { Pricing } from '../../usage/pricing.js';

/**
 * Input is estimated at one token per this many bytes of the request body. Text averages 3.5–4 bytes a token and
 * the JSON around it adds more, so this errs high: a budget is never spent on an underestimate.
 */
const BODY_BYTES_PER_TOKEN = 3;

/** Where each client format says how much output it allows (the first one present counts). */
const OUTPUT_LIMIT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  '/v1/messages': ['max_tokens'],
  '/v1/chat/completions': ['max_completion_tokens', 'max_tokens'],
  '/v1/responses': ['max_output_tokens'],
};

/** Endpoints that use no tokens (counting them is free). */
const FREE_ENDPOINTS = new Set(['/v1/messages/count_tokens']);

function outputLimitOf(path: string, body: Record<string, unknown>): number | null {
  for (const field of OUTPUT_LIMIT_FIELDS[path] ?? []) {
    const value = body[field];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return null;
}

/**
 * The most a request may use, for a managed key's budgets: the dearest of the targets its chain may reach (a
 * fallback can serve it on a dearer model than the first target's; a pinned key's chain is its target alone), its
 * input estimated from its size plus what that target adds, its output limit (or the target's own when it sets
 * none), priced with every input token at the 1-hour cache-write rate, the dearest kind of input. A chain that may
 * reach a model without a price has no cost to quote (a key with a cost budget is refused it). Null for a request
 * that names no model.
 */
export function quoteRequest(
  path: string,
  body: unknown,
  bodyBytes: number,
  context: { router: ModelRouter; pricing: Pricing },
  options: ChainOptions = {},
): RequestQuote | null {
  if (typeof body !== 'object' || body === null) return null;
  const fields = body as Record<string, unknown>;
  const model = typeof fields.model === 'string' ? fields.model : null;
  if (model === null) return null;
  const chain = context.router.chain(model, options);
  const resolvedModel = chain[0]?.upstreamModel ?? null;
  // Nothing serves the model (the route answers 404), or the endpoint is free: nothing to reserve.
  if (chain.length === 0 || FREE_ENDPOINTS.has(path)) return { model, resolvedModel, quotedModel: resolvedModel, inputTokensEstimate: 0, maxOutputTokens: 0, maxCostUsd: 0 };
  const quotes = chain.map((route) => quoteRoute(route, path, fields, bodyBytes, context.pricing));
  const unpriced = quotes.find((quote) => quote.maxCostUsd === null);
  const dearest = unpriced ?? quotes.reduce((most, quote) => ((quote.maxCostUsd ?? 0) > (most.maxCostUsd ?? 0) ? quote : most));
  return {
    model,
    resolvedModel,
    quotedModel: dearest.model,
    inputTokensEstimate: Math.max(...quotes.map((quote) => quote.inputTokensEstimate)),
    maxOutputTokens: Math.max(...quotes.map((quote) => quote.maxOutputTokens)),
    maxCostUsd: dearest.maxCostUsd,
  };
}

/** The most a request may use on one target of its chain. */
function quoteRoute(route: Route, path: string, fields: Record<string, unknown>, bodyBytes: number, pricing: Pricing) {
  // What the target adds to the body (a request profile's system line, say) and the upstream adds to the prompt (the
  // system prompt of tool use) is input too.
  const inputTokensEstimate = Math.ceil(bodyBytes / BODY_BYTES_PER_TOKEN) + route.target.addedInputTokens;
  const maxOutputTokens = outputLimitOf(path, fields) ?? route.target.defaultMaxOutputTokens;
  const maxCostUsd = pricing.costOf(route.upstreamModel, {
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: inputTokensEstimate,
    cacheWrite1hTokens: inputTokensEstimate,
    outputTokens: maxOutputTokens,
  });
  return { model: route.upstreamModel, inputTokensEstimate, maxOutputTokens, maxCostUsd };
}

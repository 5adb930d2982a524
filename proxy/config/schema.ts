import ms from 'ms';
import { z } from 'zod';
import { providersConfigSchema } from '../providers/index.js';
import { routingConfigSchema } from '../router/routing-config.js';
import { httpUrl } from './fields.js';
import { LOG_FORMATS } from '../log.js';
import { pricingConfigSchema } from '../usage/pricing.js';
import { DEFAULT_PRICE_DATA_URL } from '../usage/price-data.js';

/** A duration: a number of seconds, or a string such as "500ms", "30s", "5m". Parsed to milliseconds. */
const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const millis = typeof value === 'number' ? value * 1000 : ms(value as ms.StringValue);
  if (typeof millis !== 'number' || !Number.isFinite(millis) || millis <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration: write a number of seconds or a string like "30s" or "5m"` });
    return z.NEVER;
  }
  return millis;
});

/** A body size as Express understands it: bytes, or a string like "32mb". */
const byteSize = z.union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)$/i, 'must be a size like "32mb" or a number of bytes')]);

const timeouts = z
  .strictObject({
    /** A client's request headers must arrive within this (it ends slowloris connections; real headers take milliseconds). */
    headers: duration.prefault('30s'),
    /** A client's whole request, body included, must arrive within this: 32 MB at about 1 Mbit/s still fits. */
    request: duration.prefault('300s'),
    /** Until the upstream's answer begins: its response headers, and for a stream its first content. */
    'first-byte': duration.prefault('120s'),
    /** Longest silence inside a response once it began (a stream, or a body being read) before it is abandoned. */
    idle: duration.prefault('300s'),
    /** A call to an OAuth token endpoint. */
    refresh: duration.prefault('30s'),
    /** How long a graceful shutdown waits for requests in flight. */
    shutdown: duration.prefault('10s'),
    /** The most time one request may spend failing over between accounts before the client gets the error. */
    failover: duration.prefault('60s'),
  })
  .refine((value) => value.headers <= value.request, { path: ['headers'], message: 'must not be longer than "timeouts.request" (the headers are part of the request)' });

const rateLimit = z.strictObject({
  /** Per client IP, over a sliding minute; 0 turns it off. */
  'requests-per-minute': z.number().int().min(0).default(1200),
});

export const configFileSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8317),
  'auth-dir': z.string().min(1).optional(),
  'data-dir': z.string().min(1).optional(),
  'api-keys': z.array(z.string().min(16, 'an API key must be at least 16 characters long')).default([]),
  /** Extra Host header values accepted besides localhost, 127.0.0.1 and [::1] (for reverse proxies). */
  'allowed-hosts': z.array(z.string().min(1)).default([]),
  'body-limit': byteSize.default('32mb'),
  timeouts: timeouts.prefault({}),
  'rate-limit': rateLimit.prefault({}),
  debug: z.boolean().default(false),
  /** How the log is written: "pretty" lines, "json" objects, or "auto" (pretty on a terminal, JSON elsewhere). */
  'log-format': z.enum(LOG_FORMATS).default('auto'),
  usage: z
    .strictObject({
      /** Days the per-request events are kept (the hourly and daily totals stay); 0 keeps them forever. */
      'retention-days': z.number().int().min(0).default(365),
    })
    .prefault({}),
  models: z
    .strictObject({
      /** How often each account's live model list is read again (GET /v1/models costs no quota). */
      'refresh-interval': duration.prefault('6h'),
    })
    .prefault({}),
  /** Where the price catalog comes from and how often it is refreshed (the bundled one is used until then). */
  'price-data': z
    .strictObject({
      url: httpUrl.default(DEFAULT_PRICE_DATA_URL),
      'auto-update': z.boolean().default(true),
      'refresh-interval': duration.prefault('24h'),
    })
    .prefault({}),
  /** Price overrides (USD per million tokens), by model id or a prefix ending in "*". */
  pricing: pricingConfigSchema,
  /** One section per provider module, each validated by the module's own schema (providers/index.ts). */
  providers: providersConfigSchema,
  /** Fallback chains per model, per-target allow and deny lists, and the background tier (proxy/router/). */
  routing: routingConfigSchema,
});

export type ConfigFile = z.output<typeof configFileSchema>;

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { blocksOf, estimateTokens, type CountTokensRequest } from './anthropic-api-request.js';

export interface CacheUsage {
  readTokens: number;
  writeTokens: number;
  /** The ttl of the newest breakpoint, which decides which bucket the write is reported in. */
  writeTtl: '5m' | '1h';
}

const NO_CACHE: CacheUsage = { readTokens: 0, writeTokens: 0, writeTtl: '5m' };

const cacheControlSchema = z.looseObject({ cache_control: z.looseObject({ ttl: z.string().optional() }) });

/**
 * A crude prompt cache: every `cache_control` breakpoint marks a prefix (tools, then system, then messages,
 * the order the real cache uses). The longest prefix seen before is a cache read; the rest of the prefix up to
 * the last breakpoint is a cache write. The real minimum cacheable length (1024+ tokens) is ignored.
 */
export class PromptCacheLedger {
  private readonly seenPrefixes = new Set<string>();

  account(request: CountTokensRequest): CacheUsage {
    const parts = promptParts(request);
    const prefixes = parts.flatMap((part, index) => {
      const cacheControl = cacheControlSchema.safeParse(part.block);
      if (!cacheControl.success) return [];
      const json = JSON.stringify([request.model, parts.slice(0, index + 1)]);
      const ttl = cacheControl.data.cache_control.ttl === '1h' ? '1h' : '5m';
      return [{ key: createHash('sha256').update(json).digest('hex'), tokens: estimateTokens(json), ttl } as const];
    });
    const last = prefixes.at(-1);
    if (!last) return NO_CACHE;
    const seenBefore = prefixes.filter(({ key }) => this.seenPrefixes.has(key));
    const readTokens = Math.max(0, ...seenBefore.map(({ tokens }) => tokens));
    const writeTokens = this.seenPrefixes.has(last.key) ? 0 : Math.max(0, last.tokens - readTokens);
    for (const { key } of prefixes) this.seenPrefixes.add(key);
    return { readTokens, writeTokens, writeTtl: last.ttl };
  }
}

interface PromptPart {
  section: 'tools' | 'system' | 'user' | 'assistant' | 'system-turn';
  block: unknown;
}

function promptParts(request: CountTokensRequest): PromptPart[] {
  const tools = (request.tools ?? []).map((tool): PromptPart => ({ section: 'tools', block: tool }));
  const system = typeof request.system === 'string' ? [{ type: 'text', text: request.system }] : (request.system ?? []);
  const systemParts = system.map((block): PromptPart => ({ section: 'system', block }));
  const messageParts = request.messages.flatMap((message) =>
    blocksOf(message).map(
      (block): PromptPart => ({ section: message.role === 'system' ? 'system-turn' : message.role, block }),
    ),
  );
  return [...tools, ...systemParts, ...messageParts];
}

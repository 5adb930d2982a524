import { z } from 'zod';

/**
 * A chain entry: a target's name (its id, such as `anthropic-key:work`, or another name it goes by, such as
 * `claude`), optionally followed by `/` and the target's own model id (`compat:openrouter/anthropic/claude-sonnet-4.6`).
 */
const chainEntry = z.string().regex(/^[^/\s]+(\/\S+)?$/, 'must be a target name, optionally followed by "/" and a model id (e.g. "claude" or "anthropic-key:work/claude-sonnet-4-6")');

/** An ordered fallback chain: the first target that can serve does; the next is tried only before the first byte. */
const chain = z.array(chainEntry).min(1, 'a chain names at least one target');

/** A model id pattern: `*` stands for any run of characters (`claude-opus-*`). */
const modelPattern = z.string().min(1);

const targetRules = z.strictObject({
  /** Models this target may serve (patterns); empty allows every model it serves. */
  allow: z.array(modelPattern).default([]),
  /** Models this target never serves (patterns); a deny wins over an allow. */
  deny: z.array(modelPattern).default([]),
});

export const routingConfigSchema = z
  .strictObject({
    /** Model name or alias (or a pattern) → its fallback chain; a name here is routed by the table, not by family. */
    models: z.record(z.string().min(1), chain).default({}),
    /** Per target (by a name it goes by): which models it may serve. */
    targets: z.record(z.string().min(1), targetRules.prefault({})).default({}),
    /** Small, fast calls (Claude Code's haiku / ANTHROPIC_SMALL_FAST_MODEL, which it also uses for titles) sent to a cheaper chain. */
    background: z
      .strictObject({
        /** Requested model names (patterns) that mark a request as a background call. */
        models: z.array(modelPattern).default(['*haiku*']),
        /** Where background calls go first; an empty chain leaves them to the table. */
        chain: z.array(chainEntry).default([]),
      })
      .prefault({}),
  })
  .prefault({});

export type RoutingConfig = z.output<typeof routingConfigSchema>;

/** Whether a model id matches a pattern in which `*` stands for any run of characters (case-insensitive). */
export function matchesPattern(pattern: string, model: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(model);
}

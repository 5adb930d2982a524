import { describe, expect, it } from 'vitest';
import type { Target } from '../providers/provider.js';
import { ModelRouter } from './model-router.js';
import { matchesPattern, routingConfigSchema } from './routing-config.js';

/** A target that serves the ids its family accepts, with aliases. */
function target(id: string, accepts: (model: string) => boolean, options: { otherNames?: string[]; aliases?: Record<string, string> } = {}): Target {
  return {
    id,
    otherNames: options.otherNames,
    resolveModel: (name: string) => options.aliases?.[name] ?? (accepts(name) ? name : null),
    models: () => [],
  } as unknown as Target;
}

const claude = target('anthropic', (model) => model.startsWith('claude-'), { otherNames: ['claude'], aliases: { sonnet: 'claude-sonnet-4-6', haiku: 'claude-haiku-4-5' } });
const work = target('anthropic-key:work', (model) => model.startsWith('claude-'), { aliases: { sonnet: 'claude-sonnet-4-6' } });
const compat = target('compat:openrouter', () => true);
const targets = [claude, work, compat];

function router(routing: unknown, canServe?: (target: Target) => boolean): ModelRouter {
  return new ModelRouter(targets, routingConfigSchema.parse(routing), canServe);
}

function chainOf(r: ModelRouter, model: string, onlyTarget?: string): string[] {
  return r.chain(model, { onlyTarget }).map((route) => `${route.target.id} ${route.upstreamModel}`);
}

describe('ModelRouter', () => {
  it('sends every name to the only target with accounts when it serves every name alone, its default model for names it does not know', () => {
    const alone = { ...target('cursor', (model) => model.startsWith('cursor-'), { aliases: { 'claude-sonnet-4-5': 'claude-4.5-sonnet' } }), defaultClientModel: 'cursor-gpt-5', servesEveryNameWhenAlone: true } as Target;
    const onlyCursorHasAccounts = (candidate: Target) => candidate === alone;
    const r = new ModelRouter([claude, alone], routingConfigSchema.parse({ models: { 'gpt-4o': ['claude/claude-haiku-4-5'] } }), () => true, onlyCursorHasAccounts);
    // Claude's family would take a claude- name, but Claude has no account: the lone target answers it.
    expect(chainOf(r, 'claude-opus-4-5')).toEqual(['cursor cursor-gpt-5']);
    expect(chainOf(r, 'claude-sonnet-4-5')).toEqual(['cursor claude-4.5-sonnet']);
    expect(chainOf(r, 'cursor-composer-1')).toEqual(['cursor cursor-composer-1']);
    // A prefix and the routing table still decide what they name.
    expect(chainOf(r, 'claude/claude-opus-4-5')).toEqual(['anthropic claude-opus-4-5']);
    expect(chainOf(r, 'gpt-4o')).toEqual(['anthropic claude-haiku-4-5']);
    // Once another target has accounts too, or the lone one does not serve every name, routing is by family again.
    expect(chainOf(new ModelRouter([claude, alone], undefined, () => true, () => true), 'claude-opus-4-5')).toEqual(['anthropic claude-opus-4-5']);
    expect(chainOf(new ModelRouter([claude, compat], undefined, () => true, (candidate) => candidate === compat), 'claude-opus-4-5')).toEqual(['anthropic claude-opus-4-5']);
    // With no accounts anywhere, nothing is alone: the name goes by family (and its refusal names Claude's login).
    expect(chainOf(new ModelRouter([claude, alone], undefined, () => true, () => false), 'claude-opus-4-5')).toEqual(['anthropic claude-opus-4-5']);
  });

  it('routes by family when the table has no entry (the first target that serves the id)', () => {
    expect(chainOf(router({}), 'claude-sonnet-4-6')).toEqual(['anthropic claude-sonnet-4-6']);
    expect(chainOf(router({}), 'gpt-5')).toEqual(['compat:openrouter gpt-5']);
  });

  it('returns the table chain in order, each entry resolving the name or naming its own model after "/"', () => {
    const r = router({ models: { sonnet: ['claude', 'anthropic-key:work', 'compat:openrouter/anthropic/claude-sonnet-4.6'] } });
    expect(chainOf(r, 'sonnet')).toEqual(['anthropic claude-sonnet-4-6', 'anthropic-key:work claude-sonnet-4-6', 'compat:openrouter anthropic/claude-sonnet-4.6']);
    // A target that does not serve the name is left out of its chain.
    expect(chainOf(router({ models: { 'gpt-5': ['claude', 'compat:openrouter'] } }), 'gpt-5')).toEqual(['compat:openrouter gpt-5']);
  });

  it('routing by the table beats routing by family: a claude- id goes where the table says', () => {
    const r = router({ models: { 'claude-sonnet-4-6': ['anthropic-key:work', 'claude'] } });
    expect(chainOf(r, 'claude-sonnet-4-6')).toEqual(['anthropic-key:work claude-sonnet-4-6', 'anthropic claude-sonnet-4-6']);
    expect(chainOf(r, 'claude-opus-4-5')).toEqual(['anthropic claude-opus-4-5']);
  });

  it('takes table keys with wildcards after exact names', () => {
    const r = router({ models: { 'claude-*': ['anthropic-key:work'], 'claude-opus-4-5': ['claude'] } });
    expect(chainOf(r, 'claude-haiku-4-5')).toEqual(['anthropic-key:work claude-haiku-4-5']);
    expect(chainOf(r, 'claude-opus-4-5')).toEqual(['anthropic claude-opus-4-5']);
  });

  it('pins the target a prefix names, by id or by another name, with no fallback', () => {
    const r = router({ models: { 'claude-sonnet-4-6': ['claude', 'anthropic-key:work'] } });
    expect(chainOf(r, 'anthropic-key:work/claude-sonnet-4-6')).toEqual(['anthropic-key:work claude-sonnet-4-6']);
    expect(chainOf(r, 'claude/sonnet')).toEqual(['anthropic claude-sonnet-4-6']);
    expect(chainOf(r, 'compat:openrouter/qwen/qwen3')).toEqual(['compat:openrouter qwen/qwen3']);
    // A prefix that names no target is part of the model id.
    expect(chainOf(r, 'meta/llama')).toEqual(['compat:openrouter meta/llama']);
  });

  it('drops a target from a chain for a model its deny list matches or its allow list misses (deny wins)', () => {
    const r = router({
      models: { 'claude-opus-4-5': ['anthropic-key:work', 'claude'] },
      targets: { 'anthropic-key:work': { allow: ['claude-*'], deny: ['claude-opus-*'] }, 'compat:openrouter': { allow: ['qwen*'] } },
    });
    expect(chainOf(r, 'claude-opus-4-5')).toEqual(['anthropic claude-opus-4-5']);
    expect(chainOf(r, 'qwen3')).toEqual(['compat:openrouter qwen3']);
    expect(chainOf(r, 'gpt-5')).toEqual([]);
    expect(chainOf(r, 'anthropic-key:work/claude-opus-4-5')).toEqual([]);
    expect(matchesPattern('claude-*-4-5', 'claude-opus-4-5')).toBe(true);
    expect(matchesPattern('claude.*', 'claude-opus')).toBe(false);
  });

  it('keeps a key pinned to its target: the chain holds that target only, or nothing', () => {
    const r = router({ models: { sonnet: ['claude', 'anthropic-key:work'] } });
    expect(chainOf(r, 'sonnet', 'anthropic-key:work')).toEqual(['anthropic-key:work claude-sonnet-4-6']);
    expect(chainOf(r, 'sonnet', 'claude')).toEqual(['anthropic claude-sonnet-4-6']);
    expect(chainOf(r, 'gpt-5', 'claude')).toEqual([]);
    expect(chainOf(r, 'sonnet', 'nobody')).toEqual([]);
  });

  it('sends background calls to the background chain first, never to a target that cannot serve', () => {
    const routing = { background: { chain: ['anthropic-key:work/claude-haiku-4-5', 'compat:openrouter/cheap'] } };
    expect(chainOf(router(routing), 'claude-haiku-4-5')).toEqual(['anthropic-key:work claude-haiku-4-5', 'compat:openrouter cheap', 'anthropic claude-haiku-4-5']);
    expect(chainOf(router(routing), 'claude-sonnet-4-6')).toEqual(['anthropic claude-sonnet-4-6']);
    const workDown = router(routing, (t) => t !== work);
    expect(chainOf(workDown, 'haiku')).toEqual(['compat:openrouter cheap', 'anthropic claude-haiku-4-5']);
  });

  it('refuses a table that names a target nobody configured, keeping the one it had', () => {
    const r = router({ models: { sonnet: ['anthropic-key:work'] } });
    expect(r.use(routingConfigSchema.parse({ models: { sonnet: ['anthropic-key:home'] } }))).toEqual(['routing.models.sonnet: "anthropic-key:home" is not a configured target']);
    expect(chainOf(r, 'sonnet')).toEqual(['anthropic-key:work claude-sonnet-4-6']);
  });

  it('rejects a chain entry that is not a target name', () => {
    expect(routingConfigSchema.safeParse({ models: { sonnet: ['two words'] } }).success).toBe(false);
    expect(routingConfigSchema.safeParse({ models: { sonnet: [] } }).success).toBe(false);
  });
});

describe('ModelRouter.reachableModels', () => {
  const listing = (id: string, models: string[], accepts: (model: string) => boolean, otherNames?: string[]): Target =>
    ({
      id,
      provider: id,
      otherNames,
      resolveModel: (name: string) => (accepts(name) ? name : null),
      models: () => models.map((model) => ({ id: model, displayName: model, provider: id, createdAt: null })),
    }) as unknown as Target;
  const pool = listing('anthropic', ['claude-sonnet-4-6', 'claude-opus-4-5'], (model) => model.startsWith('claude-'), ['claude']);
  const key = listing('example-key', ['claude-sonnet-4-6', 'claude-haiku-4-5'], (model) => model.startsWith('claude-'));
  const ids = (routing: unknown, serving: (target: Target) => boolean = () => true, onlyTarget?: string) =>
    new ModelRouter([pool, key], routingConfigSchema.parse(routing)).reachableModels(serving, { onlyTarget }).map((model) => model.id);

  it('lists each id under the target it routes to, and under a prefix where another target serves it', () => {
    expect(ids({})).toEqual(['claude-sonnet-4-6', 'claude-opus-4-5', 'example-key/claude-sonnet-4-6', 'example-key/claude-haiku-4-5']);
    expect(ids({ models: { 'claude-sonnet-4-6': ['example-key', 'claude'], fast: ['example-key/claude-haiku-4-5'] } })).toEqual([
      'claude-sonnet-4-6',
      'fast',
      'anthropic/claude-sonnet-4-6',
      'claude-opus-4-5',
      'example-key/claude-haiku-4-5',
    ]);
  });

  it('leaves out what allow and deny lists forbid and targets without an account', () => {
    expect(ids({ targets: { 'example-key': { deny: ['*haiku*'] }, claude: { allow: ['claude-opus-*'] } } })).toEqual(['claude-opus-4-5', 'claude-sonnet-4-6']);
    expect(ids({}, (target) => target !== pool)).toEqual(['example-key/claude-sonnet-4-6', 'example-key/claude-haiku-4-5']);
  });

  it('lists for a key pinned to a target only what reaches that target, by the names that key may send', () => {
    const routing = { models: { fast: ['example-key/claude-haiku-4-5'], big: ['claude/claude-opus-4-5'] } };
    // A plain claude- id routes to the subscription, which the key may not use: it reaches its target by the prefix.
    expect(ids(routing, () => true, 'example-key')).toEqual(['fast', 'example-key/claude-sonnet-4-6', 'example-key/claude-haiku-4-5']);
    expect(ids(routing, () => true, 'claude')).toEqual(['big', 'claude-sonnet-4-6', 'claude-opus-4-5']);
    expect(ids(routing, () => true, 'no-such-target')).toEqual([]);
  });
});

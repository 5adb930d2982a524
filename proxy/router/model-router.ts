import { createLogger } from '../log.js';
import type { ModelInfo, Target } from '../providers/provider.js';
import { matchesPattern, routingConfigSchema, type RoutingConfig } from './routing-config.js';

const log = createLogger('router');

export interface Route {
  target: Target;
  upstreamModel: string;
}

export interface ChainOptions {
  /** The request may go only to this target (a key pinned to it), named by any name it goes by. */
  onlyTarget?: string | null;
}

/**
 * Model name → the ordered chain of targets that may serve it, each with its upstream id (aliases resolved):
 * - a prefix naming a target (`claude/claude-sonnet-4-6`, `anthropic-key:work/…`) pins that target alone;
 * - else a small, fast call (routing.background) goes first to the background chain's targets that can serve now;
 * - else the routing table's chain for the name; with no entry, the first target whose family serves it — unless
 *   the only target with accounts serves every name when alone (`servesEveryNameWhenAlone`): then that one.
 * Each target's allow and deny lists drop it from a chain for a model it may not serve.
 */
export class ModelRouter {
  private routing: RoutingConfig = routingConfigSchema.parse({});

  constructor(
    private readonly targets: readonly Target[],
    routing?: RoutingConfig,
    /** Whether a target has an account that can serve now (none cooling off a used-up window, none needing login). */
    private readonly canServe: (target: Target) => boolean = () => true,
    /** Whether a target has a usable account at all (cooling off or not). */
    private readonly hasAccounts: (target: Target) => boolean = () => true,
  ) {
    if (routing) this.use(routing);
  }

  /**
   * Takes a routing table (at start, and when the config file changes). Names no target goes by are returned as
   * problems in words, and the table is not taken.
   */
  use(routing: RoutingConfig): string[] {
    const problems = unknownNames(routing, (name) => this.byName(name) !== null);
    if (problems.length === 0) this.routing = routing;
    return problems;
  }

  /** The first target of the model's chain: what serves it when nothing fails. */
  route(model: string, options: ChainOptions = {}): Route | null {
    return this.chain(model, options)[0] ?? null;
  }

  chain(model: string, options: ChainOptions = {}): Route[] {
    const only = options.onlyTarget ? this.byName(options.onlyTarget) : null;
    if (options.onlyTarget && !only) return [];
    const routes = dedupe(this.candidates(model)).filter((route) => this.allows(route));
    return only ? routes.filter((route) => route.target === only) : routes;
  }

  all(): readonly Target[] {
    return this.targets;
  }

  /**
   * What `/v1/models` lists, of the targets `serving` says have an account: the table's model names (not its
   * patterns) whose chain reaches one, then each target's models its allow and deny lists let it serve — under
   * their own id where that id routes to this target, else under the prefix that pins it (`example-key/claude-…`).
   * With `onlyTarget` (a key pinned to a target), only what reaches that target, by the names such a key may send.
   */
  reachableModels(serving: (target: Target) => boolean, options: ChainOptions = {}): ModelInfo[] {
    const listed = new Map<string, ModelInfo>();
    for (const name of Object.keys(this.routing.models).filter((key) => !key.includes('*'))) {
      const route = this.chain(name, options).find((candidate) => serving(candidate.target));
      if (route) listed.set(name, { id: name, displayName: `${name} (${route.upstreamModel})`, provider: route.target.provider, createdAt: null });
    }
    const only = options.onlyTarget ? this.byName(options.onlyTarget) : null;
    if (options.onlyTarget && !only) return [...listed.values()];
    for (const target of this.targets.filter((candidate) => serving(candidate) && (only === null || candidate === only))) {
      for (const model of target.models()) {
        if (!this.allows({ target, upstreamModel: target.resolveModel(model.id) ?? model.id })) continue;
        const id = this.route(model.id, options)?.target === target ? model.id : `${target.id}/${model.id}`;
        if (!listed.has(id)) listed.set(id, { ...model, id });
      }
    }
    return [...listed.values()];
  }

  /** The target a name calls (its id or another name it goes by), or null. */
  byName(name: string): Target | null {
    return this.targets.find((target) => target.id === name || (target.otherNames ?? []).includes(name)) ?? null;
  }

  private candidates(model: string): Route[] {
    const pinned = this.prefixed(model);
    if (pinned) return pinned;
    const table = this.tableChain(model);
    const normal = table ? this.resolveChain(table, model) : (this.aloneServingEveryName(model) ?? this.byFamily(model));
    const { background } = this.routing;
    if (background.chain.length > 0 && background.models.some((pattern) => matchesPattern(pattern, model))) {
      // A target that cannot serve now is never chosen for a background call; the usual chain follows.
      const cheaper = this.resolveChain(background.chain, model).filter((route) => this.canServe(route.target));
      return [...cheaper, ...normal];
    }
    return normal;
  }

  /** `<target>/<model>`: that target alone, when the part before the first `/` names one. */
  private prefixed(model: string): Route[] | null {
    const slash = model.indexOf('/');
    if (slash <= 0) return null;
    const target = this.byName(model.slice(0, slash));
    if (!target) return null;
    const own = model.slice(slash + 1);
    return own ? [{ target, upstreamModel: target.resolveModel(own) ?? own }] : [];
  }

  private tableChain(model: string): readonly string[] | null {
    const { models } = this.routing;
    if (Object.hasOwn(models, model)) return models[model] ?? null;
    const pattern = Object.keys(models).find((key) => key.includes('*') && matchesPattern(key, model));
    return pattern ? (models[pattern] ?? null) : null;
  }

  private resolveChain(entries: readonly string[], model: string): Route[] {
    return entries.flatMap((entry) => {
      const slash = entry.indexOf('/');
      const target = this.byName(slash < 0 ? entry : entry.slice(0, slash));
      if (!target) return [];
      if (slash >= 0) {
        const own = entry.slice(slash + 1);
        return [{ target, upstreamModel: target.resolveModel(own) ?? own }];
      }
      const upstreamModel = target.resolveModel(model);
      return upstreamModel ? [{ target, upstreamModel }] : [];
    });
  }

  /** The only target with accounts, when it serves every name alone: the name, or its default model when it does not know the name. */
  private aloneServingEveryName(model: string): Route[] | null {
    // Asked for most names: only a target that serves every name is checked first, then whether any other has accounts.
    const alone = this.targets.find((target) => target.servesEveryNameWhenAlone && this.hasAccounts(target));
    if (!alone || this.targets.some((target) => target !== alone && this.hasAccounts(target))) return null;
    const upstreamModel = alone.resolveModel(model) ?? alone.resolveModel(alone.defaultClientModel);
    return upstreamModel ? [{ target: alone, upstreamModel }] : null;
  }

  /** Today's routing: the first target (in registry order) whose family serves the name and may serve it. */
  private byFamily(model: string): Route[] {
    for (const target of this.targets) {
      const upstreamModel = target.resolveModel(model);
      if (upstreamModel && this.allows({ target, upstreamModel })) return [{ target, upstreamModel }];
    }
    return [];
  }

  private allows(route: Route): boolean {
    const names = [route.target.id, ...(route.target.otherNames ?? [])];
    return names.every((name) => {
      const rules = this.routing.targets[name];
      if (!rules) return true;
      if (rules.deny.some((pattern) => matchesPattern(pattern, route.upstreamModel))) return false;
      return rules.allow.length === 0 || rules.allow.some((pattern) => matchesPattern(pattern, route.upstreamModel));
    });
  }
}

/** The same target twice in a chain is tried once. */
function dedupe(routes: Route[]): Route[] {
  const seen = new Set<Target>();
  return routes.filter((route) => !seen.has(route.target) && seen.add(route.target));
}

function unknownNames(routing: RoutingConfig, known: (name: string) => boolean): string[] {
  const entryName = (entry: string) => entry.split('/')[0] ?? entry;
  const problems = [
    ...Object.entries(routing.models).flatMap(([model, chain]) =>
      chain.filter((entry) => !known(entryName(entry))).map((entry) => `routing.models.${model}: "${entryName(entry)}" is not a configured target`),
    ),
    ...Object.keys(routing.targets)
      .filter((name) => !known(name))
      .map((name) => `routing.targets: "${name}" is not a configured target`),
    ...routing.background.chain.filter((entry) => !known(entryName(entry))).map((entry) => `routing.background.chain: "${entryName(entry)}" is not a configured target`),
  ];
  if (problems.length > 0) log.warn({ problems }, 'the routing table names targets that are not configured');
  return problems;
}

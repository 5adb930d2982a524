/**
 * "Does this Switchboard serve this model?" — answered once, here, for configure, the doctor and status. The
 * answer comes from the providers through a ModelRouter (the running server's own, or one built from the config)
 * and, when a server is running, from the models its GET /v1/models lists.
 */
import type { Target } from '../providers/provider.js';
import type { ModelRouter } from '../router/model-router.js';

/** The wire a client speaks to Switchboard (Claude Code: Messages; the Codex CLI: Responses). */
export type ClientWire = 'anthropic-messages' | 'openai-responses';

/** A model to write for a client; `native` when a target that speaks the client's own wire serves it. */
export interface ModelSuggestion {
  model: string;
  native: boolean;
}

/** What this Switchboard serves, as client setup needs to know it. */
export interface ModelCatalog {
  /** The model names it lists (the running server's first, then the providers' own lists), for messages. */
  readonly listed: readonly string[];
  /** The upstream model a name reaches, or null when no provider serves it. */
  resolve(name: string): string | null;
  /** The name to write for a client that needs a model and was given none; null when nothing is served. */
  readonly suggested: string | null;
  /**
   * The model to write for a client of this wire: the default of a target that has an account and speaks the
   * client's wire (its answers pass through), else of any target with an account, else of any target at all.
   */
  suggestFor(wire: ClientWire): ModelSuggestion | null;
}

export type ModelCheck = { served: true; resolvesTo: string } | { served: false; problem: string };

/** How many names a message lists before it stops: enough to choose from, short enough to read. */
const NAMES_IN_A_MESSAGE = 12;

/**
 * The catalog of a router's providers, plus the names a running server listed (its live lists can hold models
 * the providers built here do not know yet). Computed when called: a provider's list can change while it runs.
 */
export function catalogOf(router: ModelRouter, listedByServer: readonly string[] = [], canServe: (target: Target) => boolean = () => true): ModelCatalog {
  const resolve = (name: string): string | null => router.route(name)?.upstreamModel ?? (listedByServer.includes(name) ? name : null);
  const providers = router.all();
  const defaultOf = (targets: readonly Target[]) => targets.map((provider) => provider.defaultClientModel).find((name) => resolve(name) !== null) ?? null;
  const suggestFor = (wire: ClientWire): ModelSuggestion | null => {
    for (const targets of [providers.filter(canServe), providers]) {
      const native = defaultOf(targets.filter((target) => target.protocol.id === wire));
      if (native !== null) return { model: native, native: true };
      const other = defaultOf(targets);
      if (other !== null) return { model: other, native: false };
    }
    return null;
  };
  return {
    listed: [...new Set([...listedByServer, ...providers.flatMap((provider) => provider.models().map((model) => model.id))])],
    resolve,
    suggested: defaultOf(providers.filter(canServe)) ?? defaultOf(providers),
    suggestFor,
  };
}

/** Whether requests for `name` reach a provider; when not, why, naming what is served instead. */
export function checkModel(catalog: ModelCatalog, name: string): ModelCheck {
  const resolvesTo = catalog.resolve(name);
  if (resolvesTo !== null) return { served: true, resolvesTo };
  return { served: false, problem: `this Switchboard does not serve the model "${name}"; ${describeServed(catalog)}` };
}

/** "it serves sonnet, claude-…, …" — the suggested name first — or why it serves nothing. */
export function describeServed(catalog: ModelCatalog): string {
  const names = [...new Set([...(catalog.suggested ? [catalog.suggested] : []), ...catalog.listed])];
  if (names.length === 0) return 'it serves no model at all: no provider is enabled in its config';
  const shown = names.slice(0, NAMES_IN_A_MESSAGE).join(', ');
  return `it serves ${shown}${names.length > NAMES_IN_A_MESSAGE ? ', …' : ''}`;
}

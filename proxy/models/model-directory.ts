import type { ListedModel, ModelFamily } from './listed-model.js';
import { newestInFamily, versionFamilyOf, withoutReleaseDate } from './listed-model.js';

export interface ModelDirectoryOptions {
  /** The provider's own list, newest first: used until (and whenever) no account's live list could be read. */
  builtIn: readonly ListedModel[];
  /** Family aliases ("opus") resolved to the newest member of the live list. */
  families: readonly ModelFamily[];
  /** Aliases from the config (name → upstream id); they win over the families. */
  aliases: Readonly<Record<string, string>>;
  /** Ids forwarded as they are even when no list names them (any `claude-…` id), so a new model works at once. */
  accepts: (id: string) => boolean;
}

export interface DirectorySource {
  /** "live" once at least one account's list was read; "built-in" before that. */
  kind: 'live' | 'built-in';
  /** When the newest live list was read (ms epoch), or null. */
  readAt: number | null;
}

/**
 * The models one provider serves: each account's live list (the union over accounts, since plans may differ), or
 * the built-in list while none was read; plus aliases. Shared by every provider; the provider only says how to read
 * its list and which families and ids it has.
 */
export class ModelDirectory {
  private readonly live = new Map<string, { models: readonly ListedModel[]; readAt: number }>();
  private union: readonly ListedModel[] | null = null;

  constructor(private readonly options: ModelDirectoryOptions) {}

  /** Records an account's live list (an empty list is not trusted: the built-in list is kept instead). */
  learn(accountId: string, models: readonly ListedModel[], readAt: number): void {
    if (models.length === 0) return;
    this.live.set(accountId, { models, readAt });
    this.union = null;
  }

  /** Keeps only these accounts' lists (the others were removed or can no longer be used). */
  retainOnly(accountIds: readonly string[]): void {
    const kept = new Set(accountIds);
    for (const accountId of [...this.live.keys()]) {
      if (!kept.has(accountId) && this.live.delete(accountId)) this.union = null;
    }
  }

  /** When this account's list was last read, or null. */
  readAtOf(accountId: string): number | null {
    return this.live.get(accountId)?.readAt ?? null;
  }

  source(): DirectorySource {
    const times = [...this.live.values()].map((entry) => entry.readAt);
    return times.length === 0 ? { kind: 'built-in', readAt: null } : { kind: 'live', readAt: Math.max(...times) };
  }

  /** The models served now, newest release first (the built-in order when no list was read). */
  listed(): readonly ListedModel[] {
    if (this.live.size === 0) return this.options.builtIn;
    if (this.union) return this.union;
    const byId = new Map<string, ListedModel>();
    for (const { models } of this.live.values()) for (const model of models) if (!byId.has(model.id)) byId.set(model.id, model);
    this.union = [...byId.values()].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
    return this.union;
  }

  /** Each alias the client may use and the upstream id it stands for now. */
  aliases(): { alias: string; target: string }[] {
    const names = new Set([...this.options.families.map((family) => family.alias), ...Object.keys(this.options.aliases)]);
    return [...names].flatMap((alias) => {
      const target = this.resolveAlias(alias);
      return target ? [{ alias, target }] : [];
    });
  }

  /**
   * The newest model served now of the family a versioned name belongs to ("gpt-5" → gpt-5.1 once the live list has
   * it), under its undated id where that is served too; null when the name has no version or no member is listed.
   * A client's default model thereby follows the provider's list without a new version string in the config.
   */
  newestOfFamily(name: string): string | null {
    const family = versionFamilyOf(name);
    const newest = family ? newestInFamily(this.listed(), family) : null;
    if (!newest) return null;
    const undated = withoutReleaseDate(newest.id);
    return undated !== newest.id && this.resolve(undated) !== null ? undated : newest.id;
  }

  /** The upstream id for a client's model name, or null when this provider does not serve it. */
  resolve(name: string): string | null {
    const alias = this.resolveAlias(name) ?? this.resolveAlias(name.toLowerCase());
    if (alias) return alias;
    const lower = name.toLowerCase();
    const listed = this.listed().find((model) => model.id.toLowerCase() === lower);
    if (listed) return listed.id;
    return this.options.accepts(name) ? name : null;
  }

  private resolveAlias(name: string): string | null {
    // Only the config's own entries: a client's "toString" must not find Object.prototype's.
    const configured = Object.hasOwn(this.options.aliases, name) ? this.options.aliases[name] : undefined;
    if (configured) return configured;
    const family = this.options.families.find((candidate) => candidate.alias === name);
    if (!family) return null;
    return (newestInFamily(this.listed(), family) ?? newestInFamily(this.options.builtIn, family))?.id ?? null;
  }
}

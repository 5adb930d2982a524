/** A model as an upstream lists it (or as the built-in fallback list names it). */
export interface ListedModel {
  id: string;
  displayName: string;
  /** When the provider released it (ISO 8601), when it says. */
  createdAt: string | null;
}

/**
 * A family alias such as "opus": the ids that belong to it and their version. The pattern must capture the version
 * as the group `version` ("5-5", "4.6") and may capture a release date as `date` ("20251001"); ids with anything
 * else in them (a "-fast" variant, say) are not members, so an alias never lands on a variant.
 */
export interface ModelFamily {
  alias: string;
  pattern: RegExp;
}

/** The version numbers of an id in a family ("5-5" → [5, 5]) and its release date, or null when it is no member. */
function membership(family: ModelFamily, id: string): { version: number[]; date: string } | null {
  const match = family.pattern.exec(id);
  const version = match?.groups?.version;
  if (!version) return null;
  return { version: version.split(/[-.]/).map(Number), date: match.groups?.date ?? '' };
}

function compareVersions(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * The newest member of the family among `models`: the highest version; among ids of one version, the one without a
 * date suffix (the id Anthropic keeps pointing at the newest snapshot), else the latest date, else the latest release.
 */
export function newestInFamily(models: readonly ListedModel[], family: ModelFamily): ListedModel | null {
  let best: { model: ListedModel; version: number[]; date: string } | null = null;
  for (const model of models) {
    const member = membership(family, model.id);
    if (!member) continue;
    if (!best) {
      best = { model, ...member };
      continue;
    }
    const byVersion = compareVersions(member.version, best.version);
    const byDate = member.date === best.date ? 0 : member.date === '' ? 1 : best.date === '' ? -1 : member.date.localeCompare(best.date);
    const byRelease = (model.createdAt ?? '').localeCompare(best.model.createdAt ?? '');
    if (byVersion > 0 || (byVersion === 0 && (byDate > 0 || (byDate === 0 && byRelease > 0)))) best = { model, ...member };
  }
  return best?.model ?? null;
}

/** A release-date suffix: Anthropic's -YYYYMMDD, or OpenAI's -YYYY-MM-DD. */
const RELEASE_DATE = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/** The id without its release-date suffix ("claude-haiku-4-5-20251001" → "claude-haiku-4-5"). */
export function withoutReleaseDate(model: string): string {
  return model.replace(RELEASE_DATE, '');
}

/** Lower case, without a release-date suffix: two names of one model compare equal. */
export function canonicalModelId(model: string): string {
  return withoutReleaseDate(model.trim().toLowerCase());
}

/**
 * The family of a versioned model name: the ids with its name before the version, any version and perhaps a release
 * date ("claude-sonnet-4-6" → claude-sonnet-5, claude-sonnet-4-6-20260101; "gpt-5" → gpt-5.1, gpt-5-2025-08-07, but
 * not gpt-5-mini, a variant). Null for a name with no trailing version ("sonnet", "llama3.2").
 */
export function versionFamilyOf(name: string): ModelFamily | null {
  const stem = /^(?<stem>.*?-)\d+(?:[-.]\d{1,2})*$/.exec(canonicalModelId(name))?.groups?.stem;
  if (!stem) return null;
  const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { alias: name, pattern: new RegExp(`^${escaped}(?<version>\\d+(?:[-.]\\d{1,2})*)(?:-(?<date>\\d{8}|\\d{4}-\\d{2}-\\d{2}))?$`, 'i') };
}

import { describe, expect, it } from 'vitest';
import { ANTHROPIC_BUILT_IN_MODELS, ANTHROPIC_FAMILIES, ANTHROPIC_MODEL_PATTERN } from '../providers/anthropic/models.js';
import { canonicalModelId, newestInFamily, versionFamilyOf, type ListedModel } from './listed-model.js';
import { ModelDirectory } from './model-directory.js';

const listed = (id: string, createdAt: string | null = null): ListedModel => ({ id, displayName: id, createdAt });
const family = (alias: string) => ANTHROPIC_FAMILIES.find((candidate) => candidate.alias === alias)!;

function directory(aliases: Record<string, string> = {}): ModelDirectory {
  return new ModelDirectory({ builtIn: ANTHROPIC_BUILT_IN_MODELS, families: ANTHROPIC_FAMILIES, aliases, accepts: (id) => ANTHROPIC_MODEL_PATTERN.test(id) });
}

describe('newestInFamily', () => {
  it('takes the highest version, not the order or the newest release', () => {
    const models = [listed('claude-opus-4-7', '2026-12-01T00:00:00Z'), listed('claude-opus-5-5', '2026-11-01T00:00:00Z'), listed('claude-opus-5', '2026-06-01T00:00:00Z')];
    expect(newestInFamily(models, family('opus'))?.id).toBe('claude-opus-5-5');
  });

  it('never lands on a variant or another family', () => {
    const models = [listed('claude-opus-5-fast'), listed('claude-sonnet-9'), listed('claude-opus-5')];
    expect(newestInFamily(models, family('opus'))?.id).toBe('claude-opus-5');
    expect(newestInFamily([listed('claude-opus-5-fast')], family('opus'))).toBeNull();
  });

  it('reads dated ids, preferring the undated id of one version, else the latest date', () => {
    expect(newestInFamily([listed('claude-haiku-4-5-20251001'), listed('claude-haiku-3-5-20241022')], family('haiku'))?.id).toBe('claude-haiku-4-5-20251001');
    expect(newestInFamily([listed('claude-sonnet-4-20250514'), listed('claude-sonnet-4-20250601')], family('sonnet'))?.id).toBe('claude-sonnet-4-20250601');
    expect(newestInFamily([listed('claude-sonnet-4-5-20250929'), listed('claude-sonnet-4-5')], family('sonnet'))?.id).toBe('claude-sonnet-4-5');
    expect(newestInFamily([listed('claude-opus-4-1-20250805'), listed('claude-opus-4-20250514')], family('opus'))?.id).toBe('claude-opus-4-1-20250805');
  });
});

describe('canonicalModelId', () => {
  it('drops case and a release date, nothing else', () => {
    expect(canonicalModelId('Claude-Haiku-4-5-20251001')).toBe('claude-haiku-4-5');
    expect(canonicalModelId('gpt-5-2025-08-07')).toBe('gpt-5');
    expect(canonicalModelId('claude-haiku-4-5-fast')).toBe('claude-haiku-4-5-fast');
  });
});

describe('ModelDirectory', () => {
  it('resolves family aliases with the built-in list until a live list is read', () => {
    const models = directory();
    expect(models.source()).toEqual({ kind: 'built-in', readAt: null });
    expect(models.resolve('opus')).toBe('claude-opus-5-5');
    expect(models.resolve('sonnet')).toBe('claude-sonnet-5');
    expect(models.resolve('HAIKU')).toBe('claude-haiku-4-5');
  });

  it('resolves aliases with the live list once read, and lists the union of every account', () => {
    const models = directory();
    models.learn('a', [listed('claude-sonnet-5-1', '2027-01-10T00:00:00Z'), listed('claude-haiku-4-5-20251001', '2025-10-01T00:00:00Z')], 1000);
    models.learn('b', [listed('claude-opus-6', '2027-02-01T00:00:00Z'), listed('claude-haiku-4-5-20251001', '2025-10-01T00:00:00Z')], 2000);
    expect(models.resolve('sonnet')).toBe('claude-sonnet-5-1');
    expect(models.resolve('opus')).toBe('claude-opus-6');
    expect(models.resolve('haiku')).toBe('claude-haiku-4-5-20251001');
    expect(models.listed().map((model) => model.id)).toEqual(['claude-opus-6', 'claude-sonnet-5-1', 'claude-haiku-4-5-20251001']);
    expect(models.source()).toEqual({ kind: 'live', readAt: 2000 });
    expect(models.aliases()).toEqual([
      { alias: 'opus', target: 'claude-opus-6' },
      { alias: 'sonnet', target: 'claude-sonnet-5-1' },
      { alias: 'haiku', target: 'claude-haiku-4-5-20251001' },
    ]);
  });

  it('falls back to the built-in list for a family the live list lacks, and after its accounts are gone', () => {
    const models = directory();
    models.learn('a', [listed('claude-sonnet-5-1')], 1000);
    expect(models.resolve('opus')).toBe('claude-opus-5-5');
    models.retainOnly([]);
    expect(models.resolve('sonnet')).toBe('claude-sonnet-5');
    expect(models.source().kind).toBe('built-in');
  });

  it('ignores an empty live list', () => {
    const models = directory();
    models.learn('a', [], 1000);
    expect(models.source().kind).toBe('built-in');
    expect(models.resolve('opus')).toBe('claude-opus-5-5');
  });

  it('lets config aliases win, and forwards any id the provider accepts', () => {
    const models = directory({ opus: 'claude-opus-4-7', fast: 'claude-haiku-4-5' });
    expect(models.resolve('opus')).toBe('claude-opus-4-7');
    expect(models.resolve('fast')).toBe('claude-haiku-4-5');
    expect(models.resolve('claude-brand-new-9')).toBe('claude-brand-new-9');
    expect(models.resolve('gpt-5')).toBeNull();
    expect(models.aliases()).toContainEqual({ alias: 'fast', target: 'claude-haiku-4-5' });
  });

  it('finds no alias in what every object inherits (the fuzzer sent the model "toString": a 500)', () => {
    const models = directory({});
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) expect(models.resolve(name)).toBeNull();
  });
});

describe('newestOfFamily', () => {
  it("finds the newest listed member of a versioned name's family, never a variant, and nothing for an unversioned name", () => {
    const openai = new ModelDirectory({ builtIn: [], families: [], aliases: {}, accepts: () => false });
    openai.learn('key', [listed('gpt-5-mini'), listed('gpt-5'), listed('gpt-5.1-2025-11-13'), listed('gpt-4o'), listed('gpt-4.1')], 1);
    expect(openai.newestOfFamily('gpt-5')).toBe('gpt-5.1-2025-11-13'); // its undated id is not served here
    expect(openai.newestOfFamily('sonnet')).toBeNull();
    expect(openai.newestOfFamily('llama3.2')).toBeNull();
    expect(openai.newestOfFamily('claude-sonnet-4-6')).toBeNull();
    // Anthropic lists dated ids and takes the undated ones: the undated id is written.
    const claude = directory();
    claude.learn('acct', [listed('claude-sonnet-4-6-20260101'), listed('claude-sonnet-5-20260301'), listed('claude-opus-5-5-20260401')], 1);
    expect(claude.newestOfFamily('claude-sonnet-4-6')).toBe('claude-sonnet-5');
    expect(versionFamilyOf('gpt-5')?.pattern.test('gpt-5-2025-08-07')).toBe(true);
    expect(versionFamilyOf('gpt-5')?.pattern.test('gpt-5-mini')).toBe(false);
  });
});

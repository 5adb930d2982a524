import { afterEach, describe, expect, it } from 'vitest';
import { ANTHROPIC_BUILT_IN_MODELS, ANTHROPIC_FAMILIES } from '../providers/anthropic/models.js';
import type { ListedModel } from './listed-model.js';
import { ModelDirectory } from './model-directory.js';
import { startModelRefresh, type ModelRefresh } from './model-refresh.js';

const live: ListedModel[] = [{ id: 'claude-opus-6', displayName: 'Claude Opus 6', createdAt: '2027-02-01T00:00:00Z' }];
let refresh: ModelRefresh | null = null;
afterEach(() => refresh?.stop());

function setUp(read: () => Promise<ListedModel[]>, accountIds = ['a']) {
  let now = 0;
  const reads: string[] = [];
  const directory = new ModelDirectory({ builtIn: ANTHROPIC_BUILT_IN_MODELS, families: ANTHROPIC_FAMILIES, aliases: {}, accepts: () => false });
  const ids = [...accountIds];
  refresh = startModelRefresh(
    () => [{ directory, accounts: ids.map((id) => ({ id, read: () => (reads.push(id), read()) })) }],
    { intervalMs: 60_000, now: () => now },
  );
  return { directory, reads, ids, advance: (ms: number) => (now += ms) };
}

describe('startModelRefresh', () => {
  it('reads each account once at start and again only when its list is older than the interval', async () => {
    const { directory, reads, advance } = setUp(async () => live);
    await refresh!.refreshStale();
    expect(reads).toEqual(['a']);
    expect(directory.resolve('opus')).toBe('claude-opus-6');
    advance(59_000);
    await refresh!.refreshStale();
    expect(reads).toEqual(['a']);
    advance(1_000);
    await refresh!.refreshStale();
    expect(reads).toEqual(['a', 'a']);
  });

  it('keeps the built-in list when a list cannot be read, and tries again on the next check', async () => {
    let fail = true;
    const { directory, reads } = setUp(async () => {
      if (fail) throw new Error('HTTP 503');
      return live;
    });
    await refresh!.refreshStale();
    expect(directory.resolve('opus')).toBe('claude-opus-5-5');
    fail = false;
    await refresh!.refreshStale();
    expect(reads).toEqual(['a', 'a']);
    expect(directory.resolve('opus')).toBe('claude-opus-6');
  });

  it('drops the list of an account that is gone', async () => {
    const { directory, ids } = setUp(async () => live);
    await refresh!.refreshStale();
    ids.length = 0;
    await refresh!.refreshStale();
    expect(directory.source().kind).toBe('built-in');
  });
});

import { describe, expect, it } from 'vitest';
import type { Account } from './account-file.js';
import {
  affinityKeyFrom,
  createSelectionState,
  MAX_AFFINITY_BINDINGS,
  orderCandidates,
  priorityOf,
  recordServed,
  type Candidate,
  type SelectionState,
  type SelectionStrategy,
} from './selection.js';

const HOUR = 60 * 60 * 1000;

function account(id: string, priority?: number): Account {
  return { id, path: `/auth/${id}.json`, data: { provider: 'anthropic', access_token: 'x', ...(priority === undefined ? {} : { priority }) } };
}

function candidates(...accounts: (Account | [Account, number | null])[]): Candidate[] {
  return accounts.map((entry) => (Array.isArray(entry) ? { account: entry[0], weeklyResetAt: entry[1] } : { account: entry, weeklyResetAt: null }));
}

/** One pick + serve, as the pool does it: the first candidate serves. */
function pick(state: SelectionState, strategy: SelectionStrategy, list: Candidate[], affinityKey: string | null, now: number, affinityTtlMs?: number): string {
  const ordered = orderCandidates({ provider: 'anthropic', strategy, candidates: list, affinityKey, state, now, ...(affinityTtlMs ? { affinityTtlMs } : {}) });
  const first = ordered[0];
  if (!first) throw new Error('no candidate');
  recordServed({ provider: 'anthropic', strategy, affinityKey, accountId: first.id, state, now, ...(affinityTtlMs ? { affinityTtlMs } : {}) });
  return first.id;
}

function ids(accounts: Account[]): string[] {
  return accounts.map((a) => a.id);
}

describe('priorityOf', () => {
  it('reads the priority, 0 when missing', () => {
    expect(priorityOf(account('a', 3))).toBe(3);
    expect(priorityOf(account('a'))).toBe(0);
  });
});

describe('orderCandidates', () => {
  const a = account('a');
  const b = account('b');
  const c = account('c');

  it('returns nothing for no candidates, whatever the strategy', () => {
    for (const strategy of ['sticky', 'round-robin', 'fill-first', 'drain-soonest'] as const) {
      expect(orderCandidates({ provider: 'anthropic', strategy, candidates: [], affinityKey: 's', state: createSelectionState(), now: 0 })).toEqual([]);
    }
  });

  it('fill-first: file (id) order, the same account until it drops out', () => {
    const state = createSelectionState();
    const list = candidates(c, a, b);
    expect(ids(orderCandidates({ provider: 'anthropic', strategy: 'fill-first', candidates: list, affinityKey: null, state, now: 0 }))).toEqual(['a', 'b', 'c']);
    expect([1, 2, 3].map((now) => pick(state, 'fill-first', list, null, now))).toEqual(['a', 'a', 'a']);
    expect(pick(state, 'fill-first', candidates(b, c), null, 4)).toBe('b'); // a cooling down
  });

  it('groups by priority first, higher tier first, lower tiers as failover', () => {
    const low = account('a-low', -1);
    const high1 = account('z-high', 5);
    const high2 = account('y-high', 5);
    const mid = account('b-mid', 1);
    const list = candidates(low, b, high1, mid, high2, a);
    for (const strategy of ['fill-first', 'round-robin', 'drain-soonest', 'sticky'] as const) {
      const ordered = ids(orderCandidates({ provider: 'anthropic', strategy, candidates: list, affinityKey: null, state: createSelectionState(), now: 0 }));
      expect(ordered).toEqual(['y-high', 'z-high', 'b-mid', 'a', 'b', 'a-low']);
    }
  });

  it('round-robin: rotates the start on each serve, within each tier', () => {
    const state = createSelectionState();
    const list = candidates(a, b, c, account('x', -1), account('y', -1));
    const order = () => ids(orderCandidates({ provider: 'anthropic', strategy: 'round-robin', candidates: list, affinityKey: null, state, now: 0 }));
    expect(order()).toEqual(['a', 'b', 'c', 'x', 'y']);
    expect(order()).toEqual(['a', 'b', 'c', 'x', 'y']); // ordering alone does not advance
    recordServed({ provider: 'anthropic', strategy: 'round-robin', affinityKey: null, accountId: 'a', state, now: 0 });
    expect(order()).toEqual(['b', 'c', 'a', 'y', 'x']);
    expect([1, 2, 3, 4].map((now) => pick(state, 'round-robin', list, null, now))).toEqual(['b', 'c', 'a', 'b']);
  });

  it('round-robin: the cursor is per provider', () => {
    const state = createSelectionState();
    recordServed({ provider: 'codex', strategy: 'round-robin', affinityKey: null, accountId: 'a', state, now: 0 });
    expect(pick(state, 'round-robin', candidates(a, b), null, 0)).toBe('a');
    expect(pick(state, 'round-robin', candidates(a, b), null, 0)).toBe('b');
  });

  it('drain-soonest: soonest weekly reset first, unknown last, ties by id', () => {
    const list = candidates([c, 300], [b, null], [account('d'), 100], [a, 300], [account('e'), null]);
    const ordered = orderCandidates({ provider: 'anthropic', strategy: 'drain-soonest', candidates: list, affinityKey: null, state: createSelectionState(), now: 0 });
    expect(ids(ordered)).toEqual(['d', 'a', 'c', 'b', 'e']);
  });

  it('drain-soonest: orders within a priority tier only', () => {
    const list = candidates([account('late', 1), 900], [account('soon'), 100]);
    const ordered = orderCandidates({ provider: 'anthropic', strategy: 'drain-soonest', candidates: list, affinityKey: null, state: createSelectionState(), now: 0 });
    expect(ids(ordered)).toEqual(['late', 'soon']);
  });

  describe('sticky', () => {
    it('keeps a bound key on its account, with the others as failover', () => {
      const state = createSelectionState();
      const list = candidates(a, b, c);
      expect(pick(state, 'sticky', list, 'session-1', 0)).toBe('a');
      expect(pick(state, 'sticky', list, 'session-2', 1)).toBe('b'); // spread
      expect([2, 3, 4].map((now) => pick(state, 'sticky', list, 'session-1', now))).toEqual(['a', 'a', 'a']);
      expect([2, 3, 4].map((now) => pick(state, 'sticky', list, 'session-2', now))).toEqual(['b', 'b', 'b']);
      const ordered = orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates: list, affinityKey: 'session-2', state, now: 5 });
      expect(ids(ordered)).toEqual(['b', 'c', 'a']); // failover: the least loaded next
    });

    it('spreads new keys over the accounts with the fewest live bindings, ties in file order', () => {
      const state = createSelectionState();
      const list = candidates(c, b, a);
      const served = ['s1', 's2', 's3', 's4', 's5', 's6'].map((key, now) => pick(state, 'sticky', list, key, now));
      expect(served).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    });

    it('rebinds after failover: the account that served becomes the binding', () => {
      const state = createSelectionState();
      expect(pick(state, 'sticky', candidates(a, b), 's', 0)).toBe('a');
      expect(pick(state, 'sticky', candidates(b), 's', 1)).toBe('b'); // a cooling down
      expect(pick(state, 'sticky', candidates(a, b), 's', 2)).toBe('b'); // stays where the cache is warm
    });

    it('forgets a binding unused for the TTL (default one hour since last use)', () => {
      const state = createSelectionState();
      const list = candidates(a, b);
      pick(state, 'sticky', list, 'other', 0); // binds a
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 's', accountId: 'b', state, now: 0 });
      expect(pick(state, 'sticky', list, 's', HOUR - 1)).toBe('b'); // refreshes lastUsed
      expect(pick(state, 'sticky', list, 's', 2 * HOUR - 2)).toBe('b');
      // 'other' expired long ago and 's' expires now: a new key again, placed on the least loaded account.
      const ordered = orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates: list, affinityKey: 's', state, now: 3 * HOUR });
      expect(ids(ordered)).toEqual(['a', 'b']);
      expect(state.affinity.size).toBe(0); // both pruned
    });

    it('honours a custom affinity TTL', () => {
      const state = createSelectionState();
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 's', accountId: 'b', state, now: 0, affinityTtlMs: 1000 });
      const order = (now: number) =>
        ids(orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates: candidates(a, b), affinityKey: 's', state, now, affinityTtlMs: 1000 }));
      expect(order(999)).toEqual(['b', 'a']);
      expect(order(1000)).toEqual(['a', 'b']);
    });

    it('ignores a binding to an account that is not a candidate (cooling, disabled, removed)', () => {
      const state = createSelectionState();
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 's', accountId: 'gone', state, now: 0 });
      expect(ids(orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates: candidates(a, b), affinityKey: 's', state, now: 1 }))).toEqual(['a', 'b']);
    });

    it('priority beats affinity: a bound lower-tier account is failover when a higher tier is usable', () => {
      const state = createSelectionState();
      const high = account('high', 1);
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 's', accountId: 'b', state, now: 0 });
      const ordered = orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates: candidates(a, b, high), affinityKey: 's', state, now: 1 });
      expect(ids(ordered)).toEqual(['high', 'b', 'a']);
    });

    it('keeps bindings per provider, and counts load per provider', () => {
      const state = createSelectionState();
      recordServed({ provider: 'codex', strategy: 'sticky', affinityKey: 's', accountId: 'b', state, now: 0 });
      recordServed({ provider: 'codex', strategy: 'sticky', affinityKey: 't', accountId: 'a', state, now: 0 });
      // The codex bindings neither bind 's' here nor weigh on the anthropic accounts' load.
      expect(pick(state, 'sticky', candidates(a, b), 's', 1)).toBe('a');
      expect(state.affinity.get('codex:s')?.accountId).toBe('b');
    });

    it('without a key behaves like round-robin', () => {
      const state = createSelectionState();
      const list = candidates(a, b, c);
      expect([0, 1, 2, 3].map((now) => pick(state, 'sticky', list, null, now))).toEqual(['a', 'b', 'c', 'a']);
      expect(state.affinity.size).toBe(0);
    });
  });

  describe('affinity map bounds', () => {
    it('caps the map, dropping the least recently used bindings', () => {
      const state = createSelectionState();
      for (let i = 0; i < MAX_AFFINITY_BINDINGS; i++) {
        recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: `k${i}`, accountId: 'a', state, now: i });
      }
      // k0 used again: now the most recent, so k1 is the oldest.
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 'k0', accountId: 'a', state, now: MAX_AFFINITY_BINDINGS });
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 'new', accountId: 'b', state, now: MAX_AFFINITY_BINDINGS + 1 });
      expect(state.affinity.size).toBe(MAX_AFFINITY_BINDINGS);
      expect(state.affinity.has('anthropic:k0')).toBe(true);
      expect(state.affinity.has('anthropic:k1')).toBe(false);
      expect(state.affinity.has('anthropic:new')).toBe(true);
    });

    it('keeps no binding longer than a bounded key, whatever key a route passes (a translated prompt_cache_key)', () => {
      const state = createSelectionState();
      const huge = 'x'.repeat(1_000_000);
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: huge, accountId: 'b', state, now: 0 });
      const [mapKey] = state.affinity.keys();
      expect(mapKey).toMatch(/^anthropic:sha256:[0-9a-f]{64}$/);
      expect(ids(orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates: candidates(a, b), affinityKey: huge, state, now: 1 }))).toEqual(['b', 'a']);
    });

    it('prunes expired bindings on every call', () => {
      const state = createSelectionState();
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 'old', accountId: 'a', state, now: 0 });
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 'recent', accountId: 'a', state, now: HOUR / 2 });
      orderCandidates({ provider: 'anthropic', strategy: 'fill-first', candidates: candidates(a), affinityKey: null, state, now: HOUR });
      expect([...state.affinity.keys()]).toEqual(['anthropic:recent']);
      recordServed({ provider: 'anthropic', strategy: 'round-robin', affinityKey: null, accountId: 'a', state, now: 2 * HOUR });
      expect(state.affinity.size).toBe(0);
    });

    it('never honours an expired binding, even one the prune has not reached (clock stepped back)', () => {
      const state = createSelectionState();
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 'first', accountId: 'a', state, now: 1000 });
      recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: 's', accountId: 'a', state, now: 0 }); // clock went back
      const ordered = orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates: candidates(a, b), affinityKey: 's', state, now: HOUR + 500 });
      expect(state.affinity.has('anthropic:s')).toBe(true); // behind a live binding: not pruned yet
      expect(ids(ordered)).toEqual(['b', 'a']); // 's' (on a) is not honoured; 'first' (live, on a) makes b the least loaded
    });
  });
});

/** An affinity map that counts the bindings any walk over it visits. */
class CountingMap<K, V> extends Map<K, V> {
  visited = 0;
  override *entries(): MapIterator<[K, V]> {
    for (const entry of super.entries()) {
      this.visited++;
      yield entry;
    }
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
  override *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }
  override *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }
}

describe('sticky load at scale', () => {
  const list = candidates(account('a'), account('b'), account('c'));

  it('places a new key without walking every binding', () => {
    const affinity = new CountingMap<string, SelectionState['affinity'] extends Map<string, infer V> ? V : never>();
    const state: SelectionState = { ...createSelectionState(), affinity };
    for (let i = 0; i < 3_000; i++) pick(state, 'sticky', list, `session-${i}`, i);
    affinity.visited = 0;
    expect(ids(orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates: list, affinityKey: 'new', state, now: 3_000 }))).toEqual(['a', 'b', 'c']);
    expect(affinity.visited).toBeLessThan(10);
  });

  it('counts the bindings of each account exactly as a walk over them would, however they come and go', () => {
    const state = createSelectionState();
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let now = 0;
    for (let step = 0; step < 5_000; step++) {
      now += Math.floor(next() * 200);
      const provider = next() < 0.8 ? 'anthropic' : 'codex';
      const key = `k${Math.floor(next() * 400)}`;
      const accountId = ['a', 'b', 'c'][Math.floor(next() * 3)] as string;
      recordServed({ provider, strategy: 'sticky', affinityKey: key, accountId, state, now, affinityTtlMs: 20_000 });
      if (step % 50 === 0) {
        const walked = new Map<string, number>();
        for (const binding of state.affinity.values()) {
          const name = `${binding.provider}/${binding.accountId}`;
          walked.set(name, (walked.get(name) ?? 0) + 1);
        }
        const held = new Map<string, number>();
        for (const [heldProvider, counts] of state.bindingsHeld) for (const [id, count] of counts) held.set(`${heldProvider}/${id}`, count);
        expect(held).toEqual(walked);
      }
    }
  });
});

describe('affinityKeyFrom', () => {
  const userId = JSON.stringify({ device_id: 'dev', account_uuid: 'acc', session_id: 'meta-session' });
  const allHeaders = { 'x-claude-code-session-id': 'cc-session', session_id: 'codex-session', 'session-id': 'codex-session-dash' };
  const allBody = { metadata: { user_id: userId }, prompt_cache_key: 'cache-key' };

  it('takes the most specific source first', () => {
    expect(affinityKeyFrom(allHeaders, allBody, 'hash')).toBe('cc-session');
    expect(affinityKeyFrom({ ...allHeaders, 'x-claude-code-session-id': undefined }, allBody, 'hash')).toBe('meta-session');
    expect(affinityKeyFrom({ session_id: 'codex-session' }, { prompt_cache_key: 'cache-key' }, 'hash')).toBe('cache-key');
    expect(affinityKeyFrom({ session_id: 'codex-session', 'session-id': 'dash' }, {}, 'hash')).toBe('codex-session');
    expect(affinityKeyFrom({ 'session-id': 'dash' }, {}, 'hash')).toBe('dash');
    expect(affinityKeyFrom({}, {}, 'hash')).toBe('key:hash');
    expect(affinityKeyFrom({}, {}, null)).toBeNull();
  });

  it('reads header arrays and header names in any case', () => {
    expect(affinityKeyFrom({ 'X-Claude-Code-Session-Id': 'mixed' }, {}, null)).toBe('mixed');
    expect(affinityKeyFrom({ session_id: ['first', 'second'] }, {}, null)).toBe('first');
    expect(affinityKeyFrom({ 'x-claude-code-session-id': '  ' }, {}, 'h')).toBe('key:h');
  });

  it('guards the metadata.user_id parse', () => {
    const withUserId = (user_id: unknown) => affinityKeyFrom({}, { metadata: { user_id } }, 'h');
    expect(withUserId('user_abc_account_def_session_ghi')).toBe('key:h'); // older, opaque format
    expect(withUserId('{not json')).toBe('key:h');
    expect(withUserId('{"session_id": 42}')).toBe('key:h');
    expect(withUserId('{"session_id": ""}')).toBe('key:h');
    expect(withUserId(42)).toBe('key:h');
    expect(affinityKeyFrom({}, { metadata: 'nope' }, 'h')).toBe('key:h');
    expect(affinityKeyFrom({}, { metadata: null }, 'h')).toBe('key:h');
  });

  it('ignores a prompt_cache_key that is not a non-empty string', () => {
    expect(affinityKeyFrom({}, { prompt_cache_key: '' }, 'h')).toBe('key:h');
    expect(affinityKeyFrom({}, { prompt_cache_key: 7 }, 'h')).toBe('key:h');
  });

  it('hashes very long keys so a binding stays small', () => {
    const key = affinityKeyFrom({}, { prompt_cache_key: 'x'.repeat(10_000) }, null);
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(affinityKeyFrom({}, { prompt_cache_key: 'x'.repeat(10_000) }, null)).toBe(key);
  });
});

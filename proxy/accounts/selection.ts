import { createHash } from 'node:crypto';
import type { Account } from './account-file.js';

/**
 * Which account of a provider serves a request. Pure: the pool passes in the usable candidates (enabled, not
 * cooling down), the clock and the state, and gets back the order to try them in — the first serves, the rest
 * are the failover order. Priority always comes first (higher tier first); the strategy orders within a tier.
 */
export type SelectionStrategy = 'sticky' | 'round-robin' | 'fill-first' | 'drain-soonest';

export interface Candidate {
  account: Account;
  /** weekly-ish window reset time used by drain-soonest (ms epoch) or null */
  weeklyResetAt: number | null;
}

export interface SelectionState {
  /** round-robin cursor per provider */
  cursors: Map<string, number>;
  /**
   * sticky affinity: key → { accountId, lastUsed }. The map key is `<provider>:<affinity key>` so one session
   * that uses two providers keeps an account on each. Kept in least-recently-used order (oldest first).
   */
  affinity: Map<string, AffinityBinding>;
  /**
   * How many bindings of `affinity` each account holds, per provider: kept up to date as bindings come and go, so
   * placing a new key costs a look-up rather than a walk over every binding.
   */
  bindingsHeld: Map<string, Map<string, number>>;
}

export interface AffinityBinding {
  provider: string;
  accountId: string;
  lastUsed: number;
}

/** How long a sticky binding lives after its last use. */
export const DEFAULT_AFFINITY_TTL_MS = 60 * 60 * 1000;
/** Bounded memory: beyond this many bindings the least recently used ones are dropped. */
export const MAX_AFFINITY_BINDINGS = 10_000;
/** Longer affinity keys are hashed, so a client cannot make each binding arbitrarily large. */
const MAX_AFFINITY_KEY_LENGTH = 200;

export function createSelectionState(): SelectionState {
  return { cursors: new Map(), affinity: new Map(), bindingsHeld: new Map() };
}

/** The account's priority tier: higher is preferred, default 0. */
export function priorityOf(account: Account): number {
  const priority: unknown = account.data.priority;
  return typeof priority === 'number' && Number.isFinite(priority) ? priority : 0;
}

/** Orders the usable candidates: the first is the account to try, the rest are the failover order. */
export function orderCandidates(params: {
  provider: string;
  strategy: SelectionStrategy;
  candidates: readonly Candidate[];
  affinityKey: string | null;
  state: SelectionState;
  now: number;
  affinityTtlMs?: number;
}): Account[] {
  const { provider, strategy, candidates, affinityKey, state, now } = params;
  const ttl = params.affinityTtlMs ?? DEFAULT_AFFINITY_TTL_MS;
  pruneAffinity(state, now, ttl);
  const tiers = priorityTiers(candidates);

  switch (strategy) {
    case 'fill-first':
      return tiers.flat().map((candidate) => candidate.account);
    case 'round-robin':
      return tiers.flatMap((tier) => rotate(tier, cursorOf(state, provider))).map((candidate) => candidate.account);
    case 'drain-soonest':
      return tiers.flatMap((tier) => [...tier].sort(bySoonestReset)).map((candidate) => candidate.account);
    case 'sticky': {
      // Without a session to keep warm there is nothing to stick to: share the load instead.
      if (affinityKey === null) {
        return tiers.flatMap((tier) => rotate(tier, cursorOf(state, provider))).map((candidate) => candidate.account);
      }
      const mapKey = affinityMapKey(provider, affinityKey);
      const binding = state.affinity.get(mapKey);
      const boundId = binding && isLive(binding, now, ttl) ? binding.accountId : null;
      const load = otherBindingsOf(state, provider, binding);
      return tiers.flatMap((tier) => stickyOrder(tier, boundId, load)).map((candidate) => candidate.account);
    }
    default:
      return assertNever(strategy);
  }
}

/** Records which account actually served (sticky binds the key to it; round-robin advances). */
export function recordServed(params: {
  provider: string;
  strategy: SelectionStrategy;
  affinityKey: string | null;
  accountId: string;
  state: SelectionState;
  now: number;
  affinityTtlMs?: number;
}): void {
  const { provider, strategy, affinityKey, accountId, state, now } = params;
  pruneAffinity(state, now, params.affinityTtlMs ?? DEFAULT_AFFINITY_TTL_MS);
  switch (strategy) {
    case 'sticky':
      if (affinityKey === null) advanceCursor(state, provider);
      else bind(state, provider, affinityMapKey(provider, affinityKey), accountId, now);
      return;
    case 'round-robin':
      advanceCursor(state, provider);
      return;
    case 'fill-first':
    case 'drain-soonest':
      return;
    default:
      return assertNever(strategy);
  }
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * What keeps one conversation on one account (so the upstream prompt cache stays warm), most specific first:
 * Claude Code's `x-claude-code-session-id` header; the `session_id` inside Claude Code's `metadata.user_id`
 * (≥ 2.1.78 sends it as a JSON text `{"device_id","account_uuid","session_id"}`); OpenAI's / Codex's
 * `prompt_cache_key`; Codex's `session_id` header; else the API key (`key:<hash>`); else null.
 * Raw ids carry no prefix, so the translated routes (which use the parsed conversation id) agree with this.
 */
export function affinityKeyFrom(headers: Headers, body: Record<string, unknown>, apiKeyHash: string | null): string | null {
  const key =
    headerValue(headers, 'x-claude-code-session-id') ??
    claudeCodeSessionId(body) ??
    nonEmptyString(body['prompt_cache_key']) ??
    headerValue(headers, 'session_id') ??
    headerValue(headers, 'session-id') ??
    (apiKeyHash ? `key:${apiKeyHash}` : null);
  return key === null ? null : boundedKey(key);
}

// ── ordering ────────────────────────────────────────────────────────────────────────────────────────────────

/** Priority tiers, highest first; within a tier file order (account id order). */
function priorityTiers(candidates: readonly Candidate[]): Candidate[][] {
  const byPriority = new Map<number, Candidate[]>();
  for (const candidate of candidates) {
    const priority = priorityOf(candidate.account);
    const tier = byPriority.get(priority);
    if (tier) tier.push(candidate);
    else byPriority.set(priority, [candidate]);
  }
  return [...byPriority.entries()]
    .sort(([a], [b]) => b - a)
    .map(([, tier]) => tier.sort((a, b) => compareIds(a.account.id, b.account.id)));
}

/** Starts the tier at `cursor` (modulo its size), keeping the cyclic order. */
function rotate(tier: readonly Candidate[], cursor: number): Candidate[] {
  if (tier.length === 0) return [];
  const start = cursor % tier.length;
  return [...tier.slice(start), ...tier.slice(0, start)];
}

function bySoonestReset(a: Candidate, b: Candidate): number {
  if (a.weeklyResetAt !== b.weeklyResetAt) {
    if (a.weeklyResetAt === null) return 1;
    if (b.weeklyResetAt === null) return -1;
    return a.weeklyResetAt - b.weeklyResetAt;
  }
  return compareIds(a.account.id, b.account.id);
}

/**
 * The bound account first when it is in this tier. Otherwise (a new key, or one bound elsewhere) the account
 * with the fewest live bindings first, ties in file order: many sessions spread over the accounts, while each
 * one, once bound, stays put.
 */
function stickyOrder(tier: readonly Candidate[], boundId: string | null, load: (accountId: string) => number): Candidate[] {
  const bound = tier.find((candidate) => candidate.account.id === boundId);
  const rest = tier
    .filter((candidate) => candidate !== bound)
    .map((candidate, fileIndex) => ({ candidate, fileIndex, load: load(candidate.account.id) }))
    .sort((a, b) => a.load - b.load || a.fileIndex - b.fileIndex)
    .map(({ candidate }) => candidate);
  return bound ? [bound, ...rest] : rest;
}

/**
 * The bindings each account of this provider holds, not counting the key being placed (`own`, when it is bound).
 * Expired bindings are pruned before this is read, so all are live — but for one the prune has not reached after
 * the clock stepped back, which may weigh here until it goes (it is never honoured).
 */
function otherBindingsOf(state: SelectionState, provider: string, own: AffinityBinding | undefined): (accountId: string) => number {
  const held = state.bindingsHeld.get(provider);
  return (accountId) => (held?.get(accountId) ?? 0) - (own?.accountId === accountId ? 1 : 0);
}

/** Plain code-unit order: the same on every machine and locale (unlike localeCompare). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ── state ───────────────────────────────────────────────────────────────────────────────────────────────────

function cursorOf(state: SelectionState, provider: string): number {
  return state.cursors.get(provider) ?? 0;
}

function advanceCursor(state: SelectionState, provider: string): void {
  const next = cursorOf(state, provider) + 1;
  state.cursors.set(provider, Number.isSafeInteger(next) ? next : 0);
}

/**
 * Provider ids never contain ':', so the first ':' separates them from the affinity key. Every key is bounded here,
 * where it enters the map, whichever route found it (the translated ones pass a client's prompt_cache_key as it came).
 */
function affinityMapKey(provider: string, affinityKey: string): string {
  return `${provider}:${boundedKey(affinityKey)}`;
}

/** Re-inserting moves the binding to the end, so the map stays in least-recently-used order. */
function bind(state: SelectionState, provider: string, mapKey: string, accountId: string, now: number): void {
  unbind(state, mapKey);
  state.affinity.set(mapKey, { provider, accountId, lastUsed: now });
  countHeld(state, provider, accountId, 1);
  for (const oldest of state.affinity.keys()) {
    if (state.affinity.size <= MAX_AFFINITY_BINDINGS) break;
    unbind(state, oldest);
  }
}

/** Every binding leaves the map through here, so bindingsHeld stays true. */
function unbind(state: SelectionState, mapKey: string): void {
  const binding = state.affinity.get(mapKey);
  if (!binding) return;
  state.affinity.delete(mapKey);
  countHeld(state, binding.provider, binding.accountId, -1);
}

function countHeld(state: SelectionState, provider: string, accountId: string, change: 1 | -1): void {
  let held = state.bindingsHeld.get(provider);
  if (!held) state.bindingsHeld.set(provider, (held = new Map()));
  const count = (held.get(accountId) ?? 0) + change;
  if (count > 0) held.set(accountId, count);
  else held.delete(accountId);
}

function isLive(binding: { lastUsed: number }, now: number, ttlMs: number): boolean {
  return now - binding.lastUsed < ttlMs;
}

/**
 * Drops bindings unused for `ttlMs` or more, then the oldest beyond the cap. The map is in last-use order, so
 * the scan stops at the first live binding. Should the clock step back, a stale binding behind it may linger
 * until a later prune or the cap drops it; readers check liveness themselves, so it is never honoured.
 */
function pruneAffinity(state: SelectionState, now: number, ttlMs: number): void {
  for (const [mapKey, binding] of state.affinity) {
    if (isLive(binding, now, ttlMs)) break;
    unbind(state, mapKey);
  }
  for (const oldest of state.affinity.keys()) {
    if (state.affinity.size <= MAX_AFFINITY_BINDINGS) break;
    unbind(state, oldest);
  }
}

// ── affinity keys ───────────────────────────────────────────────────────────────────────────────────────────

/** Node lower-cases header names; plain objects from elsewhere may not, so fall back to a case-blind scan. */
function headerValue(headers: Headers, name: string): string | null {
  let value = headers[name];
  if (value === undefined) {
    const found = Object.keys(headers).find((key) => key.toLowerCase() === name);
    value = found === undefined ? undefined : headers[found];
  }
  const first = Array.isArray(value) ? value[0] : value;
  return nonEmptyString(first?.trim());
}

function claudeCodeSessionId(body: Record<string, unknown>): string | null {
  const metadata = body['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return null;
  const userId = (metadata as Record<string, unknown>)['user_id'];
  if (typeof userId !== 'string' || !userId.trimStart().startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(userId);
    if (typeof parsed !== 'object' || parsed === null) return null;
    return nonEmptyString((parsed as Record<string, unknown>)['session_id']);
  } catch {
    return null; // Not JSON after all: an opaque user id says nothing about the session.
  }
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function boundedKey(key: string): string {
  return key.length <= MAX_AFFINITY_KEY_LENGTH ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected selection strategy: ${String(value)}`);
}

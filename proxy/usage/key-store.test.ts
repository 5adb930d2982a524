import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hashKey } from '../keys/key-ring.js';
import { migrate } from './database.js';
import { KeyStore, KeyStoreError } from './key-store.js';
import { MIGRATIONS } from './migrations.js';

function setup(start = 1_700_000_000_000) {
  const db = new BetterSqlite3(':memory:');
  migrate(db, MIGRATIONS);
  const clock = { now: start };
  return { db, clock, store: new KeyStore(db, () => clock.now) };
}

describe('KeyStore', () => {
  it('creates a key whose secret is shown once and stored only as its SHA-256', () => {
    const { db, store, clock } = setup();
    const { record, secret } = store.create({ label: 'laptop', owner: 'ana', allowedModels: ['a', 'b', 'a'], monthlyCostBudgetUsd: 12.5, rpmLimit: 60 });
    expect(secret).toMatch(/^sk-sb-[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({
      id: expect.stringMatching(/^key_[0-9a-f]{12}$/),
      prefix: secret.slice(0, 10),
      label: 'laptop',
      owner: 'ana',
      role: 'client',
      createdAt: clock.now,
      lastUsedAt: null,
      enabled: true,
      expiresAt: null,
      allowedModels: ['a', 'b'],
      monthlyTokenBudget: null,
      monthlyCostBudgetUsd: 12.5,
      rpmLimit: 60,
      concurrencyLimit: null,
      pinnedTarget: null,
      pinnedAccount: null,
      revokedAt: null,
    });
    const row = db.prepare('SELECT * FROM api_keys').get() as Record<string, unknown>;
    expect(row.hash).toBe(hashKey(secret).toString('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(store.get(record.id)).toEqual(record);
    expect(store.list()).toEqual([record]);
  });

  it('finds a key by its secret, and nothing for another secret', () => {
    const { store } = setup();
    const { record, secret } = store.create({ label: 'ci', role: 'admin' });
    expect(store.findBySecret(secret)).toEqual(record);
    expect(store.findBySecret(`${secret}x`)).toBeNull();
    expect(store.findBySecret('')).toBeNull();
  });

  it('accepts ISO dates for expiresAt and refuses a date in the past', () => {
    const { store, clock } = setup(Date.parse('2025-06-01T00:00:00Z'));
    expect(store.create({ label: 'a', expiresAt: '2025-07-01' }).record.expiresAt).toBe(Date.parse('2025-07-01T00:00:00Z'));
    expect(store.create({ label: 'b', expiresAt: '2025-07-01T12:00:00+02:00' }).record.expiresAt).toBe(Date.parse('2025-07-01T10:00:00Z'));
    expect(() => store.create({ label: 'c', expiresAt: clock.now - 1 })).toThrow(/expiresAt: .* is in the past/);
    expect(() => store.create({ label: 'd', expiresAt: 'next week' })).toThrow(KeyStoreError);
  });

  it('refuses invalid input with the field at fault', () => {
    const { store } = setup();
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof KeyStoreError ? { reason: error.reason, field: error.field } : error;
      }
      return null;
    };
    expect(refusal(() => store.create({ label: '  ' }))).toEqual({ reason: 'invalid', field: 'label' });
    expect(refusal(() => store.create({ label: 'x', rpmLimit: 0 }))).toEqual({ reason: 'invalid', field: 'rpmLimit' });
    expect(refusal(() => store.create({ label: 'x', allowedModels: [] }))).toEqual({ reason: 'invalid', field: 'allowedModels' });
    expect(refusal(() => store.create({ label: 'x', role: 'root' as 'admin' }))).toEqual({ reason: 'invalid', field: 'role' });
    expect(refusal(() => store.create({ label: 'x', extra: 1 } as { label: string }))).toEqual({ reason: 'invalid', field: undefined });
  });

  it('updates only the given fields, and null clears a limit', () => {
    const { store } = setup();
    const { record } = store.create({ label: 'a', rpmLimit: 10, concurrencyLimit: 2, allowedModels: ['m'] });
    const updated = store.update(record.id, { rpmLimit: null, label: 'b', enabled: false, allowedModels: ['x', 'y'] });
    expect(updated).toEqual({ ...record, rpmLimit: null, label: 'b', enabled: false, allowedModels: ['x', 'y'] });
    expect(store.update(record.id, {})).toEqual(updated);
    expect(store.update(record.id, { enabled: true }).enabled).toBe(true);
  });

  it('revokes for good: disabled, stamped once, never changeable again', () => {
    const { store, clock } = setup();
    const { record, secret } = store.create({ label: 'a' });
    clock.now += 5000;
    const revoked = store.revoke(record.id);
    expect(revoked).toMatchObject({ enabled: false, revokedAt: clock.now });
    clock.now += 5000;
    expect(store.revoke(record.id).revokedAt).toBe(revoked.revokedAt);
    expect(() => store.update(record.id, { enabled: true })).toThrow(expect.objectContaining({ reason: 'revoked' }));
    // Still found, so the policy can say "revoked" instead of "unknown key".
    expect(store.findBySecret(secret)?.revokedAt).toBe(revoked.revokedAt);
  });

  it('says which key is unknown', () => {
    const { store } = setup();
    expect(store.get('key_nope')).toBeNull();
    expect(() => store.update('key_nope', { label: 'x' })).toThrow(expect.objectContaining({ reason: 'not_found', message: expect.stringContaining('key_nope') }));
    expect(() => store.revoke('key_nope')).toThrow(expect.objectContaining({ reason: 'not_found' }));
  });

  it('writes last_used_at at most once a minute per key', () => {
    const { store, clock } = setup();
    const { record } = store.create({ label: 'a' });
    const lastUsed = () => store.get(record.id)?.lastUsedAt;
    store.touch(record.id);
    expect(lastUsed()).toBe(clock.now);
    const first = clock.now;
    clock.now += 59_999;
    store.touch(record.id);
    expect(lastUsed()).toBe(first);
    clock.now += 1;
    store.touch(record.id);
    expect(lastUsed()).toBe(clock.now);
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../usage/database.js';
import { KeyStore } from '../../usage/key-store.js';
import { MIGRATIONS } from '../../usage/migrations.js';
import type { KeySpend } from '../../usage/types.js';
import { errorHandler } from '../error-handler.js';
import { adminKeysRoutes } from './admin-keys.js';

const SPEND: KeySpend = { tokens: 1234, costUsd: 0.5, requests: 3, unpricedRequests: 1 };

async function serve(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('admin keys routes', () => {
  const db = new BetterSqlite3(':memory:');
  migrate(db, MIGRATIONS);
  const keys = new KeyStore(db);
  let withSpend: { server: Server; url: string };
  let withoutSpend: { server: Server; url: string };

  const appFor = (spendOf?: (keyId: string) => KeySpend) => {
    const app = express();
    app.use(express.json());
    app.use(adminKeysRoutes({ keys, spendOf }));
    app.use(errorHandler('1mb'));
    return app;
  };

  beforeAll(async () => {
    withSpend = await serve(appFor(() => SPEND));
    withoutSpend = await serve(appFor());
  });
  afterAll(async () => {
    for (const { server } of [withSpend, withoutSpend]) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const call = async (method: string, path: string, body?: unknown, base = withSpend.url) => {
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('creates a key, answering its secret once, and lists it without the secret', async () => {
    const created = await call('POST', '/admin/keys', { label: 'phone', rpmLimit: 30, expiresAt: '2099-01-01' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'phone', role: 'client', rpmLimit: 30, expiresAt: Date.parse('2099-01-01'), spend: SPEND, secret: expect.stringMatching(/^sk-sb-/) });
    const secret = created.body.secret as string;
    expect(keys.findBySecret(secret)?.id).toBe(created.body.id);

    const listed = await call('GET', '/admin/keys');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.keys).toContainEqual({ ...created.body, secret: undefined });
    const bare = await call('GET', '/admin/keys', undefined, withoutSpend.url);
    expect((bare.body.keys as { spend: unknown }[])[0]?.spend).toBeNull();
  });

  it('refuses an invalid body with 400 naming the field', async () => {
    expect(await call('POST', '/admin/keys', { label: 'x', rpmLimit: -1 })).toMatchObject({ status: 400, body: { error: { param: 'rpmLimit', type: 'invalid_request_error' } } });
    expect(await call('POST', '/admin/keys', {})).toMatchObject({ status: 400, body: { error: { message: 'label: Field required' } } });
    expect(await call('POST', '/admin/keys', { label: 'x', expiresAt: '2001-01-01' })).toMatchObject({ status: 400, body: { error: { param: 'expiresAt' } } });
  });

  it('names every bad field in one 400, not only the first', async () => {
    const refused = await call('POST', '/admin/keys', { label: '', rpmLimit: -1, monthlyCostBudgetUsd: 'lots', concurrencyLimit: 1.5 });
    expect(refused).toMatchObject({ status: 400, body: { error: { param: 'label' } } });
    const message = (refused.body.error as { message: string }).message;
    for (const field of ['label', 'rpmLimit', 'monthlyCostBudgetUsd', 'concurrencyLimit']) expect(message).toContain(`${field}: `);
    expect(message.split('; ')).toHaveLength(4);
  });

  it('changes a key and clears limits with null', async () => {
    const { record } = keys.create({ label: 'ci', rpmLimit: 5, allowedModels: ['a'] });
    const changed = await call('PATCH', `/admin/keys/${record.id}`, { rpmLimit: null, enabled: false, allowedModels: ['b'] });
    expect(changed).toMatchObject({ status: 200, body: { id: record.id, rpmLimit: null, enabled: false, allowedModels: ['b'], spend: SPEND } });
    expect(await call('PATCH', `/admin/keys/${record.id}`, { enabled: 'yes' })).toMatchObject({ status: 400, body: { error: { param: 'enabled' } } });
  });

  it('revokes a key for good', async () => {
    const { record } = keys.create({ label: 'old' });
    const revoked = await call('DELETE', `/admin/keys/${record.id}`);
    expect(revoked).toMatchObject({ status: 200, body: { id: record.id, enabled: false, revokedAt: expect.any(Number) } });
    expect(await call('DELETE', `/admin/keys/${record.id}`)).toMatchObject({ status: 200, body: { revokedAt: revoked.body.revokedAt } });
    expect(await call('PATCH', `/admin/keys/${record.id}`, { enabled: true })).toMatchObject({ status: 409, body: { error: { code: 'key_revoked' } } });
  });

  it('answers 404 for an unknown key', async () => {
    expect(await call('PATCH', '/admin/keys/key_nope', { label: 'x' })).toMatchObject({ status: 404, body: { error: { code: 'key_not_found', message: expect.stringContaining('key_nope') } } });
    expect(await call('DELETE', '/admin/keys/key_nope')).toMatchObject({ status: 404 });
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForUpdate } from '@pydantic/genai-prices';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogProvider } from './price-catalog.js';
import { downloadPriceData, PriceDataError, priceDataPath, readSavedPriceData, savePriceData } from './price-data.js';
import { startPriceDataRefresh, type PriceDataRefresh } from './price-data-refresh.js';
import { createPricing } from './pricing.js';

/** The bundled catalog with one model more, as a newer download would have it. */
async function newerCatalog(): Promise<CatalogProvider[]> {
  const bundled = (await waitForUpdate())!;
  return bundled.map((provider) =>
    provider.id === 'anthropic'
      ? { ...provider, models: [{ id: 'claude-opus-6', match: { equals: 'claude-opus-6' }, prices: { input_mtok: 7, output_mtok: 35 } }, ...provider.models] }
      : provider,
  );
}

/** A stand-in for the catalog's host: serves `body` with an ETag, answers 304 to a matching If-None-Match. */
function catalogHost(): Promise<{ url: string; server: Server; hits: string[]; serve(body: string, status?: number): void }> {
  const hits: string[] = [];
  let body = '[]';
  let status = 200;
  const server = createServer((req, res) => {
    hits.push(req.headers['if-none-match'] ?? '');
    const etag = `"${body.length}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    res.writeHead(status, { 'content-type': 'application/json', etag }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/data.json`,
        server,
        hits,
        serve(next, nextStatus = 200) {
          body = next;
          status = nextStatus;
        },
      }),
    ),
  );
}

let dir: string;
let host: Awaited<ReturnType<typeof catalogHost>>;
let refresh: PriceDataRefresh | null = null;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-prices-'));
  host = await catalogHost();
});
afterEach(async () => {
  refresh?.stop();
  refresh = null;
  await new Promise((resolve) => host.server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('downloadPriceData', () => {
  it('validates the catalog, keeps its ETag, and says when it did not change', async () => {
    host.serve(JSON.stringify(await newerCatalog()));
    const first = await downloadPriceData({ url: host.url, fetch, timeoutMs: 5000, etag: null, now: () => Date.UTC(2026, 11, 6) });
    if (!first.changed) throw new Error('expected a download');
    expect(first.dataset.info).toMatchObject({ kind: 'downloaded', url: host.url, fetchedAt: '2026-12-06T00:00:00.000Z' });
    expect(first.etag).toMatch(/^"\d+"$/);
    expect(await downloadPriceData({ url: host.url, fetch, timeoutMs: 5000, etag: first.etag })).toEqual({ changed: false });
  });

  it.each([
    ['not JSON', 'oops', /did not answer with JSON/],
    ['not a catalog', '{"providers": 1}', /not a price catalog/],
    ['an empty catalog', '[]', /not a price catalog/],
    ['a broken price constraint', JSON.stringify([{ id: 'x', name: 'X', api_pattern: 'x', model_match: { starts_with: 'x' }, models: [{ id: 'x-1', match: { equals: 'x-1' }, prices: [{ constraint: { start_date: 'soon' }, prices: { input_mtok: 1 } }] }] }]), /cannot be used/],
  ])('refuses %s', async (_what, body, message) => {
    host.serve(body);
    await expect(downloadPriceData({ url: host.url, fetch, timeoutMs: 5000, etag: null })).rejects.toThrow(message);
  });

  it('says why it could not reach the host', async () => {
    host.serve('[]', 503);
    await expect(downloadPriceData({ url: host.url, fetch, timeoutMs: 5000, etag: null })).rejects.toThrow(new PriceDataError(`${host.url} answered HTTP 503`));
  });
});

describe('startPriceDataRefresh', () => {
  const settings = (autoUpdate = true) => ({ url: '', autoUpdate, refreshIntervalMs: 24 * 3600_000 });

  it('downloads a newer catalog at start, saves it 0600 and prices with it', async () => {
    host.serve(JSON.stringify(await newerCatalog()));
    const pricing = createPricing();
    expect(pricing.priceOf('claude-opus-6')).toBeNull();
    refresh = startPriceDataRefresh(pricing, { dataDir: dir, settings: { ...settings(), url: host.url }, fetch, timeoutMs: 5000 });
    const status = await refresh.updateNow();
    expect(status).toMatchObject({ lastError: null, lastCheckAt: expect.any(Number) });
    expect(pricing.priceOf('claude-opus-6')).toMatchObject({ input: 7, output: 35 });
    expect(pricing.dataInfo()).toMatchObject({ kind: 'downloaded', url: host.url });
    expect(readSavedPriceData(dir)?.dataset.info.url).toBe(host.url);
    const { statSync } = await import('node:fs');
    expect(statSync(priceDataPath(dir)).mode & 0o777).toBe(0o600);
  });

  it('keeps the prices in use when offline, and says why', async () => {
    await new Promise((resolve) => host.server.close(resolve));
    const pricing = createPricing();
    refresh = startPriceDataRefresh(pricing, { dataDir: dir, settings: { ...settings(), url: host.url }, fetch, timeoutMs: 2000 });
    const status = await refresh.updateNow();
    expect(status.lastError).toMatch(/could not reach/);
    expect(pricing.dataInfo().kind).toBe('bundled');
    expect(pricing.priceOf('claude-opus-4-7')).not.toBeNull();
    host = await catalogHost(); // for afterEach
  });

  it('uses a catalog saved earlier without downloading, and picks up one saved by another process', async () => {
    const catalog = await newerCatalog();
    await savePriceData(dir, { providers: catalog, info: { kind: 'downloaded', packageVersion: 'x', url: 'http://elsewhere/data.json', fetchedAt: '2026-12-05T00:00:00.000Z' } }, null);
    const pricing = createPricing();
    refresh = startPriceDataRefresh(pricing, { dataDir: dir, settings: settings(false), fetch, timeoutMs: 2000, checkEveryMs: 20 });
    expect(pricing.dataInfo()).toMatchObject({ url: 'http://elsewhere/data.json' });
    expect(host.hits).toEqual([]);
    // `switchboard prices update` in another process writes a newer file.
    const renamed = catalog.map((provider) => (provider.id === 'anthropic' ? { ...provider, models: [{ id: 'claude-opus-7', match: { equals: 'claude-opus-7' }, prices: { input_mtok: 9, output_mtok: 45 } }] } : provider));
    await savePriceData(dir, { providers: renamed, info: { kind: 'downloaded', packageVersion: 'x', url: 'http://cli/data.json', fetchedAt: '2026-12-06T00:00:00.000Z' } }, null);
    await expect.poll(() => pricing.dataInfo().url).toBe('http://cli/data.json');
    expect(pricing.priceOf('claude-opus-7')).toMatchObject({ input: 9 });
  });

  it('falls back to the bundled catalog when the saved file is broken', () => {
    writeFileSync(priceDataPath(dir), '{"half":');
    const pricing = createPricing();
    refresh = startPriceDataRefresh(pricing, { dataDir: dir, settings: settings(false), fetch, timeoutMs: 2000 });
    expect(pricing.dataInfo().kind).toBe('bundled');
  });
});

import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { providerCatalog } from '../../providers/index.js';
import type { ProviderCatalog } from '../../providers/catalog.js';
import { adminProvidersRoutes } from './admin-providers.js';

describe('GET /admin/providers', () => {
  it('answers the provider catalog and which providers serve now', async () => {
    const app = express().use(adminProvidersRoutes({ enabledProviders: () => ['anthropic'] }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/providers`);
      expect(response.status).toBe(200);
      const catalog = (await response.json()) as ProviderCatalog;
      expect(catalog).toEqual({ providers: JSON.parse(JSON.stringify(providerCatalog())), enabled: ['anthropic'] });
      expect(catalog.providers[0]?.loginMethods.map((method) => method.kind)).toEqual(['loopback', 'paste-code']);
    } finally {
      server.close();
    }
  });
});

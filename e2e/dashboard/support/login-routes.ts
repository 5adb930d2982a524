/**
 * The admin API's login routes for provider modules the shared dashboard server does not have (a test module, or a
 * real one pointed at a stand-in), served beside it; the page's login calls are routed there. The accounts those
 * logins add land in the given pool, not in the shared server's list.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import express from 'express';
import type { AccountPool } from '../../../proxy/accounts/account-pool.js';
import type { Config } from '../../../proxy/config/load.js';
import { errorHandler } from '../../../proxy/http/error-handler.js';
import { adminLoginRoutes } from '../../../proxy/http/routes/admin-login.js';
import type { ProviderModule } from '../../../proxy/providers/provider-module.js';

export interface LoginRoutes {
  url: string;
  /** Sends the page's `/admin/accounts/login…` calls to these routes. */
  routePage(page: Page): Promise<void>;
  close(): Promise<void>;
}

export async function startLoginRoutes(config: Config, pool: AccountPool, modules: readonly ProviderModule[]): Promise<LoginRoutes> {
  const app = express();
  app.use(express.json());
  app.use(adminLoginRoutes({ config, pool, modules }));
  app.use(errorHandler('1mb'));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    routePage: async (page) => {
      await page.route(/\/admin\/accounts\/login(\/[^/]+)?$/, async (route) => {
        const request = route.request();
        const path = new URL(request.url()).pathname;
        const answer = await fetch(`${url}${path}`, { method: request.method(), headers: { 'content-type': 'application/json' }, body: request.postData() ?? undefined });
        await route.fulfill({ status: answer.status, json: await answer.json() });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFiles } from './dashboard.js';

/** The dashboard's files in front of a stand-in for everything after them (the key check, the routes, the 404). */
describe('dashboardFiles', () => {
  let dir: string;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-dashboard-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Switchboard</title>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    // A file where an API path would find one, were API paths looked up as files.
    mkdirSync(join(dir, 'admin'));
    writeFileSync(join(dir, 'admin', 'usage'), 'not the API');
    const app = express();
    app.use(dashboardFiles(dir));
    app.use((req, res) => void res.status(404).json({ reached: 'the routes', path: req.path }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${url}${path}`, { redirect: 'manual' });

  it('serves the dashboard and its files', async () => {
    expect(await (await get('/')).text()).toContain('<title>Switchboard</title>');
    expect(await (await get('/assets/app.js')).text()).toBe('console.log(1)');
  });

  it.each(['/admin/usage', '/ADMIN/usage', '/admin/usage%2F..%2F..', '/v1/models', '/v1%2F..%2F'])('never answers the API path %s from the files', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ reached: 'the routes' });
  });

  it.each(['/assets', '/assets%2F..%2F..', '/x%2F..%2F'])('redirects no directory (%s) with an HTML page: it passes it on', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
  });
});

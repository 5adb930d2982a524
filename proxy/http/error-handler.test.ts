import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from './error-handler.js';
import { jsonBody } from './json-body.js';

/** The error handler behind the real body parser and a route with a parameter, as app.ts mounts them. */
describe('errorHandler', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(jsonBody('1kb'));
    app.post('/v1/messages', (_req, res) => void res.json({ ok: true }));
    app.get('/admin/keys/:id', (req, res) => void res.json({ id: req.params.id }));
    app.get('/broken', () => {
      throw new Error('a bug');
    });
    app.use(errorHandler('1kb'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('answers a parameter that does not decode with a 400, not a 500', async () => {
    const response = await fetch(`${url}/admin/keys/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('the request could not be read') } });
  });

  it('answers a body over the limit with a 413 in the endpoint’s shape', async () => {
    const response = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(2000) }) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
  });

  it('keeps a fault of its own a 500 that names no detail', async () => {
    const response = await fetch(`${url}/broken`);
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('a bug');
  });
});

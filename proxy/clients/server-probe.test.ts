import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeSwitchboard } from './server-probe.js';

let server: Server | null = null;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A stand-in /health answering `body`; its base URL. */
async function health(body: unknown, status = 200): Promise<string> {
  server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('probeSwitchboard', () => {
  it('says whether a Switchboard answers and has an account to serve with', async () => {
    expect(await probeSwitchboard(await health({ status: 'ok', providers: { anthropic: { accounts: 2, usable: 1 } } }))).toBe('ok');
  });

  it('tells a Switchboard with no usable account apart from one that serves', async () => {
    const url = await health({ status: 'ok', providers: { anthropic: { accounts: 2, usable: 0 } } });
    expect(await probeSwitchboard(url)).toBe('no_account');
    expect(await probeSwitchboard(`${url}/v1`)).toBe('no_account');
  });

  it('is unreachable when nothing answers, or something else does', async () => {
    expect(await probeSwitchboard(await health({}, 503))).toBe('unreachable');
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    await new Promise<void>((done) => server!.close(() => done()));
    server = null;
    expect(await probeSwitchboard(url)).toBe('unreachable');
  });
});

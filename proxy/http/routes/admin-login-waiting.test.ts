import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approveDeviceCode, approvePage, startDeviceLoginStandIn, type DeviceLoginStandIn } from '../../../e2e/stand-ins/device-login.js';
import { AccountPool } from '../../accounts/account-pool.js';
import { TokenStore } from '../../accounts/token-store.js';
import { validateConfig } from '../../config/load.js';
import { configureLogging } from '../../log.js';
import { deviceLoginModule } from '../../providers/__fixtures__/device-login/module.js';
import { errorHandler } from '../error-handler.js';
import { LOGIN_ATTEMPT_TTL_MS, MAX_PENDING_LOGINS } from '../pending-logins.js';
import { adminLoginRoutes } from './admin-login.js';

/**
 * Device-code and poll logins through the admin API: a test-only provider module (in no registry) whose functions
 * talk to the stand-in login server; the login runs in the server and its status endpoint says how it went.
 */
describe('admin API: logins that wait in the server', () => {
  let standIn: DeviceLoginStandIn;
  let server: Server;
  let url: string;
  let home: string;
  let pool: AccountPool;
  let clock = Date.now();
  const started: string[] = [];

  beforeAll(async () => {
    configureLogging({ level: process.env.SWITCHBOARD_TEST_LOG ?? 'silent' });
    standIn = await startDeviceLoginStandIn({ expiresInSeconds: 60 });
    home = mkdtempSync(join(tmpdir(), 'sb-login-waiting-'));
    const config = validateConfig({ 'auth-dir': join(home, 'auth'), 'data-dir': join(home, 'data') }, join(home, 'config.yaml'));
    pool = new AccountPool(new TokenStore(config['auth-dir']), new Map());
    await pool.load();
    const app = express();
    app.use(express.json());
    app.use(adminLoginRoutes({ config, pool, now: () => clock, modules: [deviceLoginModule({ baseUrl: standIn.url })] }));
    app.use(errorHandler('1mb'));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  // No login outlives its test: each is cancelled (those already over answer 404).
  afterEach(async () => {
    await Promise.all(started.splice(0).map((status) => call('DELETE', status)));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await standIn.close();
    rmSync(home, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const start = async (method?: string) => {
    const answer = await call('POST', '/admin/accounts/login', { provider: 'device-login', ...(method ? { method } : {}) });
    expect(answer.status).toBe(201);
    started.push(String(answer.body.status));
    return answer.body;
  };
  const until = async (condition: () => boolean | Promise<boolean>) => {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  /** Reads the status until it is no longer pending. */
  const settled = async (status: string) => {
    let answer = await call('GET', status);
    while (answer.status === 200 && answer.body.status === 'pending') {
      await new Promise((resolve) => setTimeout(resolve, 5));
      answer = await call('GET', status);
    }
    return answer;
  };
  const codeOf = (userCode: unknown) => standIn.codes.find((code) => code.userCode === userCode)!;

  it('a device-code login answers the code and its page, then polls until the person enters it', async () => {
    const login = await start();
    expect(login).toMatchObject({
      kind: 'device-code',
      method: { kind: 'device-code', id: 'device' },
      userCode: expect.stringMatching(/^[0-9A-F]{4}-[0-9A-F]{4}$/),
      verificationUrl: `${standIn.url}/device`,
      status: `/admin/accounts/login/${String(login.attemptId)}`,
      renews: null,
    });
    // The earlier of the code's own life (60 s) and the server's 10 minutes.
    expect(Date.parse(String(login.expiresAt)) - Date.now()).toBeLessThanOrEqual(60_000);
    expect((await call('GET', String(login.status))).body).toEqual({ status: 'pending' });

    await until(() => codeOf(login.userCode).polls >= 1);
    await approveDeviceCode(standIn.url, String(login.userCode), 'ada@example.com');
    const done = await settled(String(login.status));
    expect(done.body).toEqual({ status: 'done', account: { id: expect.any(String), email: 'ada@example.com', plan: null } });
    // The pool has it before the status says done.
    const accountId = (done.body.account as { id: string }).id;
    expect(pool.get(accountId)?.data.email).toBe('ada@example.com');
  });

  it('a poll login answers the page to open, then polls until the person logs in there', async () => {
    const login = await start('page');
    expect(login).toMatchObject({ kind: 'poll', method: { kind: 'poll', id: 'page' }, url: expect.stringContaining(`${standIn.url}/page?uuid=`) });
    await approvePage(String(login.url), 'grace@example.com');
    expect((await settled(String(login.status))).body).toMatchObject({ status: 'done', account: { email: 'grace@example.com' } });
  });

  it('says in words why a login failed', async () => {
    const login = await start();
    await approveDeviceCode(standIn.url, String(login.userCode), 'ada@example.com', { deny: true });
    expect((await settled(String(login.status))).body).toEqual({ status: 'failed', reason: 'the login was declined on the verification page' });
  });

  it('says expired once the code expired', async () => {
    const shortLived = await startDeviceLoginStandIn({ expiresInSeconds: 0.2 });
    try {
      const app = express();
      app.use(express.json());
      app.use(adminLoginRoutes({ config: validateConfig({ 'auth-dir': join(home, 'auth') }, join(home, 'config.yaml')), pool, modules: [deviceLoginModule({ baseUrl: shortLived.url })] }));
      const other = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const login = (await (await fetch(`${otherUrl}/admin/accounts/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"provider":"device-login"}' })).json()) as { status: string };
      let status: unknown = 'pending';
      while (status === 'pending') {
        await new Promise((resolve) => setTimeout(resolve, 5));
        status = ((await (await fetch(`${otherUrl}${login.status}`)).json()) as { status: string }).status;
      }
      expect(status).toBe('expired');
      await new Promise<void>((resolve) => other.close(() => resolve()));
    } finally {
      await shortLived.close();
    }
  });

  it('deleting a login cancels it: it polls no more and is gone', async () => {
    const login = await start();
    const code = codeOf(login.userCode);
    await until(() => code.polls >= 1);
    expect(await call('DELETE', String(login.status))).toEqual({ status: 200, body: { cancelled: true } });
    const pollsAtCancel = code.polls;
    // Another login polls three more times meanwhile; the cancelled one not once.
    const witness = await start();
    const witnessCode = codeOf(witness.userCode);
    await until(() => witnessCode.polls >= 3);
    expect(code.polls).toBe(pollsAtCancel);
    expect((await call('GET', String(login.status))).status).toBe(404);
  });

  it(`holds at most ${MAX_PENDING_LOGINS} logins: the oldest is dropped and stops polling`, async () => {
    const first = await start();
    const firstCode = codeOf(first.userCode);
    await until(() => firstCode.polls >= 1);
    const rest = [];
    for (let index = 1; index < MAX_PENDING_LOGINS; index += 1) rest.push(await start());
    expect((await call('GET', String(first.status))).status).toBe(200);

    const newest = await start();
    expect((await call('GET', String(first.status))).body).toMatchObject({ error: { code: 'start_again' } });
    const pollsWhenDropped = firstCode.polls;
    const newestCode = codeOf(newest.userCode);
    await until(() => newestCode.polls >= 3);
    expect(firstCode.polls).toBe(pollsWhenDropped);
    expect((await call('GET', String(rest[0]?.status))).status).toBe(200);
  });

  it('a login outlived by its 10 minutes is gone and stops polling', async () => {
    const login = await start();
    const code = codeOf(login.userCode);
    await until(() => code.polls >= 1);
    clock += LOGIN_ATTEMPT_TTL_MS + 1;
    try {
      expect((await call('GET', String(login.status))).status).toBe(404);
      const pollsWhenGone = code.polls;
      const witness = await start();
      const witnessCode = codeOf(witness.userCode);
      await until(() => witnessCode.polls >= 3);
      expect(code.polls).toBe(pollsWhenGone);
    } finally {
      clock = Date.now();
    }
  });

  it('takes no pasted code for a login that finishes by itself, and names its methods when asked for another', async () => {
    const login = await start();
    expect(await call('POST', String(login.status), { code: 'abc' })).toMatchObject({ status: 400, body: { error: { code: 'no_paste' } } });
    expect(await call('POST', '/admin/accounts/login', { provider: 'device-login', method: 'oauth' })).toMatchObject({
      status: 400,
      body: { error: { message: 'method: Device Login offers only device, page through the admin API' } },
    });
  });
});

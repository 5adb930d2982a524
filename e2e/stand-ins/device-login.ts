/**
 * A stand-in login server for the two waiting login methods, the way real ones behave:
 * - device code (RFC 8628, as PROTOCOLS.md §2 "Login B"): `POST /device/code` hands out a user code, an interval and
 *   a life; `POST /device/token {device_code}` answers `authorization_pending` until the person approves, `slow_down`
 *   to a poll that comes before the interval (and raises the interval by `slowDownSeconds`, as RFC 8628 §3.5 says),
 *   `expired_token` after the life, `access_denied` when the person declined, then the token once.
 * - poll (as PROTOCOLS.md §3 "Login and storage"): `POST /page/start` makes a page to open; `GET /page/poll?uuid=…`
 *   answers 404 until the person approves on the page, then the token.
 * The person's side is `POST /device/verify {user_code, email, deny?}` and `POST /page/approve {uuid, email}` (a
 * test calls them, or a browser on the verification page). Times are seconds and may be fractions, so tests run fast.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, readBody } from './http-request.js';

export interface DeviceLoginStandInOptions {
  /** The interval a device code asks for, in seconds (default 0.05). */
  intervalSeconds?: number;
  /** How long a device code or page is good for, in seconds (default 5). */
  expiresInSeconds?: number;
  /** What a slow-down adds to the interval a code demands, in seconds (default 0.05). */
  slowDownSeconds?: number;
  /** The server asks to slow down at this poll of each code (1-based) whatever its timing, as a busy server may. */
  slowDownAtPoll?: number;
  /** Keeps answering `authorization_pending` after the life it announced (a server that never says expired). */
  neverExpires?: boolean;
  /** Drops the connection of these polls of each code (1-based), as a network that fails for a moment does. */
  dropPolls?: readonly number[];
  port?: number;
}

interface DeviceCode {
  deviceCode: string;
  userCode: string;
  issuedAt: number;
  lastPollAt: number;
  /** The interval the server demands now, in ms (raised by each slow-down). */
  demandedMs: number;
  polls: number;
  slowDowns: number;
  approvedAs: string | null;
  denied: boolean;
  redeemed: boolean;
}

interface Page {
  uuid: string;
  polls: number;
  approvedAs: string | null;
  issuedAt: number;
}

export interface DeviceLoginStandIn {
  url: string;
  /** The device codes handed out, in order. */
  readonly codes: readonly Readonly<DeviceCode>[];
  /** The pages made, in order. */
  readonly pages: readonly Readonly<Page>[];
  close(): Promise<void>;
}

/** How much earlier than the interval a poll may come and still count as on time: timers round to the millisecond. */
const TIMER_SLACK_MS = 5;

export async function startDeviceLoginStandIn(options: DeviceLoginStandInOptions = {}): Promise<DeviceLoginStandIn> {
  const intervalSeconds = options.intervalSeconds ?? 0.05;
  const expiresInSeconds = options.expiresInSeconds ?? 5;
  const slowDownMs = (options.slowDownSeconds ?? 0.05) * 1000;
  const codes: DeviceCode[] = [];
  const pages: Page[] = [];
  let url = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const expired = (issuedAt: number) => !options.neverExpires && Date.now() - issuedAt > expiresInSeconds * 1000;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const address = new URL(req.url ?? '/', 'http://stand-in');
    const body = (parseBody(await readBody(req)) ?? {}) as Record<string, unknown>;
    const route = `${req.method} ${address.pathname}`;

    if (route === 'POST /device/code') {
      const code: DeviceCode = {
        deviceCode: randomBytes(16).toString('hex'),
        userCode: `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase(),
        issuedAt: Date.now(),
        lastPollAt: Date.now(),
        demandedMs: intervalSeconds * 1000,
        polls: 0,
        slowDowns: 0,
        approvedAs: null,
        denied: false,
        redeemed: false,
      };
      codes.push(code);
      return json(res, 200, {
        device_code: code.deviceCode,
        user_code: code.userCode,
        verification_uri: `${url}/device`,
        interval: intervalSeconds,
        expires_in: expiresInSeconds,
      });
    }
    if (route === 'POST /device/token') {
      const code = codes.find((candidate) => candidate.deviceCode === body.device_code);
      if (!code || code.redeemed) return json(res, 400, { error: 'invalid_grant' });
      code.polls += 1;
      if (options.dropPolls?.includes(code.polls)) {
        req.socket.destroy();
        return;
      }
      const early = Date.now() - code.lastPollAt < code.demandedMs - TIMER_SLACK_MS;
      code.lastPollAt = Date.now();
      if (expired(code.issuedAt)) return json(res, 400, { error: 'expired_token' });
      if (early || code.polls === options.slowDownAtPoll) {
        code.slowDowns += 1;
        code.demandedMs += slowDownMs;
        return json(res, 400, { error: 'slow_down' });
      }
      if (code.denied) return json(res, 400, { error: 'access_denied' });
      if (code.approvedAs === null) return json(res, 400, { error: 'authorization_pending' });
      code.redeemed = true;
      return json(res, 200, { access_token: `device-${randomBytes(8).toString('hex')}`, email: code.approvedAs });
    }
    if (route === 'POST /device/verify') {
      const code = codes.find((candidate) => candidate.userCode === body.user_code);
      if (!code || expired(code.issuedAt)) return json(res, 404, { error: 'unknown or expired code' });
      if (body.deny === true) code.denied = true;
      else code.approvedAs = String(body.email ?? 'person@example.com');
      return json(res, 200, { ok: true });
    }
    if (route === 'GET /device') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><title>Enter your code</title><h1>Enter the code your app shows</h1>');
    }
    if (route === 'POST /page/start') {
      const page: Page = { uuid: randomBytes(16).toString('hex'), polls: 0, approvedAs: null, issuedAt: Date.now() };
      pages.push(page);
      return json(res, 200, { uuid: page.uuid, url: `${url}/page?uuid=${page.uuid}` });
    }
    if (route === 'GET /page/poll') {
      const page = pages.find((candidate) => candidate.uuid === address.searchParams.get('uuid'));
      if (!page) return json(res, 400, { error: 'unknown page' });
      page.polls += 1;
      if (page.approvedAs === null || expired(page.issuedAt)) return json(res, 404, { error: 'not yet' });
      return json(res, 200, { accessToken: `page-${randomBytes(8).toString('hex')}`, email: page.approvedAs });
    }
    if (route === 'POST /page/approve') {
      const page = pages.find((candidate) => candidate.uuid === body.uuid);
      if (!page) return json(res, 404, { error: 'unknown page' });
      page.approvedAs = String(body.email ?? 'person@example.com');
      return json(res, 200, { ok: true });
    }
    if (route === 'GET /page') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><title>Log in</title><h1>Log in to the stand-in</h1>');
    }
    json(res, 404, { error: `no route ${route}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    codes,
    pages,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Plays the person on the verification page: enters the code and approves (or declines). */
export async function approveDeviceCode(standInUrl: string, userCode: string, email: string, options: { deny?: boolean } = {}): Promise<void> {
  const response = await fetch(`${standInUrl}/device/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_code: userCode, email, deny: options.deny === true }),
  });
  if (!response.ok) throw new Error(`the stand-in refused the code: ${await response.text()}`);
}

/** Plays the person on the opened page: logs in there. */
export async function approvePage(pageUrl: string, email: string): Promise<void> {
  const page = new URL(pageUrl);
  const response = await fetch(`${page.origin}/page/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uuid: page.searchParams.get('uuid'), email }),
  });
  if (!response.ok) throw new Error(`the stand-in refused the page: ${await response.text()}`);
}

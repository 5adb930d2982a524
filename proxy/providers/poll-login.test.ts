import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approveDeviceCode, approvePage, startDeviceLoginStandIn, type DeviceLoginStandIn, type DeviceLoginStandInOptions } from '../../e2e/stand-ins/device-login.js';
import { deviceLoginModule } from './__fixtures__/device-login/module.js';
import { MAX_FAILED_POLLS_IN_A_ROW, nextInterval, waitForLogin } from './poll-login.js';
import type { DeviceCodeLogin } from './provider-module.js';

/** The shared waiter against the stand-in login server, through the test-only provider module's functions. */
describe('waiting for a device-code or poll login', () => {
  let home: string;
  const config = () => ({ 'auth-dir': join(home, 'auth') });
  const standIns: DeviceLoginStandIn[] = [];
  const standIn = async (options: DeviceLoginStandInOptions = {}) => {
    const started = await startDeviceLoginStandIn(options);
    standIns.push(started);
    return started;
  };
  /** Resolves once the stand-in has seen this many polls of the code. */
  const polled = async (server: DeviceLoginStandIn, times: number) => {
    while ((server.codes.at(-1)?.polls ?? 0) < times) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'sb-poll-login-'));
  });
  afterEach(async () => {
    await Promise.all(standIns.splice(0).map((server) => server.close()));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const startDevice = async (server: DeviceLoginStandIn, renews: string | null = null): Promise<DeviceCodeLogin> =>
    deviceLoginModule({ baseUrl: server.url }).logins.deviceCode.start(config(), { renews });

  it('polls a device code until the person enters it, and saves the account', async () => {
    const server = await standIn();
    const login = await startDevice(server);
    expect(login.verificationUrl).toBe(`${server.url}/device`);
    expect(login.userCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    const waiting = waitForLogin(login);
    await polled(server, 2);
    await approveDeviceCode(server.url, login.userCode, 'ada@example.com');
    const outcome = await waiting;
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.account.data).toMatchObject({ provider: 'device-login', email: 'ada@example.com' });
    expect(JSON.parse(readFileSync(outcome.account.path, 'utf8'))).toMatchObject({ email: 'ada@example.com' });
    // Every poll kept to the interval the code asked for: the server never had to say slow down.
    expect(server.codes[0]?.slowDowns).toBe(0);
  });

  it('polls less often after a slow_down, as long as the server asks (RFC 8628 §3.5)', async () => {
    const server = await standIn({ slowDownAtPoll: 2 });
    const login = await startDevice(server);
    const waiting = waitForLogin(login);
    await polled(server, 4);
    await approveDeviceCode(server.url, login.userCode, 'ada@example.com');
    expect((await waiting).kind).toBe('done');
    // Without the longer interval, each next poll would come too early and be told to slow down again.
    expect(server.codes[0]?.slowDowns).toBe(1);
  });

  it('ends as expired when the server says the code expired', async () => {
    const server = await standIn({ expiresInSeconds: 0.2 });
    // The module is told a longer life, so only the server's answer can end the wait.
    const login = await startDevice(server);
    const outcome = await waitForLogin({ ...login, schedule: { ...login.schedule, expiresInMs: 60_000 }, pollOnce: login.pollOnce });
    expect(outcome).toEqual({ kind: 'expired' });
  });

  it('ends as expired at the code\'s own life even when the server keeps saying pending', async () => {
    const server = await standIn({ expiresInSeconds: 0.2, neverExpires: true });
    const outcome = await waitForLogin(await startDevice(server));
    expect(outcome).toEqual({ kind: 'expired' });
    expect(server.codes[0]?.polls).toBeGreaterThan(0);
  });

  it('ends as expired at the caller\'s own bound when it comes first', async () => {
    const server = await standIn({ expiresInSeconds: 60 });
    const outcome = await waitForLogin(await startDevice(server), { lifeMs: 150 });
    expect(outcome).toEqual({ kind: 'expired' });
  });

  it('says in words that the person declined', async () => {
    const server = await standIn();
    const login = await startDevice(server);
    const waiting = waitForLogin(login);
    await approveDeviceCode(server.url, login.userCode, 'ada@example.com', { deny: true });
    expect(await waiting).toEqual({ kind: 'failed', reason: 'the login was declined on the verification page' });
  });

  it('stops at once when cancelled, and polls no more', async () => {
    const server = await standIn({ expiresInSeconds: 3 });
    const login = await startDevice(server);
    const controller = new AbortController();
    const waiting = waitForLogin(login, { signal: controller.signal });
    await polled(server, 1);
    controller.abort();
    expect(await waiting).toEqual({ kind: 'cancelled' });
    const pollsAtCancel = server.codes[0]?.polls;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.codes[0]?.polls).toBe(pollsAtCancel);
  });

  it('cancelling ends the wait between two polls, not after the interval', async () => {
    // An interval far longer than the test may take: only a wait that the signal ends lets it finish.
    const server = await standIn({ intervalSeconds: 600, expiresInSeconds: 900 });
    const controller = new AbortController();
    const waiting = waitForLogin(await startDevice(server), { signal: controller.signal });
    controller.abort();
    expect(await waiting).toEqual({ kind: 'cancelled' });
    expect(server.codes[0]?.polls).toBe(0);
  });

  it('tries a poll that could not be made again at the next interval', async () => {
    const server = await standIn({ dropPolls: [1, 2, 4] });
    const login = await startDevice(server);
    const waiting = waitForLogin(login);
    await polled(server, 3);
    await approveDeviceCode(server.url, login.userCode, 'ada@example.com');
    expect((await waiting).kind).toBe('done');
  });

  it(`ends as failed, saying why, after ${MAX_FAILED_POLLS_IN_A_ROW} polls in a row could not be made`, async () => {
    const server = await standIn({ dropPolls: [1, 2, 3] });
    const outcome = await waitForLogin(await startDevice(server));
    expect(outcome).toEqual({ kind: 'failed', reason: expect.stringMatching(/^the login could not be checked: fetch failed \(.+\)$/) });
    expect(server.codes[0]?.polls).toBe(MAX_FAILED_POLLS_IN_A_ROW);
  });

  it('says why when a poll cannot be made', async () => {
    const server = await standIn();
    const login = await startDevice(server);
    await server.close();
    const outcome = await waitForLogin(login);
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.reason).toMatch(/^the login could not be checked: /);
  });

  it('polls a page login until the person logs in on the page', async () => {
    const server = await standIn();
    const login = await deviceLoginModule({ baseUrl: server.url }).logins.poll.start(config(), { renews: null });
    const waiting = waitForLogin(login);
    while ((server.pages[0]?.polls ?? 0) < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await approvePage(login.url, 'grace@example.com');
    const outcome = await waiting;
    expect(outcome.kind === 'done' && outcome.account.data.email).toBe('grace@example.com');
  });

  it('gives a page login up after the polls its schedule allows', async () => {
    const server = await standIn();
    const module = deviceLoginModule({ baseUrl: server.url, pageSchedule: { intervalMs: 5, maxPolls: 4 } });
    const outcome = await waitForLogin(await module.logins.poll.start(config(), { renews: null }));
    expect(outcome).toEqual({ kind: 'expired' });
    expect(server.pages[0]?.polls).toBe(4);
  });

  it('grows the delay by the backoff factor up to its cap; a fixed interval stays', () => {
    const backoff = { factor: 1.2, maxIntervalMs: 10_000 };
    expect(nextInterval(1000, { backoff })).toBe(1200);
    expect(nextInterval(9000, { backoff })).toBe(10_000);
    expect(nextInterval(10_000, { backoff })).toBe(10_000);
    // A slow-down may have raised it above the cap: it is not lowered.
    expect(nextInterval(15_000, { backoff })).toBe(15_000);
    expect(nextInterval(5000, {})).toBe(5000);
  });
});

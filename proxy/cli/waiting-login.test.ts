import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDeviceCode, approvePage, startDeviceLoginStandIn, type DeviceLoginStandIn } from '../../e2e/stand-ins/device-login.js';
import { validateConfig, type Config } from '../config/load.js';
import { deviceLoginModule } from '../providers/__fixtures__/device-login/module.js';
import { anthropicModule } from '../providers/anthropic/module.js';
import type { ProviderModule } from '../providers/provider-module.js';
import { chooseTerminalLoginMethod } from './terminal-login-method.js';
import { accountOrError, LoginCancelled, runWaitingLogin } from './waiting-login.js';

/** `switchboard login` with a device code or a polled page, through the test-only module and the stand-in login server. */
describe('switchboard login: logins that wait', () => {
  let standIn: DeviceLoginStandIn;
  let home: string;
  let config: Config;
  let module: ProviderModule;

  beforeAll(async () => {
    standIn = await startDeviceLoginStandIn();
    home = mkdtempSync(join(tmpdir(), 'sb-cli-waiting-'));
    config = validateConfig({ 'auth-dir': join(home, 'auth'), 'data-dir': join(home, 'data') }, join(home, 'config.yaml'));
    module = deviceLoginModule({ baseUrl: standIn.url });
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints the code and its page, and waits until the code is used', async () => {
    const printed: string[] = [];
    const print = (text: string) => {
      printed.push(text);
      // The person reads the code off the terminal and enters it on the page.
      const code = /^ {4}([0-9A-F]{4}-[0-9A-F]{4})$/m.exec(text)?.[1];
      if (code) void approveDeviceCode(standIn.url, code, 'ada@example.com');
    };
    const outcome = await runWaitingLogin(module, 'device-code', config, { print, openBrowser: null, signal: new AbortController().signal });
    expect(accountOrError(outcome).data.email).toBe('ada@example.com');
    expect(printed[0]).toContain(`open this page in any browser:\n\n    ${standIn.url}/device\n\nand enter the code:`);
    expect(printed[0]).toContain('The code is good for 1 minute. Waiting for it to be used… (Ctrl-C cancels)');
  });

  it('opens the page of a poll login in the browser and waits until the person logged in there', async () => {
    const opened: string[] = [];
    const openBrowser = async (url: string) => {
      opened.push(url);
      await approvePage(url, 'grace@example.com');
    };
    const outcome = await runWaitingLogin(module, 'poll', config, { print: () => {}, openBrowser, signal: new AbortController().signal });
    expect(accountOrError(outcome).data.email).toBe('grace@example.com');
    expect(opened).toEqual([`${standIn.url}/page?uuid=${String(standIn.pages.at(-1)?.uuid)}`]);
  });

  it('Ctrl-C cancels the wait: nothing is saved and the command says so', async () => {
    const interrupt = new AbortController();
    const print = () => setImmediate(() => interrupt.abort());
    const outcome = await runWaitingLogin(module, 'device-code', config, { print, openBrowser: null, signal: interrupt.signal });
    expect(outcome).toEqual({ kind: 'cancelled' });
    expect(() => accountOrError(outcome)).toThrow(LoginCancelled);
  });

  it('Ctrl-C while the code is being asked for is a cancellation too, not a failure', async () => {
    const interrupt = new AbortController();
    interrupt.abort();
    expect(await runWaitingLogin(module, 'device-code', config, { print: () => {}, openBrowser: null, signal: interrupt.signal })).toEqual({ kind: 'cancelled' });
  });

  it('says how a login that did not succeed ended, and what to do', () => {
    expect(() => accountOrError({ kind: 'failed', reason: 'the login was declined on the verification page' })).toThrow(
      'the login did not succeed: the login was declined on the verification page',
    );
    expect(() => accountOrError({ kind: 'expired' })).toThrow('the login expired before it was finished: run the login again for a new code');
  });

  it('chooses the method asked for, by id, by --device or --manual, else the first the module declares', () => {
    expect(chooseTerminalLoginMethod(module, {}).id).toBe('device');
    expect(chooseTerminalLoginMethod(module, { method: 'page' }).kind).toBe('poll');
    expect(chooseTerminalLoginMethod(module, { device: true }).kind).toBe('device-code');
    expect(() => chooseTerminalLoginMethod(module, { manual: true })).toThrow('Device Login has no login with a pasted code: Device Login offers device (device-code), page (poll)');
    expect(() => chooseTerminalLoginMethod(module, { method: 'nope' })).toThrow('Device Login has no login method "nope": Device Login offers device (device-code), page (poll)');
    expect(chooseTerminalLoginMethod(anthropicModule, {}).kind).toBe('loopback');
    expect(chooseTerminalLoginMethod(anthropicModule, { manual: true }).kind).toBe('paste-code');
    expect(() => chooseTerminalLoginMethod(anthropicModule, { device: true })).toThrow('Claude has no device-code login: Claude offers oauth (loopback), manual (paste-code)');
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDeviceCode, startDeviceLoginStandIn, type DeviceLoginStandIn } from '../../e2e/stand-ins/device-login.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** `switchboard login <provider> --device` in a real process: the code on stdout, the wait, Ctrl-C. */
describe('switchboard login --device', () => {
  let standIn: DeviceLoginStandIn;
  let home: string;
  let configPath: string;

  beforeAll(async () => {
    standIn = await startDeviceLoginStandIn({ expiresInSeconds: 60 });
    home = mkdtempSync(join(tmpdir(), 'sb-cli-device-'));
    configPath = join(home, 'config.yaml');
    writeFileSync(configPath, `auth-dir: ${join(home, 'auth')}\ndata-dir: ${join(home, 'data')}\n`);
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs the login; `onCode` gets the code once it is printed and the running process. */
  const runLogin = (onCode: (code: string, child: ReturnType<typeof spawn>) => void) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(TSX, ['proxy/cli/__fixtures__/device-login-cli.ts', '--config', configPath, 'login', 'device-login', '--device'], {
        cwd: ROOT,
        env: { ...process.env, HOME: home, DEVICE_LOGIN_URL: standIn.url, SWITCHBOARD_LOG_LEVEL: 'silent' },
        stdio: 'pipe',
      });
      let stdout = '';
      let stderr = '';
      let seen = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const code = /^ {4}([0-9A-F]{4}-[0-9A-F]{4})$/m.exec(stdout)?.[1];
        // The code is printed once the provider handed it out: the wait is under way.
        if (code && !seen) {
          seen = true;
          onCode(code, child);
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });

  it('prints the code and its page, waits until the code is used, and saves the account', async () => {
    const result = await runLogin((code) => void approveDeviceCode(standIn.url, code, 'ada@example.com'));
    expect(result.stdout).toContain(`open this page in any browser:\n\n    ${standIn.url}/device\n\nand enter the code:`);
    expect(result.stdout).toContain('Logged in as ada@example.com.');
    expect(result.code).toBe(0);
  }, 60_000);

  it('Ctrl-C cancels the login: exit 130, in words, nothing saved', async () => {
    const before = existsSync(join(home, 'auth')) ? readdirSync(join(home, 'auth')) : [];
    const result = await runLogin((_code, child) => child.kill('SIGINT'));
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('switchboard: login cancelled: nothing was saved');
    expect(existsSync(join(home, 'auth')) ? readdirSync(join(home, 'auth')) : []).toEqual(before);
  }, 60_000);
});

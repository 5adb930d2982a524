/**
 * The real composition root (main/index.ts) against a stand-in for Electron (main/__fixtures__/fake-electron.ts)
 * and a real proxy on a temporary config: the port in the config is taken, so the app offers another and moves
 * there; then the tray, the account polling, the bridge and "Configure Claude Code" are checked as a person would
 * meet them, and Quit stops the proxy.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createFakeElectron } from './__fixtures__/fake-electron.js';

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeElectron> | null, stores: new Map<string, Record<string, unknown>>() }));

vi.mock('electron', () => {
  fake.current ??= createFakeElectron();
  return { default: fake.current.electron, ...fake.current.electron };
});
vi.mock('electron-store', () => ({
  default: class {
    readonly path: string;
    constructor(private readonly options: { name: string }) {
      this.path = `/fake-user-data/${options.name}.json`;
    }
    get store(): Record<string, unknown> {
      return structuredClone(fake.stores.get(this.options.name) ?? {});
    }
    set store(value: Record<string, unknown>) {
      fake.stores.set(this.options.name, structuredClone(value));
    }
  },
}));

const root = mkdtempSync(join(tmpdir(), 'switchboard-boot-'));
const home = join(root, 'home');
mkdirSync(home, { recursive: true });
let blocker: Server | null = null;

/** A port that is busy for as long as the test runs (a stand-in for another program). */
async function occupiedPort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return (blocker.address() as { port: number }).port;
}

async function until<T>(read: () => T | undefined | null | false, what: string | (() => string), timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => blocker?.close(resolve) ?? resolve(undefined));
  rmSync(root, { recursive: true, force: true });
});

describe('main/index.ts bootstrap', () => {
  it('moves off a taken port, shows the state in the tray, answers the page, configures Claude Code and quits', async () => {
    const taken = await occupiedPort();
    writeFileSync(join(root, 'config.yaml'), `host: 127.0.0.1\nport: ${taken}\ndata-dir: ./data\nauth-dir: ./auth\nprice-data:\n  auto-update: false\n`);
    vi.stubEnv('SWITCHBOARD_CONFIG', join(root, 'config.yaml'));
    vi.stubEnv('HOME', home);
    vi.stubEnv('USERPROFILE', home);
    vi.stubEnv('SWITCHBOARD_RENDERER_URL', '');

    await import('./index.js');
    const electron = fake.current!;

    // Port in use: the app asks whether to move, and (answer 0 = "Use port N") moves and starts there.
    const question = await until(() => electron.messageBoxes[0], 'the port question');
    expect(question.title).toBe(`Port ${taken} is already in use`);
    expect(question.buttons?.[0]).toMatch(/^Use port \d+$/);
    const tray = await until(() => electron.trays[0], 'the tray');
    const running = await until(() => tray.labels()[0]?.match(/^Running on :(\d+) \(off\)$/), () => `the proxy to run (tray: ${tray.labels().join(' | ')}; errors: ${JSON.stringify(electron.errorBoxes)})`);
    const port = Number(running[1]);
    expect(port).not.toBe(taken);
    expect(fake.stores.get('settings')).toMatchObject({ version: 1, proxy: { portMove: { from: taken, to: port } } });
    // The first-run window is marked shown once the start has settled, which can be just after the tray says so.
    await until(() => (fake.stores.get('settings') as { welcomed?: boolean } | undefined)?.welcomed === true || undefined, 'the first run to be recorded');

    // First run: the dashboard window opened, hardened, on the proxy's page.
    const window = electron.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(window.webContents.url).toBe(`http://127.0.0.1:${port}/`);
    expect(electron.calls).toEqual(expect.arrayContaining(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged app', 'protocol.handle app']));

    // The account poll reached the admin API with the owner key: no account yet needs the person's attention.
    await until(() => tray.labels().includes('⚠ No account yet: log in below (off)'), 'the accounts to be read');
    expect(tray.images.at(-1)).toMatch(/tray-attention\.png$/);
    expect(tray.labels()).toEqual(
      expect.arrayContaining(['Stop proxy', 'Log in to Claude…', 'Configure Claude Code', 'Open dashboard', '[ ] Launch at login (installed app only) (off)', 'Quit Switchboard']),
    );

    // The bridge answers the dashboard page.
    expect(await electron.invoke('getStatus')).toMatchObject({ state: 'running', port });
    expect(await electron.invoke('getDesktopInfo')).toMatchObject({
      appVersion: '0.1.0-test',
      launchAtLogin: { supported: false, enabled: false },
      providers: expect.arrayContaining([expect.objectContaining({ id: 'anthropic' })]),
    });
    expect(await electron.invoke('copyApiKey')).toBe(true);
    expect(electron.state.clipboard).toMatch(/^sk-sb-/);
    await expect(electron.invoke('login', 'nobody', 'oauth')).rejects.toThrow(/refused/);

    // Configure Claude Code from the tray: the same client setup as the CLI, pointed at the new port.
    tray.click('Configure Claude Code');
    await until(() => tray.labels().includes('Restore Claude Code'), 'the menu to offer Restore');
    const settings = JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')) as { env: Record<string, string> };
    expect(settings.env.ANTHROPIC_BASE_URL).toBe(`http://127.0.0.1:${port}`);
    expect(electron.notifications.at(-1)?.title).toBe('Claude Code');
    tray.click('Restore Claude Code');
    await until(() => tray.labels().includes('Configure Claude Code'), 'the menu to offer Configure again');

    // Quit stops the proxy, then quits for real.
    tray.click('Quit Switchboard');
    await until(() => tray.destroyed, 'the tray to go');
    expect(electron.state.quitRequested).toBe(2);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    expect(electron.errorBoxes).toEqual([]);
  });
});

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findChromium, noChromiumMessage } from './browser.mjs';

describe('findChromium', () => {
  let dir: string;
  let bin: string;
  let playwrightExecutable: string;

  function executable(path: string): string {
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-browser-'));
    bin = join(dir, 'bin');
    mkdirSync(bin);
    playwrightExecutable = join(dir, 'ms-playwright', 'chromium-1255', 'chrome');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("uses Debian's chromium on the PATH when Playwright's own is not installed", () => {
    const debian = executable(join(bin, 'chromium'));
    expect(findChromium({ env: { PATH: [join(dir, 'empty'), bin].join(delimiter) }, playwrightExecutable })).toEqual({ executablePath: debian, description: `chromium on the PATH (${debian})` });
  });

  it("prefers Playwright's own where it is installed, and lets Playwright find it", () => {
    executable(join(bin, 'chromium'));
    mkdirSync(join(dir, 'ms-playwright', 'chromium-1255'), { recursive: true });
    executable(playwrightExecutable);
    expect(findChromium({ env: { PATH: bin }, playwrightExecutable })?.executablePath).toBeUndefined();
  });

  it('takes PLAYWRIGHT_CHROMIUM_PATH over both', () => {
    executable(join(bin, 'chromium'));
    expect(findChromium({ env: { PATH: bin, PLAYWRIGHT_CHROMIUM_PATH: '/opt/chrome/chrome' }, playwrightExecutable })?.executablePath).toBe('/opt/chrome/chrome');
  });

  it('finds none when there is none, and a file that cannot run does not count', () => {
    writeFileSync(join(bin, 'chromium'), 'not executable');
    expect(findChromium({ env: { PATH: bin }, playwrightExecutable })).toBeNull();
  });
});

describe('noChromiumMessage', () => {
  it('names the one command for the system', () => {
    expect(noChromiumMessage('linux')).toContain('`sudo apt-get install chromium`');
    expect(noChromiumMessage('darwin')).toContain('`npx playwright install chromium`');
    expect(noChromiumMessage('win32')).toContain('`npx playwright install chromium`');
  });
});

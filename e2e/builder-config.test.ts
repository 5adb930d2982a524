/**
 * electron-builder.yml checked offline (packaging itself needs the Electron download): electron-builder's own
 * schema validation, plus the icons it names, the tray icons the app loads, the installers, the fuses and the
 * native-module rebuild.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TRAY_ICON_FILES } from '../main/tray-icons.js';
import { REQUIRED_FUSES, pngSize, validateBuilderConfig } from '../scripts/validate-builder-config.js';

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const temporary: string[] = [];

/** A throwaway project folder with the given files (paths relative to it). */
function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-builder-'));
  temporary.push(dir);
  for (const [name, content] of Object.entries({ 'package.json': JSON.stringify({ name: 'switchboard', version: '0.1.0' }), ...files })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const realYaml = readFileSync(join(projectDir, 'electron-builder.yml'), 'utf8');
const realIcons = Object.fromEntries(['resources/icon.png', ...TRAY_ICON_FILES.map((icon) => icon.path)].map((name) => [name, readFileSync(join(projectDir, name))]));

afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it('passes electron-builder validation and names files that exist', async () => {
    const report = await validateBuilderConfig(projectDir);
    expect(report.errors).toEqual([]);
    expect(report.config).toMatchObject({
      appId: 'dev.switchboard.app',
      productName: 'Switchboard',
      directories: { output: 'release', buildResources: 'resources' },
      npmRebuild: true,
      asarUnpack: ['**/*.node'],
      mac: { target: 'dmg', category: 'public.app-category.developer-tools', icon: 'resources/icon.png' },
      win: { target: 'nsis' },
      linux: { target: ['AppImage', 'deb'], category: 'Development' },
      electronFuses: {
        runAsNode: false,
        enableCookieEncryption: true,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        grantFileProtocolExtraPrivileges: false,
      },
    });
  });

  it('has what the .deb needs (a maintainer and a homepage from package.json), so there is no warning', async () => {
    expect((await validateBuilderConfig(projectDir)).warnings).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { author?: { email?: string }; homepage?: string };
    expect(manifest.author?.email).toMatch(/@/);
    expect(manifest.homepage).toMatch(/^https:\/\//);
  });

  it('ships a 1024×1024 app icon and the tray icons in the sizes macOS, Windows and Linux use', () => {
    expect(pngSize(join(projectDir, 'resources/icon.png'))).toEqual({ width: 1024, height: 1024 });
    for (const state of ['', 'Stopped', 'Attention']) {
      expect(pngSize(join(projectDir, `resources/tray/tray${state}Template.png`))).toEqual({ width: 16, height: 16 });
      expect(pngSize(join(projectDir, `resources/tray/tray${state}Template@2x.png`))).toEqual({ width: 32, height: 32 });
    }
    for (const name of ['tray.png', 'tray-stopped.png', 'tray-attention.png']) {
      expect(pngSize(join(projectDir, `resources/tray/${name}`))).toEqual({ width: 32, height: 32 });
    }
  });

  it('a copy with all its files is valid, so the checks below fail for their own reason only', async () => {
    const dir = project({ 'electron-builder.yml': realYaml, ...realIcons });
    expect((await validateBuilderConfig(dir)).errors).toEqual([]);
  });

  it('fails on an option electron-builder does not know', async () => {
    const dir = project({ 'electron-builder.yml': realYaml.replace('category: Development', 'categori: Development'), ...realIcons });
    const report = await validateBuilderConfig(dir);
    // electron-builder names the section that does not match its schema, not the misspelt key.
    expect(report.errors.join('\n')).toMatch(/Invalid configuration object[\s\S]*configuration\.linux/);
  });

  it('fails when an icon the config names is missing', async () => {
    const { 'resources/icon.png': _appIcon, ...trayOnly } = realIcons;
    const dir = project({ 'electron-builder.yml': realYaml, ...trayOnly });
    const errors = (await validateBuilderConfig(dir)).errors.join('\n');
    expect(errors).toMatch(/mac\.icon: "resources\/icon\.png" does not exist/);
    expect(errors).toMatch(/win\.icon/);
    expect(errors).toMatch(/linux\.icon/);
  });

  it('fails when a tray icon is missing or not packed', async () => {
    const { 'resources/tray/tray.png': _tray, ...rest } = realIcons;
    const missing = await validateBuilderConfig(project({ 'electron-builder.yml': realYaml, ...rest }));
    expect(missing.errors.join('\n')).toMatch(/tray icon resources\/tray\/tray\.png does not exist/);

    const unpacked = await validateBuilderConfig(project({ 'electron-builder.yml': realYaml.replace('  - resources/tray/**\n', ''), ...realIcons }));
    expect(unpacked.errors.join('\n')).toMatch(/files: must include "resources\/tray\/\*\*"/);
  });

  it('fails when a tray icon has the wrong size', async () => {
    const dir = project({ 'electron-builder.yml': realYaml, ...realIcons });
    copyFileSync(join(dir, 'resources/tray/tray.png'), join(dir, 'resources/tray/trayStoppedTemplate.png'));
    expect((await validateBuilderConfig(dir)).errors.join('\n')).toMatch(/tray icon resources\/tray\/trayStoppedTemplate\.png must be a 16×16 PNG, not 32×32/);
  });

  it('fails when an installer the README promises is not built', async () => {
    const yaml = realYaml.replace('  target:\n    - AppImage\n    - deb\n', '  target:\n    - AppImage\n').replace('  target: nsis\n', '  target: portable\n');
    const errors = (await validateBuilderConfig(project({ 'electron-builder.yml': yaml, ...realIcons }))).errors.join('\n');
    expect(errors).toMatch(/linux\.target: must include "deb"/);
    expect(errors).toMatch(/win\.target: must include "nsis"/);
  });

  it('fails when a hardening fuse is missing or flipped the wrong way', async () => {
    const flipped = realYaml.replace('  runAsNode: false\n', '  runAsNode: true\n').replace('  onlyLoadAppFromAsar: true\n', '');
    const errors = (await validateBuilderConfig(project({ 'electron-builder.yml': flipped, ...realIcons }))).errors.join('\n');
    expect(errors).toMatch(/electronFuses\.runAsNode: must be false, not true/);
    expect(errors).toMatch(/electronFuses\.onlyLoadAppFromAsar: must be true \(not set\)/);

    const without = realYaml.replace(/^electronFuses:\n(?: {2}.*\n|\s*#.*\n)*/m, '');
    expect(without).not.toContain('runAsNode');
    expect((await validateBuilderConfig(project({ 'electron-builder.yml': without, ...realIcons }))).errors.join('\n')).toMatch(/electronFuses: missing/);
    expect(Object.keys(REQUIRED_FUSES)).toContain('runAsNode');
  });

  it('fails on a fuse electron-builder does not know', async () => {
    const misspelt = realYaml.replace('  runAsNode: false\n', '  runAsNodes: false\n');
    expect((await validateBuilderConfig(project({ 'electron-builder.yml': misspelt, ...realIcons }))).errors.join('\n')).toMatch(/Invalid configuration object[\s\S]*electronFuses/);
  });

  it('fails when the native module would not be rebuilt for Electron or could not load', async () => {
    const yaml = realYaml.replace('npmRebuild: true', 'npmRebuild: false').replace("asarUnpack:\n  - '**/*.node'\n", '');
    const errors = (await validateBuilderConfig(project({ 'electron-builder.yml': yaml, ...realIcons }))).errors.join('\n');
    expect(errors).toMatch(/npmRebuild: must not be false/);
    expect(errors).toMatch(/asarUnpack: must include "\*\*\/\*\.node"/);
  });

  it('warns when package.json lacks what the .deb needs', async () => {
    const warnings = (await validateBuilderConfig(project({ 'electron-builder.yml': realYaml, ...realIcons }))).warnings.join('\n');
    expect(warnings).toMatch(/deb: no maintainer/);
    expect(warnings).toMatch(/deb: no project homepage/);
  });

  it('fails when the app icon is too small for macOS', async () => {
    const dir = project({ 'electron-builder.yml': realYaml, ...realIcons });
    copyFileSync(join(dir, 'resources/tray/tray.png'), join(dir, 'resources/icon.png'));
    expect((await validateBuilderConfig(dir)).errors.join('\n')).toMatch(/is 32×32; the app icon must be square and at least 512×512/);
  });
});

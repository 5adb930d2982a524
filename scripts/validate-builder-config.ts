/**
 * Checks electron-builder.yml without packaging (which needs the Electron download): electron-builder's own
 * loader and schema validation (getConfig + validateConfiguration from app-builder-lib, the functions
 * `electron-builder` itself runs first), then what the schema cannot know — that every icon the config names
 * exists, is a PNG big enough to become .icns/.ico, that the tray icons the app loads at run time exist in their
 * sizes and are packed, that the installers we promise are built, that the hardening fuses are set, and that the
 * native module is rebuilt for Electron.
 *
 * Run: npm run check:builder   (exit code 1 on errors)
 */
import { existsSync, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { TRAY_ICON_FILES } from '../main/tray-icons.js';

export interface BuilderConfigReport {
  /** Packaging would fail (or ship a broken app) because of these. */
  errors: string[];
  /** Fine for some targets, fatal for others (e.g. the .deb needs a maintainer and a homepage). */
  warnings: string[];
  config: Configuration | null;
}

/** The installers the README promises, per platform. */
export const REQUIRED_TARGETS = { mac: ['dmg'], win: ['nsis'], linux: ['AppImage', 'deb'] } as const;

/** Electron fuses the app must ship with (electron-builder's `electronFuses`; ARCHITECTURE.md "hardening"). */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

/** Smallest app icon electron-builder turns into every .icns size (512@2x needs 1024, 512 is the floor). */
const MIN_APP_ICON_SIZE = 512;

export async function validateBuilderConfig(projectDir: string, configFile = 'electron-builder.yml'): Promise<BuilderConfigReport> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const configPath = resolve(projectDir, configFile);
  if (!existsSync(configPath)) return { errors: [`${configFile} does not exist`], warnings, config: null };

  let config: Configuration;
  try {
    config = await getConfig(projectDir, configPath, null);
    await validateConfiguration(config, new DebugLogger(false));
  } catch (error) {
    return { errors: [`${configFile}: ${error instanceof Error ? error.message : String(error)}`], warnings, config: null };
  }

  const buildResources = resolve(projectDir, config.directories?.buildResources ?? 'build');
  for (const { key, value } of iconReferences(config)) {
    const path = resolveResource(projectDir, buildResources, value);
    if (!path) {
      errors.push(`${key}: "${value}" does not exist (looked in ${relative(projectDir, buildResources) || '.'}/ and the project folder) — run "tsx scripts/make-icons.ts" or fix the path`);
      continue;
    }
    if (isAppIconKey(key) && path.endsWith('.png')) {
      const size = pngSize(path);
      if (!size) errors.push(`${key}: "${value}" is not a PNG file`);
      else if (size.width !== size.height || size.width < MIN_APP_ICON_SIZE) {
        errors.push(`${key}: "${value}" is ${size.width}×${size.height}; the app icon must be square and at least ${MIN_APP_ICON_SIZE}×${MIN_APP_ICON_SIZE} (1024×1024 is best)`);
      }
    }
  }
  for (const platform of ['mac', 'win', 'linux'] as const) {
    if (config[platform] && !config[platform]?.icon && !config.icon && !defaultIconExists(buildResources)) {
      errors.push(`${platform}: no icon configured and no icon.png/icon.icns/icon.ico in ${relative(projectDir, buildResources)}/`);
    }
  }

  for (const icon of TRAY_ICON_FILES) {
    const path = join(projectDir, icon.path);
    if (!existsSync(path)) {
      errors.push(`tray icon ${icon.path} does not exist — run "tsx scripts/make-icons.ts"`);
      continue;
    }
    const size = pngSize(path);
    if (!size || size.width !== icon.size || size.height !== icon.size) {
      errors.push(`tray icon ${icon.path} must be a ${icon.size}×${icon.size} PNG${size ? `, not ${size.width}×${size.height}` : ''} — run "tsx scripts/make-icons.ts"`);
    }
  }
  if (!filePatterns(config).some((pattern) => pattern.startsWith('resources/tray'))) {
    errors.push('files: must include "resources/tray/**" — the tray icons are loaded at run time and buildResources is never packed');
  }

  errors.push(...missingTargets(config), ...fuseProblems(config), ...nativeModuleProblems(config));
  warnings.push(...debPrerequisites(projectDir, config));
  return { errors, warnings, config };
}

/** electron-builder's "one or a list" options as a list (none: empty). */
function listOf<T>(value: T | readonly T[] | null | undefined): readonly T[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function targetNames(target: unknown): string[] {
  return listOf(target).flatMap((entry: unknown) => {
    if (typeof entry === 'string') return [entry];
    const name = (entry as { target?: unknown } | null)?.target;
    return typeof name === 'string' ? [name] : [];
  });
}

function missingTargets(config: Configuration): string[] {
  return Object.entries(REQUIRED_TARGETS).flatMap(([platform, required]) => {
    const present = targetNames(config[platform as keyof typeof REQUIRED_TARGETS]?.target);
    return required.filter((target) => !present.includes(target)).map((target) => `${platform}.target: must include "${target}" (the README promises it)`);
  });
}

function fuseProblems(config: Configuration): string[] {
  const fuses = config.electronFuses;
  if (!fuses) return ['electronFuses: missing — the app must ship with its hardening fuses set'];
  return Object.entries(REQUIRED_FUSES).flatMap(([fuse, wanted]) => {
    const actual = (fuses as Record<string, unknown>)[fuse];
    return actual === wanted ? [] : [`electronFuses.${fuse}: must be ${wanted}${actual === undefined ? ' (not set)' : `, not ${String(actual)}`}`];
  });
}

/** better-sqlite3 must be rebuilt for Electron and its binary loadable from outside the asar archive. */
function nativeModuleProblems(config: Configuration): string[] {
  const problems: string[] = [];
  if (config.npmRebuild === false) problems.push('npmRebuild: must not be false — better-sqlite3 has to be rebuilt for Electron\'s ABI');
  if (config.asar !== false && !listOf(config.asarUnpack).some((pattern) => pattern.includes('*.node'))) {
    problems.push('asarUnpack: must include "**/*.node" — a native module cannot be loaded from inside app.asar');
  }
  return problems;
}

/** The glob patterns of "files"; getConfig has already turned plain strings into file sets ({ filter: [...] }). */
function filePatterns(config: Configuration): string[] {
  return listOf(config.files).flatMap((entry) => (typeof entry === 'string' ? [entry] : listOf(entry.filter)));
}

/** Every config key that names an icon or image file, with its value. */
function iconReferences(config: Configuration): { key: string; value: string }[] {
  const references: { key: string; value: string }[] = [];
  const add = (key: string, value: unknown): void => {
    if (typeof value === 'string' && value !== '') references.push({ key, value });
  };
  add('icon', config.icon);
  add('mac.icon', config.mac?.icon);
  add('win.icon', config.win?.icon);
  add('linux.icon', config.linux?.icon);
  add('dmg.icon', config.dmg?.icon);
  add('dmg.background', config.dmg?.background);
  for (const key of ['installerIcon', 'uninstallerIcon', 'installerHeader', 'installerHeaderIcon', 'installerSidebar', 'uninstallerSidebar'] as const) {
    add(`nsis.${key}`, config.nsis?.[key]);
  }
  listOf(config.fileAssociations).forEach((association, index) => add(`fileAssociations[${index}].icon`, association.icon));
  return references;
}

function isAppIconKey(key: string): boolean {
  return key === 'icon' || key === 'mac.icon' || key === 'win.icon' || key === 'linux.icon';
}

/** electron-builder's rule: a relative path is looked up in buildResources first, then in the project folder. */
function resolveResource(projectDir: string, buildResources: string, value: string): string | null {
  const candidates = isAbsolute(value) ? [value] : [join(buildResources, value), resolve(projectDir, value)];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

function defaultIconExists(buildResources: string): boolean {
  return ['icon.png', 'icon.icns', 'icon.ico'].some((name) => existsSync(join(buildResources, name)));
}

/** Width and height from a PNG's IHDR chunk, or null if the file is not a PNG. */
export function pngSize(path: string): { width: number; height: number } | null {
  const header = Buffer.alloc(24);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, 24, 0) < 24) return null;
  } finally {
    closeSync(fd);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!header.subarray(0, 8).equals(signature) || header.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

/** electron-builder's .deb target refuses to build without a maintainer (author email) and a homepage. */
function debPrerequisites(projectDir: string, config: Configuration): string[] {
  if (!targetNames(config.linux?.target).includes('deb')) return [];
  const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
    author?: string | { email?: string };
    homepage?: string;
    repository?: unknown;
  };
  const authorEmail = typeof manifest.author === 'string' ? /<[^>]+@[^>]+>/.test(manifest.author) : Boolean(manifest.author?.email);
  const warnings: string[] = [];
  if (!config.deb?.maintainer && !config.linux?.maintainer && !authorEmail) {
    warnings.push('deb: no maintainer — add "author": "Name <email>" to package.json (or linux.maintainer) before building the .deb');
  }
  if (!manifest.homepage && !manifest.repository) {
    warnings.push('deb: no project homepage — add "homepage" (or "repository") to package.json before building the .deb');
  }
  return warnings;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const projectDir = fileURLToPath(new URL('..', import.meta.url));
  const report = await validateBuilderConfig(projectDir, process.argv[2]);
  for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
  for (const error of report.errors) process.stderr.write(`error: ${error}\n`);
  if (report.errors.length > 0) process.exit(1);
  process.stdout.write('electron-builder.yml is valid\n');
}

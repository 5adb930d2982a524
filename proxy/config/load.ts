import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, describeConfigIssues } from './config-error.js';
import { DEFAULT_CONFIG_YAML } from './default-config.js';
import { configFileSchema, type ConfigFile } from './schema.js';

/** Settings after loading: every directory resolved to an absolute path. */
export type Config = ConfigFile & { 'auth-dir': string; 'data-dir': string; configPath: string | null };

export interface AppDirs {
  config: string;
  data: string;
}

/** Per-OS application folders (~/.config/switchboard, ~/Library/Application Support/switchboard, %APPDATA%\switchboard). */
export function defaultAppDirs(): AppDirs {
  const paths = envPaths('switchboard', { suffix: '' });
  return { config: paths.config, data: paths.data };
}

export function defaultConfigPath(dirs: AppDirs = defaultAppDirs()): string {
  return join(dirs.config, 'config.yaml');
}

/**
 * Loads the YAML config. Without an explicit path it uses the per-OS default and creates that file on first
 * run; an explicit path must exist.
 */
export function loadConfigFile(path: string | undefined, dirs: AppDirs = defaultAppDirs()): { config: Config; created: boolean } {
  const configPath = path ? resolve(path) : defaultConfigPath(dirs);
  let created = false;
  if (!existsSync(configPath)) {
    if (path) throw new ConfigError(configPath, ['the file does not exist — fix: create it (see README "Configuration") or leave out --config to use the default']);
    mkdirSync(dirname(configPath), { recursive: true });
    writeFileSync(configPath, DEFAULT_CONFIG_YAML, { mode: 0o600 });
    created = true;
  }
  const text = readFileSync(configPath, 'utf8');
  return { config: parseConfig(text, configPath, dirs), created };
}

/** Parses and validates config text; `source` names the file in every error. */
export function parseConfig(text: string, source: string, dirs: AppDirs = defaultAppDirs()): Config {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(source, document.errors.map((error) => `YAML syntax: ${error.message.split('\n')[0]}`));
  }
  const raw: unknown = document.toJS() ?? {};
  return validateConfig(raw, source, dirs);
}

export function validateConfig(raw: unknown, source: string, dirs: AppDirs = defaultAppDirs()): Config {
  const result = configFileSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new ConfigError(source, describeConfigIssues(result.error.issues, knownKeysAt));
  // Relative directories are relative to the YAML file they are written in; without one, to the working directory.
  const configPath = source.endsWith('.yaml') || source.endsWith('.yml') ? source : null;
  const base = configPath ? dirname(configPath) : process.cwd();
  const file = result.data;
  return {
    ...file,
    'auth-dir': resolvePath(file['auth-dir'], base) ?? join(dirs.data, 'auth'),
    'data-dir': resolvePath(file['data-dir'], base) ?? dirs.data,
    configPath,
  };
}

function resolvePath(value: string | undefined, base: string): string | undefined {
  if (value === undefined) return undefined;
  const expanded = value === '~' || value.startsWith('~/') ? join(homedir(), value.slice(1)) : value;
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}

/** The keys the schema knows at a path, for "did you mean" hints. */
function knownKeysAt(path: PropertyKey[]): string[] {
  let schema: z.core.$ZodType = configFileSchema;
  for (const segment of [...path, null]) {
    for (;;) {
      const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
      if (def.innerType) schema = def.innerType;
      else if (def.type === 'pipe' && def.in) schema = def.in;
      else break;
    }
    const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> };
    if (def.type !== 'object' || !def.shape) return [];
    if (segment === null) return Object.keys(def.shape);
    const next = def.shape[String(segment)];
    if (!next) return [];
    schema = next;
  }
  return [];
}

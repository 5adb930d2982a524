/**
 * Claude Code's settings.json as Switchboard sees it: the file's `env` object (which wins over the shell's
 * environment), the variables Switchboard sets in it, and what Claude Code will end up using.
 */
import { ClientConfigError, MODEL_SLOTS, type ClientTarget, type ModelSlot } from '../client-setup.js';
import { readFileIfExists, type ExistingFile } from '../shared/file-io.js';
import { isJsonObject, parseJsonObjectFile, type JsonDocument, type JsonObject } from './json-file.js';

export const BASE_URL_KEY = 'ANTHROPIC_BASE_URL';
/** Sent as `Authorization: Bearer`. */
export const AUTH_TOKEN_KEY = 'ANTHROPIC_AUTH_TOKEN';
/** Sent as `x-api-key`; with the token also set, Claude Code sends both headers. */
export const API_KEY_KEY = 'ANTHROPIC_API_KEY';

/** The variable behind each model slot (Claude Code's names for them). */
export const MODEL_KEYS: Readonly<Record<ModelSlot, string>> = {
  main: 'ANTHROPIC_MODEL',
  opus: 'ANTHROPIC_DEFAULT_OPUS_MODEL',
  sonnet: 'ANTHROPIC_DEFAULT_SONNET_MODEL',
  haiku: 'ANTHROPIC_DEFAULT_HAIKU_MODEL',
  smallFast: 'ANTHROPIC_SMALL_FAST_MODEL',
};

/** The variables Switchboard sets for a target, in the order they are added to a new `env`. */
export function desiredClaudeEnv(target: ClientTarget): Record<string, string> {
  const models = target.models ?? {};
  const wanted: [string, string | null | undefined][] = [
    // The base URL without /v1: Claude Code appends /v1/messages itself.
    [BASE_URL_KEY, target.baseUrl.replace(/\/+$/, '')],
    [AUTH_TOKEN_KEY, target.apiKey],
    ...MODEL_SLOTS.map((slot): [string, string | null | undefined] => [MODEL_KEYS[slot], models[slot]]),
  ];
  return Object.fromEntries(wanted.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

/** The model variables the target gives back (a slot set to null): they return to what they were before Switchboard. */
export function releasedClaudeKeys(target: ClientTarget): Set<string> {
  const models = target.models ?? {};
  return new Set(MODEL_SLOTS.filter((slot) => models[slot] === null).map((slot) => MODEL_KEYS[slot]));
}

export interface SettingsFile {
  file: ExistingFile;
  document: JsonDocument;
  /** The `env` object, or undefined when the file has none. */
  env: JsonObject | undefined;
}

/** The settings file, or null when there is none; a file Switchboard cannot safely edit is a ClientConfigError. */
export async function readSettingsFile(path: string): Promise<SettingsFile | null> {
  const file = await readFileIfExists(path);
  if (!file) return null;
  const document = parseJsonObjectFile(path, file.bytes);
  const env = document.root.env;
  if (env !== undefined && !isJsonObject(env)) {
    throw new ClientConfigError(path, '"env" is not an object; Switchboard leaves the file as it is');
  }
  return { file, document, env };
}

export type SettingsReading =
  | { state: 'missing'; root: JsonObject; env: JsonObject }
  | { state: 'ok'; root: JsonObject; env: JsonObject }
  | { state: 'invalid'; root: JsonObject; env: JsonObject; error: ClientConfigError };

/** For status and the doctor: a broken file reads as an empty file (plus the error) instead of throwing. */
export async function readSettingsEnv(path: string): Promise<SettingsReading> {
  try {
    const settings = await readSettingsFile(path);
    return settings ? { state: 'ok', root: settings.document.root, env: settings.env ?? {} } : { state: 'missing', root: {}, env: {} };
  } catch (error) {
    if (error instanceof ClientConfigError) return { state: 'invalid', root: {}, env: {}, error };
    throw error;
  }
}

/** A variable as Claude Code will see it: settings.json `env` first, then the shell. Only strings count. */
export function effectiveVariable(key: string, settingsEnv: JsonObject, shellEnv: ClientEnvironmentEnv): string | null {
  const fromSettings = settingsEnv[key];
  // A value in settings.json replaces the shell's even when it is empty (that is how it unsets one).
  if (typeof fromSettings === 'string') return fromSettings !== '' ? fromSettings : null;
  const fromShell = shellEnv?.[key];
  return fromShell !== undefined && fromShell !== '' ? fromShell : null;
}

export type ClientEnvironmentEnv = Readonly<Record<string, string | undefined>> | undefined;

/** The key Claude Code sends: the bearer token, else the x-api-key one. */
export function effectiveApiKey(settingsEnv: JsonObject, shellEnv: ClientEnvironmentEnv): string | null {
  return effectiveVariable(AUTH_TOKEN_KEY, settingsEnv, shellEnv) ?? effectiveVariable(API_KEY_KEY, settingsEnv, shellEnv);
}

/**
 * Two base URLs name the same server: scheme, host and port compared (default ports filled in, host case
 * ignored) and trailing slashes dropped. A trailing /v1 is a different URL — Claude Code would call /v1/v1/messages.
 */
export function sameBaseUrl(a: string, b: string): boolean {
  const left = normalizeBaseUrl(a);
  return left !== null && left === normalizeBaseUrl(b);
}

function normalizeBaseUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

/**
 * The models Claude Code will ask Switchboard for: which settings name them, where each value comes from, and
 * which names Claude Code resolves itself before sending anything.
 */
import { MODEL_SLOTS, type ModelSetting } from '../client-setup.js';
import { MODEL_KEYS, type ClientEnvironmentEnv } from './claude-settings.js';
import type { JsonObject } from './json-file.js';

/** One settings file Claude Code reads: its `env` and its other keys. */
export interface SettingsLayer {
  where: string;
  env: JsonObject;
  root: JsonObject;
}

export interface FoundValue {
  value: string;
  where: string;
}

export const SHELL = 'your shell environment';

/**
 * A variable as Claude Code resolves it: the first settings file that sets it (layers most important first), then
 * the shell. A value in a settings file replaces the shell's even when empty: that is how one unsets it.
 */
export function lookupVariable(key: string, layers: readonly SettingsLayer[], shell: ClientEnvironmentEnv): FoundValue | null {
  for (const layer of layers) {
    const value = layer.env[key];
    if (typeof value === 'string') return value !== '' ? { value, where: layer.where } : null;
  }
  const value = shell?.[key];
  return value ? { value, where: SHELL } : null;
}

/** The settings files' own `model` key: Claude Code uses it when ANTHROPIC_MODEL is not set. */
function lookupModelSetting(layers: readonly SettingsLayer[]): FoundValue | null {
  for (const layer of layers) {
    const value = layer.root.model;
    if (typeof value === 'string' && value !== '') return { value, where: layer.where };
  }
  return null;
}

/**
 * Every model setting Claude Code will act on, in slot order; a slot with none is left to Claude Code.
 * `ownedValue(key)` is the value Switchboard wrote for a variable (in the user settings file), if any.
 */
export function claudeModelSettings(
  layers: readonly SettingsLayer[],
  shell: ClientEnvironmentEnv,
  userSettingsPath: string,
  ownedValue: (key: string) => string | undefined,
): ModelSetting[] {
  return MODEL_SLOTS.flatMap((slot): ModelSetting[] => {
    const key = MODEL_KEYS[slot];
    const variable = lookupVariable(key, layers, shell);
    if (variable) {
      const setBySwitchboard = variable.where === userSettingsPath && ownedValue(key) === variable.value;
      return [{ slot, setting: key, where: variable.where, value: variable.value, setBySwitchboard }];
    }
    const model = slot === 'main' ? lookupModelSetting(layers) : null;
    return model ? [{ slot, setting: 'model', where: model.where, value: model.value, setBySwitchboard: false }] : [];
  });
}

/**
 * Names Claude Code turns into one of its own Claude model ids before sending (its aliases, as listed in the
 * 2.1.330 binary, and "default"): they say nothing about what Switchboard must serve, so they are not checked.
 */
const RESOLVED_BY_CLAUDE_CODE = new Set(['default', 'best', 'opus', 'sonnet', 'haiku', 'fable', 'opusplan']);

/**
 * The model name Claude Code sends for a setting's value, or null when Claude Code resolves it itself. A `[1m]`
 * suffix is Claude Code's context-size tag, which it takes off before sending.
 */
export function modelClaudeCodeSends(value: string): string | null {
  const name = value.trim().replace(/\[1m\]$/i, '');
  return RESOLVED_BY_CLAUDE_CODE.has(name.toLowerCase()) ? null : name;
}

/**
 * Where Claude Code keeps what Switchboard reads and writes. Pure functions of the environment: on Windows the same
 * files live under the user's home (C:\Users\me\.claude\settings.json), so the path functions follow
 * `environment.platform`, not the machine the code runs on.
 */
import type path from 'node:path';
import { pathApiFor, type ClientEnvironment } from '../client-setup.js';

/** `~/.claude`: user settings, also the folder Switchboard may have created. */
export function claudeDirPath(environment: ClientEnvironment): string {
  return pathApiFor(environment).join(environment.home, '.claude');
}

/** `~/.claude/settings.json`: its `env` is honoured and wins over the shell's environment. */
export function claudeSettingsPath(environment: ClientEnvironment): string {
  return pathApiFor(environment).join(claudeDirPath(environment), 'settings.json');
}

/** `~/.claude.json`: Claude Code's own state, where an API-key login leaves `primaryApiKey`. */
export function claudeStatePath(environment: ClientEnvironment): string {
  return pathApiFor(environment).join(environment.home, '.claude.json');
}

/** Switchboard's record of what it changed: `<stateDir>/claude-code.json`. */
export function claudeCodeRecordPath(environment: ClientEnvironment): string {
  return pathApiFor(environment).join(environment.stateDir, 'claude-code.json');
}

/**
 * The project-level settings files that override the user's when Claude Code runs in `cwd`: `.claude/settings.json`
 * and `.claude/settings.local.json` in `cwd` and each parent, stopping below home (home's own `.claude/settings.json`
 * is the user file) or at the root when `cwd` is outside home. Nearest folder first.
 */
export function projectSettingsPaths(environment: ClientEnvironment, cwd: string): string[] {
  const paths = pathApiFor(environment);
  const home = paths.resolve(environment.home);
  const found: string[] = [];
  for (let dir = paths.resolve(cwd); ; dir = paths.dirname(dir)) {
    if (samePath(paths, dir, home, environment.platform)) break;
    const claudeDir = paths.join(dir, '.claude');
    found.push(paths.join(claudeDir, 'settings.json'), paths.join(claudeDir, 'settings.local.json'));
    if (paths.dirname(dir) === dir) break;
  }
  return found;
}

/** Windows paths compare without regard to case (C:\Users\Me is C:\users\me). */
function samePath(paths: path.PlatformPath, a: string, b: string, platform: NodeJS.Platform | undefined): boolean {
  const left = paths.normalize(a);
  const right = paths.normalize(b);
  return platform === 'win32' ? left.toLowerCase() === right.toLowerCase() : left === right;
}

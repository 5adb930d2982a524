/** Where the Codex CLI keeps its config and where Switchboard keeps its record of changes to it. */
import path from 'node:path';
import { pathApiFor, type ClientEnvironment } from '../client-setup.js';

export const CODEX_PROFILE_NAME = 'switchboard';

/** `$CODEX_HOME`, else `<home>/.codex` (what the Codex CLI itself uses). */
export function codexHome(environment: ClientEnvironment): string {
  const paths = pathApiFor(environment);
  const override = environment.env?.CODEX_HOME;
  return override ? paths.resolve(environment.home, override) : paths.join(environment.home, '.codex');
}

export function codexConfigPath(environment: ClientEnvironment): string {
  return pathApiFor(environment).join(codexHome(environment), 'config.toml');
}

/**
 * The `switchboard` profile: since 0.16x Codex reads `codex --profile <name>` from `$CODEX_HOME/<name>.config.toml`,
 * and refuses to start with `--profile switchboard` while config.toml still has a legacy `[profiles.switchboard]`.
 */
export function codexProfilePath(environment: ClientEnvironment): string {
  return pathApiFor(environment).join(codexHome(environment), `${CODEX_PROFILE_NAME}.config.toml`);
}

/** The record lives in Switchboard's data dir, which is always on the machine Switchboard runs on. */
export function codexRecordPath(environment: ClientEnvironment): string {
  return path.join(environment.stateDir, 'codex.json');
}

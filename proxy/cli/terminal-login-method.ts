import type { LoginMethod } from '../providers/catalog.js';
import type { ProviderModule } from '../providers/provider-module.js';
import { terminalLoginMethods, type TerminalLoginKind } from '../providers/terminal-logins.js';

export interface TerminalLoginChoice {
  /** A method id, as the provider's catalog entry names it. */
  method?: string;
  /** The device-code method. */
  device?: boolean;
  /** The paste-code method. */
  manual?: boolean;
}

/**
 * The method `switchboard login` runs: the one `--method` names, the device code with `--device`, the pasted code
 * with `--manual`, else the module's first. Throws, naming the methods there are, when the one asked for is not one.
 */
export function chooseTerminalLoginMethod(module: ProviderModule, choice: TerminalLoginChoice): LoginMethod & { kind: TerminalLoginKind } {
  const methods = terminalLoginMethods(module);
  const offered = () => (methods.length > 0 ? `${module.displayName} offers ${methods.map((method) => `${method.id} (${method.kind})`).join(', ')}` : `${module.displayName} has no login that works in a terminal`);
  const wanted = choice.method !== undefined ? methods.find((method) => method.id === choice.method) : choice.device ? methods.find((method) => method.kind === 'device-code') : choice.manual ? methods.find((method) => method.kind === 'paste-code') : methods[0];
  if (wanted) return wanted;
  const asked = choice.method !== undefined ? `no login method "${choice.method}"` : choice.device ? 'no device-code login' : choice.manual ? 'no login with a pasted code' : 'no login';
  throw new Error(`${module.displayName} has ${asked}: ${offered()}`);
}

import type { LoginMethod } from './catalog.js';
import type { ProviderModule } from './provider-module.js';

/** The kinds of login method a terminal carries out (an API key is added with `switchboard add`). */
export type TerminalLoginKind = 'loopback' | 'paste-code' | 'device-code' | 'poll';

/** The methods of a module that a terminal can carry out: those it declares and has a runner for, in its order. */
export function terminalLoginMethods(module: ProviderModule): (LoginMethod & { kind: TerminalLoginKind })[] {
  const { loopback, pasteCode, deviceCode, poll } = module.logins;
  const runs: Record<TerminalLoginKind, boolean> = { loopback: !!loopback, 'paste-code': !!pasteCode, 'device-code': !!deviceCode, poll: !!poll };
  return module.loginMethods.filter((method): method is LoginMethod & { kind: TerminalLoginKind } => method.kind in runs && runs[method.kind as TerminalLoginKind]);
}

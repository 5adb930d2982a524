/**
 * The one list through which providers plug into the desktop shell: the tray menu's "Log in…" items and the
 * login windows both read it, so a provider added later (Codex, Cursor) needs an entry here and nothing else in
 * the shell. Pure data: no electron import, so the tray menu built from it is unit-tested.
 */

/** How a login is carried out by the shell. */
export type DesktopLoginKind =
  /** An embedded BrowserWindow loads the authorize address; main catches the redirect to the callback URL. */
  | 'oauth-window'
  /** Copies a login another tool already holds on this machine (e.g. Claude Code's credentials). */
  | 'import';

export interface DesktopLoginMethod {
  /** Stable within its provider, e.g. "oauth" or "import-claude-code". */
  id: string;
  /** Menu wording, e.g. "Log in to Claude…". */
  label: string;
  kind: DesktopLoginKind;
}

export interface DesktopProvider {
  /** The proxy's provider id, e.g. "anthropic". */
  id: string;
  /** The name a person knows, e.g. "Claude". */
  name: string;
  logins: readonly DesktopLoginMethod[];
}

export const desktopProviders: readonly DesktopProvider[] = [
  {
    id: 'anthropic',
    name: 'Claude',
    logins: [
      { id: 'oauth', label: 'Log in to Claude…', kind: 'oauth-window' },
      { id: 'import-claude-code', label: 'Import from Claude Code', kind: 'import' },
    ],
  },
];

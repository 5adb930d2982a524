/**
 * "Configure Claude Code" / "Restore Claude Code" in the tray: the proxy's client setup (the same ClientService
 * behind `switchboard clients` and the dashboard's Clients page, through proxy/index.ts), plus what the tray
 * needs around it — the current state for the menu, results in words, and following the proxy to a new port.
 */
import type { ClientSetup } from '../proxy/index.js';

export type ClaudeCodeState =
  | { kind: 'unknown' }
  | { kind: 'not-configured' }
  | { kind: 'configured'; /** Its base URL is this Switchboard's current address. */ pointsHere: boolean }
  | { kind: 'unreadable'; problem: string };

export type SetupResult = { ok: true; message: string } | { ok: false; message: string };

export interface ClaudeCodeDeps {
  /** Runs `use` with the client setup for the current settings and this Switchboard's address. */
  withClientSetup<T>(use: (clients: ClientSetup) => Promise<T>): Promise<T>;
  /** Whether an error is the proxy's ClientConfigError (a file it refuses to touch; the message names the line). */
  isConfigFileError(error: unknown): boolean;
}

export interface ClaudeCodeSetup {
  state(): ClaudeCodeState;
  /** Reads the state again (Claude Code's settings can change behind our back). Never rejects. */
  refresh(): Promise<ClaudeCodeState>;
  configure(): Promise<SetupResult>;
  restore(): Promise<SetupResult>;
  /** After the proxy moved to another port: points Claude Code at it again, if Switchboard had set it up. */
  followMove(): Promise<SetupResult | null>;
  onChange(listener: (state: ClaudeCodeState) => void): () => void;
}

const CLIENT = 'claude-code';

export function createClaudeCodeSetup(deps: ClaudeCodeDeps): ClaudeCodeSetup {
  const listeners = new Set<(state: ClaudeCodeState) => void>();
  let current: ClaudeCodeState = { kind: 'unknown' };

  const publish = (next: ClaudeCodeState): ClaudeCodeState => {
    if (JSON.stringify(next) !== JSON.stringify(current)) {
      current = next;
      for (const listener of listeners) listener(next);
    }
    return current;
  };

  const refresh = async (): Promise<ClaudeCodeState> => {
    try {
      const report = await deps.withClientSetup((clients) => clients.status(CLIENT));
      if (report.problem) return publish({ kind: 'unreadable', problem: report.problem });
      return publish(report.configured ? { kind: 'configured', pointsHere: report.pointsHere } : { kind: 'not-configured' });
    } catch (error) {
      return publish({ kind: 'unreadable', problem: errorText(error) });
    }
  };

  const failure = (action: string, error: unknown): SetupResult => ({
    ok: false,
    message: deps.isConfigFileError(error) ? `${errorText(error)} — fix the file, then try again.` : `${action} failed: ${errorText(error)}`,
  });

  const configure = async (): Promise<SetupResult> => {
    try {
      const result = await deps.withClientSetup((clients) => clients.configure(CLIENT));
      return result.changed.length === 0
        ? { ok: true, message: `Claude Code was already set up for Switchboard (${result.path}).` }
        : {
            ok: true,
            message: `Claude Code now uses Switchboard, with a key of its own (${result.path}).${result.backupPath ? ' The file as it was is kept as a backup.' : ''}`,
          };
    } catch (error) {
      return failure('Configuring Claude Code', error);
    } finally {
      await refresh();
    }
  };

  const restore = async (): Promise<SetupResult> => {
    try {
      const result = await deps.withClientSetup((clients) => clients.restore(CLIENT));
      const revoked = result.revokedKey ? ' The key made for it is revoked.' : '';
      switch (result.mode) {
        case 'nothing':
          return { ok: true, message: `Switchboard had not changed ${result.path}; nothing to restore.` };
        case 'backup':
          return { ok: true, message: `${result.path} is back as it was before.${revoked}` };
        default:
          return { ok: true, message: `Removed Switchboard's settings from ${result.path}; your own later edits are kept.${revoked}` };
      }
    } catch (error) {
      return failure('Restoring Claude Code', error);
    } finally {
      await refresh();
    }
  };

  return {
    state: () => current,
    refresh,
    configure,
    restore,
    async followMove() {
      const state = await refresh();
      if (state.kind !== 'configured' || state.pointsHere) return null;
      return configure();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the app does when the proxy could not start. Port in use: find a free port, ask whether to move there,
 * remember the move in the settings, start again, and point Claude Code at the new port if Switchboard had set
 * it up. Anything else: say what went wrong and how to fix it. Each start that fails is told once; nothing
 * repeats on its own. The dialogs and the proxy come in as parameters, so the flow is tested without Electron.
 */
import type { SwitchboardStatusView } from '../preload/contract.js';
import type { FailureDescription } from './proxy-controller.js';

export interface PortQuestion {
  title: string;
  message: string;
  detail: string;
  /** The button that moves. */
  confirm: string;
  cancel: string;
}

export interface StartFailureDeps {
  /** The settings of the failed start, when they could be read. */
  config(): { host: string; port: number } | null;
  describeFailure(status: SwitchboardStatusView): FailureDescription | null;
  findFreePort(host: string, taken: number): Promise<number>;
  /** True when the person chose to move. */
  askToMove(question: PortQuestion): Promise<boolean>;
  showError(failure: FailureDescription): void;
  /** Remembers the move (the settings), so the next start uses the new port. */
  rememberMove(taken: number, to: number): void;
  start(): Promise<SwitchboardStatusView>;
  /** After a start on the new port: e.g. point Claude Code at it. */
  afterMove(): Promise<void>;
}

export function portQuestion(taken: { host: string; port: number }, offered: number): PortQuestion {
  return {
    title: `Port ${taken.port} is already in use`,
    message: `Another program is using port ${taken.port} on ${taken.host}, so Switchboard could not start.`,
    detail:
      `Switchboard can use port ${offered} instead and remember that. If Switchboard set up Claude Code, it is ` +
      `pointed at the new port too; other clients need the new address, port ${offered}.\n\n` +
      'Or choose "Not now", quit the other program (it may be a running "switchboard serve") and choose Start proxy in the tray.',
    confirm: `Use port ${offered}`,
    cancel: 'Not now',
  };
}

/** Handles the result of a start; answers the status the proxy ends up in. */
export async function handleStartResult(status: SwitchboardStatusView, deps: StartFailureDeps): Promise<SwitchboardStatusView> {
  if (status.state !== 'error') return status;
  const tellFailure = (): SwitchboardStatusView => {
    const failure = deps.describeFailure(status);
    if (failure) deps.showError(failure);
    return status;
  };
  const config = deps.config();
  if (status.errorCode !== 'port_in_use' || !config) return tellFailure();
  let offered: number;
  try {
    offered = await deps.findFreePort(config.host, config.port);
  } catch {
    return tellFailure();
  }
  if (!(await deps.askToMove(portQuestion(config, offered)))) return status;
  deps.rememberMove(config.port, offered);
  const next = await deps.start();
  if (next.state === 'running') {
    await deps.afterMove();
    return next;
  }
  // The new port was taken in the meantime (or something else failed): the same question, about this start.
  return handleStartResult(next, deps);
}

/**
 * The only module that touches ipcMain. Registers one handler per call of the typed contract
 * (preload/contract.ts) and pushes the contract's events to the dashboard. Every call is checked before its
 * handler runs: it must come from one of our windows, from its top frame, showing our own page — a page that
 * somehow navigated elsewhere, or an iframe, gets nothing — and its arguments must have the contract's shape.
 */
import { createLogger } from '../proxy/index.js';
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { CallArgs, CallChannel, CallName, CallResult, EventArgs, EventChannel, EventName } from '../preload/contract.js';

const log = createLogger('main/ipc');

export type CallHandlers = {
  [K in CallName]: (...args: CallArgs<K>) => CallResult<K> | Promise<CallResult<K>>;
};

/** Which senders are ours; supplied by main/windows.ts, which knows the windows and the page they show. */
export interface SenderPolicy {
  windows(): readonly BrowserWindow[];
  isAppUrl(url: string): boolean;
}

/** Sends an event to every dashboard window that shows our page. */
export type Broadcast = <K extends EventName>(name: K, ...args: EventArgs<K>) => void;

/** The page is not trusted to send the types it promises: each call's arguments are checked at run time. */
const noArguments = z.tuple([]);
const id = z.string().min(1).max(100);
const ARGUMENT_SCHEMAS: { [K in CallName]: z.ZodType<CallArgs<K>> } = {
  getStatus: noArguments,
  startProxy: noArguments,
  stopProxy: noArguments,
  copyApiKey: noArguments,
  openExternal: z.tuple([z.string().max(8192)]),
  getDesktopInfo: noArguments,
  login: z.union([z.tuple([id, id]), z.tuple([id, id, z.strictObject({ accountId: z.string().min(1).max(200).optional() })])]),
  setLaunchAtLogin: z.tuple([z.boolean()]),
};

export function callChannel<K extends CallName>(name: K): CallChannel<K> {
  return `switchboard:call:${name}`;
}

export function eventChannel<K extends EventName>(name: K): EventChannel<K> {
  return `switchboard:event:${name}`;
}

/** Why a call is refused, or null when it comes from our dashboard page. */
export function senderRefusal(event: IpcMainInvokeEvent, policy: SenderPolicy): string | null {
  const window = BrowserWindow.fromWebContents(event.sender);
  if (!window || !policy.windows().includes(window)) return 'it does not come from a Switchboard window';
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'it comes from a sub-frame';
  if (!policy.isAppUrl(frame.url)) return 'it comes from a page that is not the dashboard';
  return null;
}

/** Once, for the app's lifetime (nothing removes the handlers: the app quits). */
export function registerIpcHandlers(handlers: CallHandlers, policy: SenderPolicy): void {
  for (const name of Object.keys(ARGUMENT_SCHEMAS) as CallName[]) {
    ipcMain.handle(callChannel(name), async (event, ...args: unknown[]) => {
      const refusal = senderRefusal(event, policy);
      if (refusal !== null) {
        log.warn(`refused ${name}: ${refusal}`);
        throw new Error(`refused: ${refusal}`);
      }
      const checked = ARGUMENT_SCHEMAS[name].safeParse(args);
      if (!checked.success) throw new Error(`refused: wrong arguments for ${name}`);
      // The schema proved the arguments match CallArgs<name>; TypeScript cannot follow the correlation.
      const handler = handlers[name] as (...valid: readonly unknown[]) => unknown;
      return handler(...(checked.data as readonly unknown[]));
    });
  }
}

/** Events go only to our windows that show our page (never to a page that navigated elsewhere). */
export function broadcaster(policy: SenderPolicy): Broadcast {
  return (name, ...args) => {
    for (const window of policy.windows()) {
      if (window.isDestroyed() || !policy.isAppUrl(window.webContents.getURL())) continue;
      window.webContents.send(eventChannel(name), ...args);
    }
  };
}

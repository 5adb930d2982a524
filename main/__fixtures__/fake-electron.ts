/**
 * A stand-in for the parts of the `electron` module the main process uses, recording what the app does with
 * them, for tests that run the real composition root (main/index.ts) under plain Node. Only behaviour the app
 * relies on is modelled; anything else is absent, so a new use of Electron shows up as a failing test.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => void;

export interface MenuItemTemplate {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

class FakeWebContents extends EventEmitter {
  url = '';
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  getURL(): string {
    return this.url;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export function createFakeElectron() {
  const appEvents = new EventEmitter();
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: { title: string; body: string }[] = [];
  const errorBoxes: { title: string; message: string }[] = [];
  const messageBoxes: { title?: string; message: string; buttons?: string[] }[] = [];
  const calls: string[] = [];
  const state = { clipboard: '', messageBoxAnswer: 0, quitRequested: 0, userData: '' };

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    static fromWebContents(contents: unknown): FakeBrowserWindow | null {
      return windows.find((window) => window.webContents === contents) ?? null;
    }
    async loadURL(url: string): Promise<void> {
      this.webContents.url = url;
      setImmediate(() => this.emit('ready-to-show'));
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return false;
    }
    show(): void {
      calls.push('window.show');
    }
    focus(): void {}
    restore(): void {}
    close(): void {
      this.destroyed = true;
      this.emit('closed');
    }
  }

  class FakeTray extends EventEmitter {
    menu: MenuItemTemplate[] = [];
    tooltip = '';
    title = '';
    images: string[] = [];
    destroyed = false;
    constructor(image: { path: string }) {
      super();
      this.images.push(image.path);
      trays.push(this);
    }
    setContextMenu(menu: MenuItemTemplate[]): void {
      this.menu = menu;
    }
    setToolTip(text: string): void {
      this.tooltip = text;
    }
    setTitle(text: string): void {
      this.title = text;
    }
    setImage(image: { path: string }): void {
      this.images.push(image.path);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      this.destroyed = true;
    }
    /** The menu as its labels; "(off)" for disabled items, "[x]" for a checked checkbox. */
    labels(): string[] {
      return this.menu.map((item) =>
        item.type === 'separator' ? '—' : `${item.type === 'checkbox' ? (item.checked ? '[x] ' : '[ ] ') : ''}${item.label ?? ''}${item.enabled === false ? ' (off)' : ''}`,
      );
    }
    click(label: string): void {
      const item = this.menu.find((candidate) => candidate.label === label);
      if (!item?.click) throw new Error(`no clickable "${label}" in the tray menu: ${this.labels().join(' | ')}`);
      item.click();
    }
  }

  class FakeNotification extends EventEmitter {
    static isSupported(): boolean {
      return true;
    }
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show(): void {
      notifications.push({ title: this.options.title, body: this.options.body });
    }
  }

  const app = {
    isPackaged: false,
    dock: undefined,
    requestSingleInstanceLock: () => true,
    enableSandbox: () => calls.push('app.enableSandbox'),
    whenReady: async () => undefined,
    setAppUserModelId: () => undefined,
    getAppPath: () => process.cwd(),
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`app.getPath("${name}") is not modelled`);
      return state.userData;
    },
    getVersion: () => '0.1.0-test',
    getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
    setLoginItemSettings: () => undefined,
    on: (event: string, listener: Listener) => appEvents.on(event, listener),
    quit: () => {
      state.quitRequested += 1;
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      appEvents.emit('before-quit', event);
    },
    exit: (code: number) => calls.push(`app.exit ${code}`),
  };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (template: MenuItemTemplate[]) => template },
    nativeImage: { createFromPath: (path: string) => ({ path, isEmpty: () => false, setTemplateImage: () => undefined }) },
    nativeTheme: { shouldUseDarkColors: false },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => calls.push(`protocol.registerSchemesAsPrivileged ${schemes.map((entry) => entry.scheme).join()}`),
      handle: (scheme: string) => calls.push(`protocol.handle ${scheme}`),
    },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    shell: { openExternal: async (url: string) => calls.push(`shell.openExternal ${url}`) },
    clipboard: { writeText: (text: string) => (state.clipboard = text) },
    // As on a Linux desktop without a keyring: no real encryption on offer.
    safeStorage: {
      isEncryptionAvailable: () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => {
        throw new Error('safeStorage is not available');
      },
      decryptString: () => {
        throw new Error('safeStorage is not available');
      },
    },
    dialog: {
      showErrorBox: (title: string, message: string) => errorBoxes.push({ title, message }),
      showMessageBox: async (options: { title?: string; message: string; buttons?: string[] }) => {
        messageBoxes.push(options);
        return { response: state.messageBoxAnswer };
      },
    },
  };

  /** Calls a bridge call the way the preload does, from the dashboard window's top frame. */
  const invoke = async (name: string, ...args: unknown[]): Promise<unknown> => {
    const handler = handlers.get(`switchboard:call:${name}`);
    const window = windows.find((candidate) => !candidate.destroyed);
    if (!handler || !window) throw new Error(`cannot call ${name}: ${handler ? 'no window' : 'no handler'}`);
    return handler({ sender: window.webContents, senderFrame: { url: window.webContents.url, parent: null } }, ...args);
  };

  return { electron, state, windows, trays, notifications, errorBoxes, messageBoxes, calls, handlers, invoke };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

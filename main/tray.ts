/**
 * The tray icon and its menu. The menu's content comes from buildTrayMenuModel (pure, tested); this file only
 * turns the model into an Electron Menu and wires each action to a handler.
 */
import { createLogger } from '../proxy/index.js';
import { Menu, Tray, app, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { SwitchboardStatusView } from '../preload/contract.js';
import { buildTrayMenuModel, trayTooltip, type MenuItemModel, type TrayAction } from './tray-menu.js';

const log = createLogger('main/tray');

export interface AppTray {
  update(status: SwitchboardStatusView): void;
  destroy(): void;
}

/**
 * macOS wants a black-on-transparent "template" image (the name ending in "Template" makes Electron mark it so,
 * and trayTemplate@2x.png is picked up for Retina); Windows and Linux get the coloured icon.
 * resources/tray/ ships inside the app (electron-builder.yml "files"), so app.getAppPath() finds it both in
 * development and when packaged.
 */
function trayIconPath(): string {
  const name = process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  return join(app.getAppPath(), 'resources', 'tray', name);
}

export function createAppTray(handlers: Record<TrayAction, () => void>, initial: SwitchboardStatusView): AppTray {
  const image = nativeImage.createFromPath(trayIconPath());
  if (image.isEmpty()) log.warn(`tray icon missing at ${trayIconPath()}`);
  const tray = new Tray(image);

  const toTemplate = (item: MenuItemModel): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'status':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => handlers[item.action]() };
      default:
        return assertNever(item);
    }
  };

  const update = (status: SwitchboardStatusView): void => {
    if (tray.isDestroyed()) return;
    tray.setToolTip(trayTooltip(status));
    // Linux shows only what setContextMenu gives it; macOS and Windows open the same menu on click.
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenuModel(status).map(toTemplate)));
  };

  // Windows convention: a left click on the tray icon opens the app's window, the right click the menu.
  if (process.platform === 'win32') tray.on('click', () => handlers['open-dashboard']());

  update(initial);
  return {
    update,
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`unexpected menu item: ${JSON.stringify(value)}`);
}

/**
 * The tray icon and its menu. Everything shown comes from main/tray-menu.ts (pure, tested); this file turns it
 * into Electron objects: the icon for the state, the macOS menu-bar title, the tooltip and the Menu.
 */
import { join } from 'node:path';
import { Menu, Tray, app, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { createLogger } from '../proxy/index.js';
import { assertNever } from './assert-never.js';
import { trayIconFile } from './tray-icons.js';
import { buildTrayMenuModel, trayIconState, trayTitle, trayTooltip, type MenuItemModel, type TrayAction, type TrayIconState, type TrayView } from './tray-menu.js';

const log = createLogger('main/tray');

export interface AppTray {
  render(view: TrayView): void;
  destroy(): void;
}

/** resources/tray/ ships inside the app (electron-builder.yml "files"), so app.getAppPath() finds it in development and packaged. */
function loadIcon(state: TrayIconState): NativeImage {
  const path = join(app.getAppPath(), 'resources', 'tray', trayIconFile(state, process.platform));
  const image = nativeImage.createFromPath(path);
  if (image.isEmpty()) log.warn(`tray icon missing at ${path}`);
  // The "Template" file name marks it already; said again in case the image was loaded another way.
  if (process.platform === 'darwin') image.setTemplateImage(true);
  return image;
}

export function createAppTray(onAction: (action: TrayAction) => void, initial: TrayView): AppTray {
  const icons = new Map<TrayIconState, NativeImage>();
  const icon = (state: TrayIconState): NativeImage => {
    let image = icons.get(state);
    if (!image) {
      image = loadIcon(state);
      icons.set(state, image);
    }
    return image;
  };
  let shownState = trayIconState(initial);
  const tray = new Tray(icon(shownState));
  let shownMenu = '';
  let shownTitle = '';

  const toTemplate = (item: MenuItemModel): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'status':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      case 'checkbox':
        return { label: item.label, type: 'checkbox', checked: item.checked, enabled: item.enabled, click: () => onAction(item.action) };
      default:
        return assertNever(item, 'menu item');
    }
  };

  const render = (view: TrayView): void => {
    if (tray.isDestroyed()) return;
    const state = trayIconState(view);
    if (state !== shownState) {
      tray.setImage(icon(state));
      shownState = state;
    }
    tray.setToolTip(trayTooltip(view));
    // Only macOS shows text beside a tray icon; elsewhere the busiest window is in the tooltip.
    const title = trayTitle(view);
    if (process.platform === 'darwin' && title !== shownTitle) {
      tray.setTitle(title, { fontType: 'monospacedDigit' });
      shownTitle = title;
    }
    // Rebuilt only when it changed: Linux trays (AppIndicator) flicker when the menu is replaced while open.
    const model = buildTrayMenuModel(view);
    const key = JSON.stringify(model);
    if (key !== shownMenu) {
      tray.setContextMenu(Menu.buildFromTemplate(model.map(toTemplate)));
      shownMenu = key;
    }
  };

  // Windows convention: a left click on the tray icon opens the app's window, the right click the menu. macOS
  // and Linux open the menu on click by themselves.
  if (process.platform === 'win32') tray.on('click', () => onAction({ type: 'open-dashboard' }));

  render(initial);
  return {
    render,
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

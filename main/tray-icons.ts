/**
 * Which image the tray shows for each state, per OS. macOS wants black-on-transparent "template" images (a file
 * name ending in "Template" makes Electron mark them so, and the @2x file next to it is used on Retina screens);
 * Windows and Linux get coloured ones. The files are drawn by scripts/make-icons.ts and packed with the app
 * (electron-builder.yml "files"); scripts/validate-builder-config.ts checks that every one exists.
 */
import type { TrayIconState } from './tray-menu.js';

const TEMPLATE_ICONS: Record<TrayIconState, string> = {
  running: 'trayTemplate.png',
  stopped: 'trayStoppedTemplate.png',
  attention: 'trayAttentionTemplate.png',
};

const COLOURED_ICONS: Record<TrayIconState, string> = {
  running: 'tray.png',
  stopped: 'tray-stopped.png',
  attention: 'tray-attention.png',
};

/** The file in resources/tray/ for a state on a platform. */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? TEMPLATE_ICONS[state] : COLOURED_ICONS[state];
}

/** Every tray image the app may load, relative to the project (the @2x ones included), with its size. */
export const TRAY_ICON_FILES: readonly { path: string; size: number }[] = [
  ...Object.values(TEMPLATE_ICONS).flatMap((name) => [
    { path: `resources/tray/${name}`, size: 16 },
    { path: `resources/tray/${name.replace('.png', '@2x.png')}`, size: 32 },
  ]),
  ...Object.values(COLOURED_ICONS).map((name) => ({ path: `resources/tray/${name}`, size: 32 })),
];

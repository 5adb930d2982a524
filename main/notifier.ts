/**
 * System notifications behind a small interface (the decisions are in main/notification-rules.ts). Electron's
 * Notification needs a reference kept until it is closed, or its click handler can be collected with it.
 */
import { Notification } from 'electron';
import { createLogger } from '../proxy/index.js';

const log = createLogger('main/notifier');

export interface Notifier {
  /** Shows a notification; `onClick` runs when the person clicks it. Silently nothing where the OS has none. */
  show(notice: { title: string; body: string }, onClick?: () => void): void;
}

export function createNotifier(): Notifier {
  const open = new Set<Notification>();
  return {
    show(notice, onClick) {
      if (!Notification.isSupported()) {
        log.info(`notification (not supported here): ${notice.title}`);
        return;
      }
      const notification = new Notification({ title: notice.title, body: notice.body });
      open.add(notification);
      const forget = (): void => {
        open.delete(notification);
      };
      notification.on('click', () => {
        forget();
        onClick?.();
      });
      notification.on('close', forget);
      notification.on('failed', (_event, error) => {
        forget();
        log.warn(`notification failed: ${error}`);
      });
      notification.show();
    },
  };
}

/** Starting the proxy from anywhere in the app, with the port-in-use offer (main/start-failure.ts) as dialogs. */
import { dialog } from 'electron';
import type { SwitchboardStatusView } from '../preload/contract.js';
import { findFreePort } from './free-port.js';
import { nextPortMove } from './settings.js';
import type { Shell } from './shell.js';
import { handleStartResult } from './start-failure.js';

export async function startProxy(shell: Pick<Shell, 'proxy' | 'settings' | 'claudeCode' | 'notifier'>): Promise<SwitchboardStatusView> {
  const { proxy, settings, claudeCode, notifier } = shell;
  return handleStartResult(await proxy.start(), {
    config: () => proxy.config(),
    describeFailure: (status) => proxy.describeFailure(status),
    findFreePort,
    askToMove: async (question) => {
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        title: question.title,
        message: question.message,
        detail: question.detail,
        buttons: [question.confirm, question.cancel],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      });
      return response === 0;
    },
    showError: (failure) => dialog.showErrorBox(failure.title, failure.message),
    rememberMove: (taken, to) =>
      settings.update((current) => ({ ...current, proxy: { ...current.proxy, portMove: nextPortMove(current.proxy.portMove, taken, to) } })),
    start: () => proxy.start(),
    afterMove: async () => {
      const moved = await claudeCode.followMove();
      if (moved) notifier.show({ title: 'Claude Code', body: moved.ok ? `Pointed at the new port. ${moved.message}` : moved.message });
    },
  });
}

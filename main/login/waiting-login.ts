/**
 * A device-code or poll login from the desktop app: the system browser opens the provider's page (where the person
 * enters the code, or logs in), an app window shows the code (or the page's address) while the shared waiter
 * polls, and closing the window cancels. The window is the same LoginSurface as the window logins' (a status page
 * of our own, never a provider's page), so this runs under plain Node in tests.
 */
import { waitForLogin } from '../../proxy/index.js';
import type { Config } from '../../proxy/index.js';
import type { DesktopLoginTarget, WaitingLoginHandler } from './login-handler.js';
import { loggedIn, loginFailed, type DesktopLoginOutcome } from './login-outcome.js';
import type { LoginSurface, OpenLoginSurface } from './window-login.js';

export interface WaitingDesktopLoginInput {
  provider: { name: string };
  handler: WaitingLoginHandler;
  config: Config;
  openSurface: OpenLoginSurface;
  /** Opens the system browser (https, or http on this machine only). */
  openExternal(url: string): Promise<void>;
  target: DesktopLoginTarget;
}

/** In-page addresses of our own status pages; the window loads nothing else. */
const OWN_PAGE = /^(data|about):/i;

export async function runWaitingDesktopLogin(input: WaitingDesktopLoginInput): Promise<DesktopLoginOutcome> {
  const provider = input.provider.name;
  let started;
  try {
    started = await input.handler.start(input.config, input.target);
  } catch (error) {
    return loginFailed(error);
  }
  const stop = new AbortController();
  let surface: LoginSurface;
  try {
    surface = input.openSurface(
      { title: `Log in to ${provider} — Switchboard` },
      {
        request: (url) => (OWN_PAGE.test(url) ? 'allow' : 'cancel'),
        pageLoaded: () => undefined,
        pageFailed: () => undefined,
        fallbackRequested: () => undefined,
        closed: () => stop.abort(),
      },
    );
  } catch (error) {
    return loginFailed(error);
  }
  const url = started.method === 'device-code' ? started.login.verificationUrl : started.login.url;
  surface.show(
    started.method === 'device-code'
      ? { state: 'device-code', provider, userCode: started.login.userCode, verificationUrl: url }
      : { state: 'in-browser', provider, reason: null, url },
  );
  // The address stays on the window for another device when no browser opens.
  await input.openExternal(url).catch(() => undefined);

  const outcome = await waitForLogin(started.login, { signal: stop.signal });
  switch (outcome.kind) {
    case 'done':
      surface.close();
      return loggedIn(outcome.account);
    case 'cancelled':
      return { status: 'cancelled' };
    case 'failed':
    case 'expired': {
      // The window stays open with the failure in words until the person closes it.
      const message = outcome.kind === 'failed' ? outcome.reason : `the ${started.method === 'device-code' ? 'code' : 'login page'} expired before the login was finished: start the login again`;
      surface.show({ state: 'failed', provider, message });
      return loginFailed(new Error(message));
    }
  }
}

/**
 * One login in an app window, from the authorize page to the saved account: every address the window is about
 * to load passes through decideNavigation; the callback is caught and exchanged, a refusing sign-in page (or the
 * person's choice) moves the login to the system browser, closing the window cancels. The window itself is an
 * interface (LoginSurface) so this runs under plain Node in tests; login-window.ts is the Electron one.
 */
import { createLogger, type Account, type Config } from '../../proxy/index.js';
import { assertNever } from '../assert-never.js';
import type { EmbeddedRefusal } from '../desktop-providers.js';
import type { DesktopLoginTarget, WindowLoginAttempt, WindowLoginHandler } from './login-handler.js';
import { decideNavigation, refusalForPageText, type NavigationContext, type RequestFrame } from './login-navigation.js';
import { describeLoginError, loggedIn, loginFailed, type DesktopLoginOutcome } from './login-outcome.js';
import type { LoginView } from './login-view.js';

const log = createLogger('main/login/window');

/** What the window reports. Every method may be called at any time, also after the login is over. */
export interface LoginSurfaceEvents {
  /** The window is about to load `url` (navigation, redirect, popup, or a resource of the page). */
  request(url: string, frame: RequestFrame): 'allow' | 'cancel';
  /** A page finished loading; `text` is its title and visible text (refusal notices are only in the text). */
  pageLoaded(url: string, text: string): void;
  /** The provider's page could not be loaded, e.g. no network. */
  pageFailed(url: string, description: string): void;
  /** The person chose "Open in your browser instead". */
  fallbackRequested(): void;
  /** The window closed, by the person or by close(). */
  closed(): void;
}

/** The window as the flow drives it. Calls after the window closed are ignored. */
export interface LoginSurface {
  /** Loads the provider's page. */
  load(url: string): void;
  show(view: LoginView): void;
  close(): void;
}

export type OpenLoginSurface = (options: { title: string }, events: LoginSurfaceEvents) => LoginSurface;

export interface WindowLoginInput {
  provider: { name: string; refusals: readonly EmbeddedRefusal[] };
  handler: WindowLoginHandler;
  config: Config;
  openSurface: OpenLoginSurface;
  /** Opens the system browser for the fallback. */
  openExternal(url: string): Promise<void>;
  /** A new account (default), or a new login of an existing one. */
  target?: DesktopLoginTarget;
}

type Phase = 'signing-in' | 'finishing' | 'in-browser' | 'over';

export async function runWindowLogin(input: WindowLoginInput): Promise<DesktopLoginOutcome> {
  const target = input.target ?? { renews: null };
  let attempt: WindowLoginAttempt;
  try {
    attempt = await input.handler.start(input.config, target);
  } catch (error) {
    return loginFailed(error);
  }
  return new Promise<DesktopLoginOutcome>((resolve) => {
    const provider = input.provider.name;
    const context: NavigationContext = {
      callback: attempt.callback ? { redirectUri: attempt.callback.redirectUri, state: attempt.callback.state } : null,
      refusals: input.provider.refusals,
    };
    // Fires when the login is over, however: stops a browser login or a poll still waiting.
    const stop = new AbortController();
    let phase: Phase = 'signing-in';
    let surface: LoginSurface | null = null;

    const end = (outcome: DesktopLoginOutcome): boolean => {
      if (phase === 'over') return false;
      phase = 'over';
      stop.abort();
      resolve(outcome);
      return true;
    };
    const succeed = (account: Account): void => {
      if (end(loggedIn(account))) surface?.close();
    };
    // The window stays open with the failure in words until the person closes it.
    const fail = (error: unknown): void => {
      if (phase === 'over') return;
      surface?.show({ state: 'failed', provider, message: describeLoginError(error) });
      end(loginFailed(error));
    };
    const settle = (login: Promise<Account>): void => {
      login.then(succeed, fail);
    };

    const finish = (code: string): void => {
      const callback = attempt.callback;
      if (!callback) return;
      phase = 'finishing';
      surface?.show({ state: 'finishing', provider });
      settle(callback.finish(code));
    };

    const fallback = (reason: string | null): void => {
      if (phase !== 'signing-in') return;
      phase = 'in-browser';
      log.info({ reason: reason ?? 'the person asked' }, 'continuing the login in the system browser');
      surface?.show({ state: 'in-browser', provider, reason, url: null });
      const openExternal = async (url: string): Promise<void> => {
        if (phase === 'in-browser') surface?.show({ state: 'in-browser', provider, reason, url });
        await input.openExternal(url);
      };
      settle(input.handler.inBrowser(input.config, { openExternal, signal: stop.signal }, target));
    };

    const events: LoginSurfaceEvents = {
      request(url, frame) {
        const decision = decideNavigation(url, frame, context);
        switch (decision.action) {
          case 'continue':
            return 'allow';
          case 'block':
            log.debug({ frame, reason: decision.reason }, 'blocked a request of the login window');
            return 'cancel';
          case 'finish':
            // The same redirect can be reported twice (navigation event and network request): act once.
            if (phase === 'signing-in') finish(decision.code);
            return 'cancel';
          case 'fail':
            if (phase === 'signing-in') fail(decision.error);
            return 'cancel';
          case 'fallback':
            fallback(decision.reason);
            return 'cancel';
          default:
            return assertNever(decision, 'navigation decision');
        }
      },
      pageLoaded(_url, text) {
        if (phase !== 'signing-in') return;
        const refusal = refusalForPageText(text, input.provider.refusals);
        if (refusal) fallback(refusal.reason);
      },
      pageFailed(_url, description) {
        if (phase !== 'signing-in') return;
        surface?.show({ state: 'signing-in', provider, notice: `The page did not load (${description}). Check the connection, or open it in your browser instead.` });
      },
      fallbackRequested() {
        fallback(null);
      },
      closed() {
        // The code is being exchanged: let that finish and save the account rather than waste the login.
        if (phase === 'finishing') return;
        end({ status: 'cancelled' });
      },
    };

    try {
      surface = input.openSurface({ title: `Log in to ${provider} — Switchboard` }, events);
    } catch (error) {
      end(loginFailed(error));
      return;
    }
    surface.show({ state: 'signing-in', provider });
    surface.load(attempt.url);
    if (attempt.completion) settle(attempt.completion(stop.signal));
  });
}

import { createServer, type Server, type ServerResponse } from 'node:http';
import ms from 'ms';
import { LoginError } from '../login-error.js';
import { page } from './login-pages.js';
import { cliCommand } from '../../cli-command.js';

/** The way around a callback that cannot be received, for the CLI and the dashboard alike. */
const MANUAL_LOGIN = `use the manual login: \`${cliCommand('login anthropic --manual')}\`, or "Add a Claude account" in the dashboard`;

/** The local listener of the automatic login: catches the browser's redirect to `redirect-uri`, on loopback only. */
export interface LoopbackTarget {
  host: string;
  port: number;
  path: string;
  redirectUri: string;
}

export interface ReceivedCallback {
  params: URLSearchParams;
  /** Answers the browser; resolves once the page has been handed to the network. */
  respond(status: number, html: string): Promise<void>;
}

export interface CallbackListener {
  /** The first request to the callback path. */
  callback: Promise<ReceivedCallback>;
  close(): Promise<void>;
}

/** Where to listen for `redirect-uri`: its port and path, on the loopback interface only. */
export function loopbackTarget(redirectUri: string): LoopbackTarget {
  const url = new URL(redirectUri);
  const host = loopbackAddress(url.hostname);
  if (url.protocol !== 'http:' || host === null) {
    throw new LoginError(
      `the automatic login needs a redirect-uri on this computer (http://localhost:<port>/…), not ${redirectUri}: fix providers.anthropic.oauth.redirect-uri or ${MANUAL_LOGIN}`,
    );
  }
  return { host, port: url.port ? Number(url.port) : 80, path: url.pathname, redirectUri };
}

function loopbackAddress(hostname: string): string | null {
  if (hostname === 'localhost' || hostname === '127.0.0.1') return '127.0.0.1';
  if (hostname === '[::1]') return '::1';
  return null;
}

export async function listenForCallback(target: LoopbackTarget): Promise<CallbackListener> {
  let deliver: (callback: ReceivedCallback) => void = () => undefined;
  const callback = new Promise<ReceivedCallback>((resolve) => {
    deliver = resolve;
  });
  let delivered = false;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' || url.pathname !== target.path) {
      void sendPage(response, 404, page('Not found', "This address only receives Switchboard's login callback."));
      return;
    }
    if (delivered) {
      void sendPage(response, 409, page('Switchboard: login already handled', 'This login has already been answered: you can close this tab.'));
      return;
    }
    delivered = true;
    deliver({ params: url.searchParams, respond: (status, html) => sendPage(response, status, html) });
  });
  await listen(server, target);
  return { callback, close: () => closeServer(server) };
}

function listen(server: Server, target: LoopbackTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, target)));
    server.listen(target.port, target.host, () => resolve());
  });
}

function listenError(error: NodeJS.ErrnoException, target: LoopbackTarget): LoginError {
  const where = `${target.host}:${target.port}`;
  if (error.code === 'EADDRINUSE') {
    return new LoginError(
      `port ${target.port} is already in use (another login still running, or another program), so the login callback (${target.redirectUri}) cannot be received: close that program, or ${MANUAL_LOGIN}`,
      { cause: error },
    );
  }
  if (error.code === 'EACCES') {
    return new LoginError(`not allowed to listen on ${where} for the login callback: ${MANUAL_LOGIN}`, { cause: error });
  }
  return new LoginError(`could not listen on ${where} for the login callback (${error.message}): ${MANUAL_LOGIN}`, { cause: error });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // The browser keeps its connection alive; the page has been sent by now, so cut it.
    server.closeAllConnections();
  });
}

export function waitForCallback(callback: Promise<ReceivedCallback>, timeoutMs: number, signal: AbortSignal | undefined): Promise<ReceivedCallback> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const timer = setTimeout(() => {
      const waited = ms(timeoutMs, { long: true });
      finish(() =>
        reject(new LoginError(`no answer came back from the browser within ${waited}: run the login again (or, if the browser cannot reach this computer, ${MANUAL_LOGIN})`)),
      );
    }, timeoutMs);
    const onAbort = (): void => finish(() => reject(new LoginError('the login was cancelled')));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    void callback.then((received) => finish(() => resolve(received)));
  });
}

function sendPage(response: ServerResponse, status: number, html: string): Promise<void> {
  return new Promise((resolve) => {
    response.once('close', () => resolve());
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      connection: 'close',
    });
    response.end(html, () => resolve());
  });
}

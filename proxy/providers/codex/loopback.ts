/**
 * The loopback listener of the Codex browser login (PROTOCOLS.md §2 "Login A"): the client has only two redirects
 * registered, http://localhost:1455/auth/callback and the same on 1457. A login server left on 1455 (a stale Codex
 * or Switchboard login) is asked to stop with `GET /cancel`, retried 10 × 200 ms, before falling back to 1457 — as
 * codex-rs does. Our own listener answers `/cancel` the same way, so a later login can take its port.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoginError } from '../login-error.js';

export interface CodexCallback {
  params: URLSearchParams;
  respond(status: number, html: string): Promise<void>;
}

export interface CodexListener {
  redirectUri: string;
  /** The first request to the callback path; rejects when the listener is cancelled. */
  callback: Promise<CodexCallback>;
  close(): Promise<void>;
}

const CANCEL_RETRIES = 10;
const CANCEL_RETRY_MS = 200;

export async function listenOnRegisteredPort(ports: readonly number[], callbackPath: string, deps: { fetch?: typeof fetch } = {}): Promise<CodexListener> {
  const problems: string[] = [];
  for (const [index, port] of ports.entries()) {
    const listener = await tryListen(port, callbackPath);
    if (listener) return listener;
    // The first port is taken: maybe by a login server that was never closed. Ask it to stop, and wait for it.
    if (index === 0) {
      await askToCancel(port, deps.fetch ?? fetch);
      for (let attempt = 0; attempt < CANCEL_RETRIES; attempt++) {
        await sleep(CANCEL_RETRY_MS);
        const retried = await tryListen(port, callbackPath);
        if (retried) return retried;
      }
    }
    problems.push(`port ${port} is in use`);
  }
  throw new LoginError(
    `the login callback cannot be received: ${problems.join(', ')} (OpenAI only accepts the redirect on ${ports.join(' or ')}). Close the program that holds them (another Codex login?), or log in with --manual`,
  );
}

async function askToCancel(port: number, fetchImpl: typeof fetch): Promise<void> {
  try {
    await fetchImpl(`http://127.0.0.1:${port}/cancel`, { signal: AbortSignal.timeout(2000) });
  } catch {
    // Whatever holds the port is not a login server that listens for /cancel: fall back to the next port.
  }
}

function tryListen(port: number, callbackPath: string): Promise<CodexListener | null> {
  let deliver: (callback: CodexCallback) => void = () => undefined;
  let cancel: (error: Error) => void = () => undefined;
  const callback = new Promise<CodexCallback>((resolve, reject) => {
    deliver = resolve;
    cancel = reject;
  });
  callback.catch(() => undefined);
  let delivered = false;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && url.pathname === '/cancel') {
      void send(response, 200, 'Login cancelled').then(() => {
        cancel(new LoginError('the login was cancelled: another login took over its port'));
        void close(server);
      });
      return;
    }
    if (request.method !== 'GET' || url.pathname !== callbackPath || delivered) {
      void send(response, delivered ? 409 : 404, delivered ? 'This login has already been answered.' : "This address only receives Switchboard's login callback.");
      return;
    }
    delivered = true;
    deliver({ params: url.searchParams, respond: (status, html) => send(response, status, html) });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(null);
      else reject(new LoginError(`could not listen on 127.0.0.1:${port} for the login callback (${error.message}): log in with --manual`, { cause: error }));
    });
    server.listen(port, '127.0.0.1', () => resolve({ redirectUri: `http://localhost:${port}${callbackPath}`, callback, close: () => close(server) }));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function send(response: ServerResponse, status: number, html: string): Promise<void> {
  return new Promise((resolve) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'", connection: 'close' });
    response.end(html, () => resolve());
  });
}

import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import type { RecordedRequest } from './http-request.js';

/** What a test can do with every stand-in API, whatever protocol it speaks. */
export interface ScriptableStandIn<Fault> {
  url: string;
  /** Every request received, rejected ones too, in order. */
  requests: RecordedRequest[];
  failNext(...faults: Fault[]): void;
  /** How many requests the client abandoned before their response finished. */
  readonly abortedRequests: number;
  /** Resolves once `count` requests in all have been abandoned by their client. */
  waitForAbortedRequests(count?: number): Promise<void>;
  /**
   * Stops listening and drops every open connection, so connecting is refused (ECONNREFUSED) until the function it
   * answers is called: then it listens on the same port again.
   */
  refuseConnections(): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A certificate and its key (PEM) for a stand-in to serve HTTPS with, e.g. from createTestCertificates. */
export interface StandInTls {
  cert: string;
  key: string;
}

/**
 * The server of a stand-in: plain HTTP unless it is given a certificate. Some clients refuse a plain-HTTP upstream
 * (the Codex CLI's workspace routing does), so a stand-in can answer them over TLS with a test CA they trust.
 */
export function createStandInServer(listener: RequestListener, tls?: StandInTls): Server {
  return tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createHttpServer(listener);
}

/** Listens on host:port (0: any free port) and answers the server's URL, https when it serves TLS. */
export async function listenStandIn(server: Server, port: number, host: string, secure: boolean): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { address, port: boundPort } = server.address() as AddressInfo;
  return `${secure ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${boundPort}`;
}

/**
 * What every stand-in API does the same as a server, whatever it answers: listens, closes, refuses connections on
 * request (as an upstream that is down does), queues the faults a test scripts for its next model requests, and
 * counts the requests their client abandoned.
 */
export abstract class StandInServer<Fault> implements ScriptableStandIn<Fault> {
  url = '';
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly faults: Fault[] = [];
  private aborted = 0;
  private abortWaiters: { count: number; resolve: () => void }[] = [];

  /** tls: serve HTTPS with this certificate (default: plain HTTP). */
  constructor(private readonly tls?: StandInTls) {
    this.server = createStandInServer((req, res) => {
      res.on('close', () => {
        if (!res.writableFinished) this.countAbort();
      });
      void this.handle(req, res);
    }, tls);
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** The fault scripted for this model request, if any. */
  protected nextFault(): Fault | undefined {
    return this.faults.shift();
  }

  get abortedRequests(): number {
    return this.aborted;
  }

  waitForAbortedRequests(count = 1): Promise<void> {
    if (this.aborted >= count) return Promise.resolve();
    return new Promise((resolve) => this.abortWaiters.push({ count, resolve }));
  }

  async listen(port: number, host: string): Promise<void> {
    this.url = await listenStandIn(this.server, port, host, this.tls !== undefined);
  }

  async refuseConnections(): Promise<() => Promise<void>> {
    const { address, port } = this.server.address() as AddressInfo;
    await this.close();
    return () => this.listen(port, address);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private countAbort(): void {
    this.aborted += 1;
    const ready = this.abortWaiters.filter((waiter) => waiter.count <= this.aborted);
    this.abortWaiters = this.abortWaiters.filter((waiter) => waiter.count > this.aborted);
    for (const waiter of ready) waiter.resolve();
  }
}

import { connect } from 'node:net';

/** What came back on one raw connection. */
export interface RawExchange {
  /** Every byte the server sent, as text. */
  text: string;
  /** True when the server closed the connection (false: still open when the test stopped waiting). */
  closedByServer: boolean;
}

export interface RawAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface SendRawOptions {
  /** Sent one after the other, `gapMs` apart (a client that trickles its request). */
  gapMs?: number;
  /** Stop waiting for the server to close after this long (the exchange then says closedByServer: false). */
  waitMs?: number;
}

/**
 * Opens a TCP connection to the server of `baseUrl`, writes `parts` as they are — bytes no HTTP client library
 * would send — and reads until the server closes the connection.
 */
export function sendRaw(baseUrl: string, parts: (string | Buffer)[], options: SendRawOptions = {}): Promise<RawExchange> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    const received: Buffer[] = [];
    let closed = false;
    const done = () => {
      clearTimeout(timer);
      clearInterval(writer);
      resolve({ text: Buffer.concat(received).toString('utf8'), closedByServer: closed });
    };
    socket.on('data', (chunk) => received.push(chunk));
    // The server may answer and close before the whole request is written (headers over the limit): not a failure.
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      done();
    });
    const timer = setTimeout(() => {
      socket.removeAllListeners('close');
      socket.destroy();
      done();
    }, options.waitMs ?? 10_000);
    let next = 0;
    const writeNext = () => {
      if (next < parts.length && !socket.destroyed) socket.write(parts[next++]!);
    };
    const writer = setInterval(writeNext, options.gapMs ?? 0);
    socket.once('connect', writeNext);
  });
}

/** The first HTTP response in an exchange's text. */
export function parseAnswer(text: string): RawAnswer {
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(split + 4);
  if (headers['content-length'] !== undefined) body = Buffer.from(body).subarray(0, Number(headers['content-length'])).toString('utf8');
  else if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status, headers, body };
}

/** The body of a chunked message (ASCII text: the sizes count bytes). */
function dechunk(text: string): string {
  let rest = text;
  let body = '';
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return body;
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/**
 * One fuzz case on the wire, through node:http rather than fetch: the path goes out exactly as generated (fetch
 * would normalise `..`, `//` and percent-escapes away), and so do headers such as Host and Content-Encoding.
 */
export interface FuzzRequest {
  baseUrl: string;
  method: string;
  /** Path and query string, sent as they are. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Send the body with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

export interface Answer {
  /** 0 when no HTTP answer came (see `transportError`). */
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than MAX_ANSWER_BYTES; only the start was kept. */
  truncated: boolean;
  /** Why there is no answer: the connection broke or nothing came in time. */
  transportError: string | null;
  json(): unknown;
}

/** Larger than any answer a request of the fuzzer should get (the admin API's pages are capped far below). */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** Longer than any case needs (the stand-in answers at once): a request still open then is a hung request. */
const ANSWER_TIMEOUT_MS = 60_000;

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export function sendCase(fuzz: FuzzRequest): Promise<Answer> {
  const base = new URL(fuzz.baseUrl);
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const settle = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const failed = (problem: string) => settle(answerOf(0, {}, [], false, problem));
    const timer = setTimeout(() => {
      failed(`no answer within ${ANSWER_TIMEOUT_MS / 1000}s`);
      outgoing.destroy();
    }, ANSWER_TIMEOUT_MS);
    // Framing stated outright: node:http sends a GET's body without either, and the server would read it as the next request.
    const framing: Record<string, string> = fuzz.body === null ? {} : fuzz.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(fuzz.body.length) };
    const outgoing = request(
      { agent, host: base.hostname, port: base.port, method: fuzz.method, path: fuzz.path, headers: { ...fuzz.headers, ...framing }, setHost: !hasHeader(fuzz.headers, 'host') },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        incoming.on('data', (chunk: Buffer) => {
          if (size >= MAX_ANSWER_BYTES) {
            truncated = true;
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        incoming.on('end', () => settle(answerOf(incoming.statusCode ?? 0, incoming.headers, chunks, truncated, null)));
        incoming.on('error', (error) => failed(`the answer broke off after ${size} bytes: ${error.message}`));
        incoming.on('aborted', () => failed(`the answer broke off after ${size} bytes`));
      },
    );
    // An answer that came before the whole body was sent (a 413, say) may be followed by a reset: the answer counts.
    outgoing.on('error', (error) => failed(`the connection failed: ${error.message}`));
    if (fuzz.body && fuzz.chunked) {
      outgoing.write(fuzz.body);
      outgoing.end();
    } else outgoing.end(fuzz.body ?? undefined);
  });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function answerOf(status: number, headers: IncomingHttpHeaders, chunks: Buffer[], truncated: boolean, transportError: string | null): Answer {
  const body = Buffer.concat(chunks);
  return {
    status,
    headers,
    body,
    truncated,
    transportError,
    json: () => JSON.parse(body.toString('utf8')) as unknown,
  };
}

/** Closes the kept-alive sockets, so the test process can end. */
export function closeConnections(): void {
  agent.destroy();
}

import { once } from 'node:events';
import { maxHeaderSize, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Request, Response } from 'express';
import { createLogger } from '../log.js';
import { ApiError } from './api-error.js';
import type { ConnectionTracker } from './connection-tracker.js';
import { errorBody, errorShapeFor, sendApiError } from './error-shape.js';
import { newRequestId } from './security/request-id.js';

const log = createLogger('http/client-error');

/** How long a refused connection is still read (and dropped) after its answer, so closing it does not reset it first. */
const LINGER_MS = 2000;
/** Node's parser reasons are short fixed texts; this bounds anything else an error might carry. */
const REASON_LIMIT = 120;

export interface RequestTimeouts {
  headersMs: number;
  requestMs: number;
}

/**
 * What a request Node's HTTP parser refused, or did not receive in time, is told. The path is unknown (or the
 * request never reached a route), so the answer is in OpenAI's error shape, which every non-Anthropic path uses.
 */
export function clientErrorOf(error: NodeJS.ErrnoException & { reason?: string }, timeouts: RequestTimeouts, maxHeaderSize: number): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(431, 'request_too_large', `the request's headers are larger than ${Math.round(maxHeaderSize / 1024)} KB`, { code: 'headers_too_large' });
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError(413, 'request_too_large', 'the request body has chunk extensions larger than allowed', { code: 'request_too_large' });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(
        408,
        'invalid_request',
        `the request did not arrive in time: its headers must arrive within ${seconds(timeouts.headersMs)} and the whole request within ${seconds(timeouts.requestMs)} (config "timeouts.headers", "timeouts.request")`,
        { code: 'request_timeout' },
      );
    default: {
      const reason = (error.reason ?? error.message.replace(/^Parse Error: /, '')).slice(0, REASON_LIMIT);
      return new ApiError(400, 'invalid_request', `malformed HTTP request: ${reason}`, { code: 'malformed_request' });
    }
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/** Errors of the parser and of the request timeouts; anything else (ECONNRESET, EPIPE…) is a connection already gone. */
function isAnswerable(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || (error.code?.startsWith('HPE_') ?? false);
}

/** A whole HTTP/1.1 response with a JSON error body, for a socket no ServerResponse exists for. */
function rawAnswer(error: ApiError, requestId: string): string {
  const body = JSON.stringify(errorBody(error, 'openai', requestId));
  const head = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${requestId}`,
    'connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** Sends the answer, then closes: the client's remaining bytes are read and dropped meanwhile (no reset before it reads). */
function answerAndClose(socket: Duplex, error: ApiError): string {
  const requestId = newRequestId();
  socket.end(rawAnswer(error, requestId));
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
  return requestId;
}

/**
 * Every request Node's HTTP server refuses before Express sees it — a NUL or other bad byte in a header, headers
 * over the size limit, Transfer-Encoding with Content-Length, two Content-Lengths, a request that does not arrive
 * within the timeouts, a CONNECT — is answered with a JSON error, a request id and `connection: close` instead of
 * Node's bare 400/431. Nothing of the request's bytes is logged.
 */
export function answerClientErrors(server: Server, connections: ConnectionTracker, timeouts: RequestTimeouts): void {
  const answered = new WeakSet<Duplex>();

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser stays in error: every further chunk the client sends raises the same error again.
    if (answered.has(socket)) return;
    answered.add(socket);
    // A connection that never sent a byte (a spare one a client opened) only times out: close it without a word,
    // as an idle keep-alive connection is closed, so no client can take the answer for its next request's.
    if (!isAnswerable(error) || !socket.writable || (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && (socket as Socket).bytesRead === 0)) {
      socket.destroy();
      return;
    }
    const apiError = clientErrorOf(error, timeouts, maxHeaderSize);
    const pending = connections.responsesOn(socket as Socket);
    const own = pending.length === 1 ? pending[0] : undefined;
    if (own && !own.headersSent && !(own.req as IncomingMessage).complete) {
      // The request whose body is malformed or late already has its ServerResponse (Express set it up when the
      // headers came): it is answered there, in its endpoint's shape.
      own.setHeader('connection', 'close');
      sendApiError(own as Response, apiError, errorShapeFor(own.req as Request));
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
      log.info({ requestId: (own as Response).locals.requestId, status: apiError.status, code: error.code }, 'request refused by the HTTP server');
      return;
    }
    if (pending.some((res) => !(res.req as IncomingMessage).complete)) {
      socket.destroy(); // a request still arriving has already been answered in part: nothing can be added cleanly
      return;
    }
    // The bad bytes follow requests still being answered (pipelined): their answers go first, whole, then this one.
    void Promise.all(pending.map((res) => (res.writableFinished || res.destroyed ? null : once(res, 'close')))).then(() => {
      if (!socket.writable) return socket.destroy();
      const requestId = answerAndClose(socket, apiError);
      log.info({ requestId, status: apiError.status, code: error.code }, 'request refused by the HTTP server');
    });
  });

  // Switchboard is not a forward proxy: a CONNECT would otherwise have its connection dropped without a word.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => {});
    const requestId = answerAndClose(socket, new ApiError(405, 'invalid_request', 'CONNECT is not served: Switchboard is not a proxy', { code: 'method_not_allowed' }));
    log.info({ requestId, status: 405, method: 'CONNECT' }, 'request refused by the HTTP server');
  });
}

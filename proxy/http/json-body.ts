import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { ApiError } from './api-error.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

/** A request whose body was read: `rawBody` holds its bytes as the client meant them (decompressed, UTF-8). */
export type RequestWithRawBody = IncomingMessage & { rawBody?: Buffer };

/**
 * The one JSON body parser of /v1 and /admin: every body is bounded here, before any handler or middleware sees
 * it. A body compressed with gzip, deflate or br (RFC 9110 §8.4) is inflated first, and the size limit applies
 * to what it inflates to; `rawBody` keeps the inflated bytes, which is what the passthrough forwards (without the
 * client's Content-Encoding). Only UTF-8 is read: JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1),
 * and the passthrough forwards the bytes as `application/json`. A body nested deeper than MAX_JSON_DEPTH is
 * refused from its bytes, before it is parsed: no request can make Switchboard build, or later walk, a
 * structure that overflows the stack.
 */
export function jsonBody(limit: string | number): RequestHandler {
  return express.json({
    limit,
    type: () => true,
    verify: (req: RequestWithRawBody, _res, buffer, encoding) => {
      if (encoding !== 'utf-8') {
        throw new ApiError(415, 'invalid_request', `the request body must be UTF-8 JSON (RFC 8259); it says charset=${encoding}`);
      }
      if (nestsDeeperThan(buffer, MAX_JSON_DEPTH)) {
        throw new ApiError(400, 'invalid_request', `the request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep, the most Switchboard accepts`);
      }
      req.rawBody = buffer; // forwarded byte for byte when no edit is needed
    },
  });
}

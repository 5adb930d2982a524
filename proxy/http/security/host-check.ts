import { isIPv6 } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { ApiError, badRequest } from '../api-error.js';
import { errorShapeFor, sendApiError } from '../error-shape.js';
import { isLoopback, parseHost, type ParsedHost } from './host-header.js';
import { absoluteTargetOf } from './request-target.js';

/** A host name as config and URLs write it ("127.0.0.1", "::1", "[::1]", "localhost"), without a port. */
export function isLoopbackHost(host: string): boolean {
  const parsed = parseHost(isIPv6(host) ? `[${host}]` : host);
  return parsed !== null && parsed.port === null && isLoopback(parsed);
}

/** How much of a client's Host value an error message repeats. */
const ECHO_LIMIT = 100;

function quoted(value: string): string {
  return `"${value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value}"`;
}

/**
 * The host a request is addressed to: an absolute-form target's authority (RFC 9112 §3.2.2; request-target.ts
 * rewrote the target to origin form), else the Host header. A request without exactly one Host header, or whose
 * host is not a valid host[:port], is a 400 (RFC 9112 §3.2).
 */
function addressedHost(req: Request): { host: ParsedHost; text: string } | ApiError {
  const absolute = absoluteTargetOf(req);
  if (absolute && absolute.scheme !== 'http' && absolute.scheme !== 'https') return badRequest(`the request target names the scheme ${quoted(absolute.scheme)}: only http is served`);
  let hostLines = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hostLines++;
  if (hostLines === 0) return badRequest('the request has no Host header');
  if (hostLines > 1) return badRequest('the request has more than one Host header');
  const text = absolute?.authority ?? req.headers.host ?? '';
  const host = parseHost(text);
  if (!host) return badRequest(`${absolute ? 'the request target’s host' : 'Host'} ${quoted(text)} is not a valid host[:port]`);
  return { host, text };
}

/**
 * Every request must name a valid host. While bound to loopback, only requests addressed to a loopback host are
 * served: a web page whose domain was re-pointed at 127.0.0.1 (DNS rebinding) still sends its own name, and
 * gets 403. The parsed host is compared, never the raw text, so "localhost:1@evil" or "[::1]evil.com" cannot
 * pass for a loopback name.
 */
export function hostCheck(bindHost: string, extraAllowedHosts: readonly string[]): RequestHandler {
  const extra = new Set(extraAllowedHosts.map((host) => host.toLowerCase()));
  const enforce = isLoopbackHost(bindHost);
  return (req, res, next) => {
    const addressed = addressedHost(req);
    if (addressed instanceof ApiError) return sendApiError(res, addressed, errorShapeFor(req));
    const { host, text } = addressed;
    if (!enforce || isLoopback(host) || extra.has(host.name) || (host.port !== null && extra.has(`${host.name}:${host.port}`))) return next();
    sendApiError(
      res,
      new ApiError(403, 'permission', `Host ${quoted(text)} is not allowed: this server answers only to localhost addresses (add it to "allowed-hosts" if you proxy it on purpose)`),
      errorShapeFor(req),
    );
  };
}

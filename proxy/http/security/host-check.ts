import type { RequestHandler } from 'express';
import { ApiError } from '../api-error.js';
import { errorShapeFor, sendApiError } from '../error-shape.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The host name of a Host header value, without the port ("[::1]:8317" → "[::1]"). */
export function hostNameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.split(':')[0] ?? '';
}

/**
 * While bound to loopback, only requests addressed to a loopback name are served. A web page whose domain
 * was re-pointed at 127.0.0.1 (DNS rebinding) still sends its own name in Host, and gets 403.
 */
export function hostCheck(bindHost: string, extraAllowedHosts: readonly string[]): RequestHandler {
  const extra = new Set(extraAllowedHosts.map((host) => host.toLowerCase()));
  const enforce = isLoopbackHost(bindHost);
  return (req, res, next) => {
    if (!enforce) return next();
    const host = req.headers.host ?? '';
    const name = hostNameOf(host);
    if (isLoopbackHost(name) || extra.has(name) || extra.has(host.toLowerCase())) return next();
    sendApiError(
      res,
      new ApiError(403, 'permission', `Host "${host}" is not allowed: this server answers only to localhost addresses (add it to "allowed-hosts" if you proxy it on purpose)`),
      errorShapeFor(req),
    );
  };
}

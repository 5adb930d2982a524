import type { IncomingMessage } from 'node:http';

/** An absolute-form request target (RFC 9112 §3.2.2): scheme "://" authority, then the path and query. */
const ABSOLUTE_FORM = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is;

export interface AbsoluteTarget {
  scheme: string;
  authority: string;
}

const absoluteTargets = new WeakMap<IncomingMessage, AbsoluteTarget>();

/**
 * A target in absolute form ("POST http://host/v1/messages") names the request's host itself; the Host header is
 * then ignored (RFC 9112 §3.2.2). It is rewritten to origin form before Express reads it — Express keeps the
 * scheme and host of an absolute URL in front of every path it routes — so routes, error shapes, the log and the
 * ledger all see "/v1/messages". The scheme and authority are kept for the host check (host-check.ts).
 */
export function toOriginForm(req: IncomingMessage): IncomingMessage {
  const match = ABSOLUTE_FORM.exec(req.url ?? '');
  if (!match) return req;
  const [, scheme = '', authority = '', rest = ''] = match;
  absoluteTargets.set(req, { scheme: scheme.toLowerCase(), authority });
  req.url = rest.startsWith('/') ? rest : `/${rest}`;
  return req;
}

/** The scheme and authority of the request's absolute-form target; undefined when it came in origin form. */
export function absoluteTargetOf(req: IncomingMessage): AbsoluteTarget | undefined {
  return absoluteTargets.get(req);
}

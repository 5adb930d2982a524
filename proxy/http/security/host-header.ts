import { isIPv6 } from 'node:net';

/**
 * A host as RFC 3986 §3.2.2 defines it, with the optional port of a Host header (RFC 9110 §7.2):
 * `host = IP-literal / IPv4address / reg-name`, `Host = uri-host [ ":" port ]`.
 */
export interface ParsedHost {
  kind: 'ipv4' | 'ipv6' | 'reg-name';
  /** Lower case; an IPv6 address in brackets as written ("[::1]"). */
  name: string;
  /** The port as written, or null when there is none. */
  port: string | null;
}

/** dec-octet: 0–255 without leading zeros, so "127.0.0.256" and "0177.0.0.1" are not IPv4 addresses. */
const DEC_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_ADDRESS = new RegExp(`^${DEC_OCTET}(?:\\.${DEC_OCTET}){3}$`);
/** reg-name = *( unreserved / pct-encoded / sub-delims ); http forbids it empty (RFC 9110 §4.2.1). */
const REG_NAME = /^(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})+$/i;
const PORT = /^\d{0,5}$/;

/**
 * Parses a Host header value (or the authority of an absolute-form request target) strictly: anything but a
 * host and an optional port — userinfo ("localhost:1@evil"), text after an IPv6 literal ("[::1]evil.com"),
 * a zone id, spaces — is null. The caller compares `name`, never the raw text.
 */
export function parseHost(value: string): ParsedHost | null {
  let host: string;
  let rest: string;
  let kind: ParsedHost['kind'];
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) return null;
    const address = value.slice(1, close);
    // IPvFuture and zone ids ("fe80::1%eth0") are not accepted: no client addresses a server that way.
    if (address.includes('%') || !isIPv6(address)) return null;
    host = `[${address}]`;
    rest = value.slice(close + 1);
    kind = 'ipv6';
  } else {
    const colon = value.indexOf(':');
    host = colon < 0 ? value : value.slice(0, colon);
    rest = colon < 0 ? '' : value.slice(colon);
    if (IPV4_ADDRESS.test(host)) kind = 'ipv4';
    else if (REG_NAME.test(host)) kind = 'reg-name';
    else return null;
  }
  if (rest !== '' && !(rest.startsWith(':') && PORT.test(rest.slice(1)))) return null;
  const port = rest === '' ? null : rest.slice(1);
  if (port !== null && port !== '' && Number(port) > 65535) return null;
  return { kind, name: host.toLowerCase(), port };
}

/** True for a loopback address or the name localhost: 127.0.0.0/8, ::1 in any spelling, "localhost". */
export function isLoopback(host: ParsedHost): boolean {
  switch (host.kind) {
    case 'ipv4':
      return host.name.startsWith('127.');
    case 'ipv6':
      // The URL parser writes an IPv6 address in its one canonical form ("[0:0::1]" → "[::1]").
      return new URL(`http://${host.name}`).hostname === '[::1]';
    case 'reg-name':
      return host.name === 'localhost';
  }
}

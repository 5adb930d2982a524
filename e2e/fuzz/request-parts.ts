/**
 * Everything of a request besides its JSON: who sends it and how the key is presented, the headers (odd
 * content-types and charsets, content-encodings that lie, foreign Origins and Hosts, unknown headers), variants
 * of the path, and how the body's bytes are framed.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Caller } from './fuzz-stack.js';

export const caller: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('owner' as const) },
  { weight: 2, arbitrary: fc.constant('admin' as const) },
  { weight: 3, arbitrary: fc.constant('client' as const) },
  { weight: 1, arbitrary: fc.constant('stranger' as const) },
  { weight: 1, arbitrary: fc.constant('none' as const) },
);

/** How the key travels: Claude Code sends `Authorization: Bearer`, the SDKs `x-api-key`, some both. */
export type KeyPlacement = 'x-api-key' | 'bearer' | 'both' | 'lowercase-bearer' | 'with-stranger' | 'padded';
export const keyPlacement: fc.Arbitrary<KeyPlacement> = fc.constantFrom('x-api-key', 'bearer', 'bearer', 'both', 'lowercase-bearer', 'with-stranger', 'padded');

export function keyHeaders(key: string | undefined, placement: KeyPlacement, stranger: string): Record<string, string> {
  if (key === undefined) return {};
  switch (placement) {
    case 'x-api-key':
      return { 'x-api-key': key };
    case 'bearer':
      return { authorization: `Bearer ${key}` };
    case 'both':
      return { 'x-api-key': key, authorization: `Bearer ${key}` };
    case 'lowercase-bearer':
      return { authorization: `bearer ${key}` };
    case 'with-stranger':
      return { 'x-api-key': stranger, authorization: `Bearer ${key}` };
    case 'padded':
      return { authorization: `Bearer   ${key}  ` };
  }
}

/** A header value node:http will send: visible ASCII, space, tab and Latin-1 (never CR, LF or NUL: that is the HTTP parser's fight). */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('\t', ' ', 'é', 'ÿ', '\u0080', 'a', ',', ';', '='), maxLength: 20 }),
  fc.constantFrom('', ' ', 'x'.repeat(4000)),
);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);

export interface HeaderPlan {
  contentType: string | null;
  anthropicVersion: string | null;
  anthropicBeta: string | null;
  origin: string | null;
  /** Null: the real one (127.0.0.1:port). */
  host: string | null;
  accept: string | null;
  expectContinue: boolean;
  extra: [string, string][];
}

export const headerPlan: fc.Arbitrary<HeaderPlan> = fc.record({
  contentType: fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        null,
        'application/json; charset=utf-8',
        'application/json; charset=UTF-8',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/json; charset=x-unknown',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/json, text/plain',
        '*/*',
        ';',
        'application/json; charset=',
      ),
    },
    { weight: 1, arbitrary: headerValue },
  ),
  anthropicVersion: fc.oneof({ weight: 8, arbitrary: fc.constant('2023-06-01') }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: headerValue }),
  anthropicBeta: fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom('prompt-caching-2024-07-31', 'oauth-2025-04-20', 'claude-code-20250219,interleaved-thinking-2025-05-14', ',,', 'x'.repeat(3000)) },
    { weight: 1, arbitrary: headerValue },
  ),
  origin: fc.oneof(
    { weight: 10, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom('http://localhost:5173', 'http://127.0.0.1', 'https://evil.example', 'null', 'file://', 'http://localhost.evil.example') },
    { weight: 1, arbitrary: headerValue },
  ),
  host: fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom('localhost', '127.0.0.1', '[::1]', 'LOCALHOST', 'evil.example', 'localhost.evil.example', '') },
    { weight: 1, arbitrary: headerValue },
  ),
  accept: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('application/json', 'text/event-stream', '*/*', 'text/html', 'image/png') }, { weight: 1, arbitrary: headerValue }),
  expectContinue: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  extra: fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }),
});

/** Headers the request line and framing own: an extra header by such a name would only confuse node:http's client. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'host', 'expect', 'content-encoding', 'content-type', 'authorization', 'x-api-key', 'upgrade', 'te', 'trailer', 'keep-alive']);

export function planHeaders(plan: HeaderPlan, port: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of plan.extra) if (!FRAMING_HEADERS.has(name)) headers[name] = value;
  if (plan.contentType !== null) headers['content-type'] = plan.contentType;
  if (plan.anthropicVersion !== null) headers['anthropic-version'] = plan.anthropicVersion;
  if (plan.anthropicBeta !== null) headers['anthropic-beta'] = plan.anthropicBeta;
  if (plan.origin !== null) headers.origin = plan.origin;
  if (plan.host !== null) headers.host = /^(localhost|127\.0\.0\.1|\[::1\]|LOCALHOST)$/.test(plan.host) ? `${plan.host}:${port}` : plan.host;
  if (plan.accept !== null) headers.accept = plan.accept;
  if (plan.expectContinue) headers.expect = '100-continue';
  return headers;
}

/** Where the path differs from the endpoint's own: how clients and attackers mistype or disguise it. */
export type PathVariant =
  | { kind: 'as-is' }
  | { kind: 'trailing-slash' }
  | { kind: 'upper-case' }
  | { kind: 'double-slash'; at: number }
  | { kind: 'percent-encoded'; at: number }
  | { kind: 'encoded-slash'; at: number }
  | { kind: 'sub-path'; segment: string }
  | { kind: 'dot-segments' }
  | { kind: 'semicolon' };

export const pathVariant: fc.Arbitrary<PathVariant> = fc.oneof(
  { weight: 20, arbitrary: fc.constant({ kind: 'as-is' as const }) },
  {
    weight: 4,
    arbitrary: fc.oneof(
      fc.constant({ kind: 'trailing-slash' as const }),
      fc.constant({ kind: 'upper-case' as const }),
      fc.record({ kind: fc.constant('double-slash' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('percent-encoded' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('encoded-slash' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('sub-path' as const), segment: fc.constantFrom('x', '..', '%2e%2e', 'count_tokens', '..%2F..%2Fadmin', '%00', 'a'.repeat(2000)) }),
      fc.constant({ kind: 'dot-segments' as const }),
      fc.constant({ kind: 'semicolon' as const }),
    ),
  },
);

/** The path as the variant sends it (only characters an HTTP request line may carry). */
export function variedPath(path: string, variant: PathVariant): string {
  const slashes = [...path.matchAll(/\//g)].map((match) => match.index);
  const letters = [...path.matchAll(/[a-z]/g)].map((match) => match.index);
  switch (variant.kind) {
    case 'as-is':
      return path;
    case 'trailing-slash':
      return `${path}/`;
    case 'upper-case':
      return path.toUpperCase();
    case 'double-slash': {
      const at = slashes[variant.at % slashes.length]!;
      return `${path.slice(0, at)}/${path.slice(at)}`;
    }
    case 'percent-encoded': {
      const at = letters[variant.at % letters.length]!;
      return `${path.slice(0, at)}%${path.charCodeAt(at).toString(16)}${path.slice(at + 1)}`;
    }
    case 'encoded-slash': {
      const at = slashes[variant.at % slashes.length]!;
      return at === 0 ? path : `${path.slice(0, at)}%2F${path.slice(at + 1)}`;
    }
    case 'sub-path':
      return `${path}/${variant.segment}`;
    case 'dot-segments':
      return `/v1/../${path.slice(1)}`;
    case 'semicolon':
      return `${path};x=1`;
  }
}

/** How the body's bytes go out: as JSON text, or disguised, damaged or replaced. */
export type BodyFraming =
  | { kind: 'json' }
  | { kind: 'chunked' }
  | { kind: 'bom' }
  | { kind: 'truncated'; at: number }
  | { kind: 'utf16' }
  | { kind: 'compressed'; encoding: 'gzip' | 'deflate' | 'br' }
  | { kind: 'claims-encoding'; encoding: string }
  | { kind: 'empty' }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'text'; text: string };

export const bodyFraming: fc.Arbitrary<BodyFraming> = fc.oneof(
  { weight: 30, arbitrary: fc.constant({ kind: 'json' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'chunked' as const }) },
  {
    weight: 8,
    arbitrary: fc.oneof(
      fc.constant({ kind: 'bom' as const }),
      fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }),
      fc.constant({ kind: 'utf16' as const }),
      fc.record({ kind: fc.constant('compressed' as const), encoding: fc.constantFrom('gzip' as const, 'deflate' as const, 'br' as const) }),
      fc.record({ kind: fc.constant('claims-encoding' as const), encoding: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'zstd', 'gzip, gzip', 'x-unknown', 'GZIP', '') }),
      fc.constant({ kind: 'empty' as const }),
      fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
      fc.record({ kind: fc.constant('text' as const), text: fc.constantFrom('null', '[]', '"text"', '0', 'true', 'model=x&max_tokens=1', '{', '{"a":1}}', '{"a":1,}', "{'a':1}", '{"a":NaN}') }),
    ),
  },
);

export interface FramedBody {
  bytes: Buffer | null;
  contentEncoding: string | null;
  /** A charset the bytes really are in (the content-type is then made to say so). */
  charset: string | null;
  chunked: boolean;
}

export function frameBody(json: string | null, framing: BodyFraming): FramedBody {
  const plain = (bytes: Buffer | null): FramedBody => ({ bytes, contentEncoding: null, charset: null, chunked: false });
  const text = json ?? '';
  switch (framing.kind) {
    case 'json':
      return plain(json === null ? null : Buffer.from(text));
    case 'chunked':
      return { ...plain(Buffer.from(text)), chunked: true };
    case 'bom':
      return plain(Buffer.from(`\ufeff${text}`));
    case 'truncated':
      return plain(Buffer.from(text).subarray(0, text.length === 0 ? 0 : framing.at % text.length));
    case 'utf16':
      return { ...plain(Buffer.from(text, 'utf16le')), charset: 'utf-16le' };
    case 'compressed': {
      const compress = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[framing.encoding];
      return { ...plain(compress(Buffer.from(text))), contentEncoding: framing.encoding };
    }
    case 'claims-encoding':
      return { ...plain(Buffer.from(text)), contentEncoding: framing.encoding };
    case 'empty':
      return plain(Buffer.alloc(0));
    case 'bytes':
      return plain(Buffer.from(framing.bytes));
    case 'text':
      return plain(Buffer.from(framing.text));
  }
}

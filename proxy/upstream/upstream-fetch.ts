/**
 * fetch's contract over undici's `request()`: the fetch every call to a provider goes through by default. WHATWG
 * fetch builds a Request, runs the whole fetch algorithm and hands the body through its controllers; measured on
 * the bench's small streaming request, that costs ~220 µs of CPU more than this (README, "Performance"). What the proxy relies on stays as fetch does it: the same default request headers
 * in the same order (an upstream sees no difference), string and form bodies typed as fetch types them, the answer's
 * content codings decoded, the signal's reason as the rejection, failures as `TypeError('fetch failed', { cause })`,
 * a body that breaks off as `TypeError('terminated', { cause })`, and `redirect: 'error'` refusing the redirect
 * statuses. What it does not do — follow redirects, Request objects, FormData and Blob bodies — goes to fetch itself.
 */
import { pipeline, Readable, Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { request } from 'undici';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

type Body = string | Uint8Array | Readable | null;

export const upstreamFetch: typeof fetch = async (input, init = {}) => {
  const body = ownBody(init.body);
  const redirect = init.redirect ?? 'follow';
  if (input instanceof Request || body === undefined || redirect === 'follow') return fetch(input, init);
  const url = input instanceof URL ? input : new URL(input);
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = requestHeaders(url, init.headers, init.body, body);
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();

  let answer: Awaited<ReturnType<typeof request>>;
  try {
    answer = await request(url, { method: method as 'GET', headers, body: body.body, signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
  if (redirect === 'error' && REDIRECT_STATUSES.has(answer.statusCode)) {
    release(answer.body);
    throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
  }
  const responseHeaders = toHeaders(answer.headers);
  const hasBody = method !== 'HEAD' && method !== 'CONNECT' && !NULL_BODY_STATUSES.has(answer.statusCode);
  if (!hasBody) release(answer.body);
  const decoded = hasBody ? decode(answer.body, responseHeaders.get('content-encoding')) : null;
  return new Response(decoded && webStream(decoded, signal), { status: answer.statusCode, headers: responseHeaders });
};

/** Lets go of an answer's body nobody reads (its socket is freed; destroying it raises an error nobody needs). */
function release(body: Readable): void {
  body.on('error', () => {}).destroy();
}

/** The body as undici sends it (with the content type fetch would give it), or undefined for what only fetch takes. */
function ownBody(body: RequestInit['body']): { body: Body; contentType?: string } | undefined {
  if (body === undefined || body === null) return { body: null };
  if (typeof body === 'string') return { body, contentType: 'text/plain;charset=UTF-8' };
  if (body instanceof URLSearchParams) return { body: body.toString(), contentType: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof Uint8Array) return { body };
  if (body instanceof ArrayBuffer) return { body: new Uint8Array(body) };
  if (body instanceof ReadableStream) return { body: Readable.fromWeb(body as WebReadableStream) };
  return undefined;
}

/** The caller's headers as they were named and ordered (fetch sends them so), then the ones fetch adds when missing. */
function requestHeaders(url: URL, given: RequestInit['headers'], rawBody: RequestInit['body'], body: { contentType?: string }): Record<string, string> {
  const valid = new Headers(given); // fetch's checks of names and values, and its joining of repeated names
  const headers: Record<string, string> = {};
  const named = new Set<string>();
  const add = (name: string, value: string) => {
    named.add(name.toLowerCase());
    headers[name] = value;
  };
  for (const [name] of givenEntries(given)) if (!named.has(name.toLowerCase())) add(name, valid.get(name)!);
  if (body.contentType && rawBody !== undefined && !named.has('content-type')) add('content-type', body.contentType);
  const defaults: [string, string][] = [
    ['accept', '*/*'],
    ['accept-language', '*'],
    ['sec-fetch-mode', 'cors'],
    ['user-agent', 'node'],
    ['accept-encoding', url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate'],
  ];
  for (const [name, value] of defaults) if (!named.has(name)) add(name, value);
  return headers;
}

function givenEntries(given: RequestInit['headers']): Iterable<[string, string]> {
  if (!given) return [];
  if (given instanceof Headers) return given.entries();
  if (Array.isArray(given)) return given as [string, string][];
  return Object.entries(given as Record<string, string>);
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/** The answer's content codings undone, last applied first; a coding fetch does not know leaves the body as it came. */
function decode(body: Readable, contentEncoding: string | null): Readable {
  if (!contentEncoding) return body;
  const decoders: Transform[] = [];
  for (const coding of contentEncoding.toLowerCase().split(',').map((each) => each.trim()).filter(Boolean).reverse()) {
    const decoder = decoderFor(coding);
    if (!decoder) return body;
    decoders.push(decoder);
  }
  return decoders.length === 0 ? body : (pipeline([body, ...decoders], () => {}) as unknown as Readable);
}

const FLUSH = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };

function decoderFor(coding: string): Transform | null {
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip(FLUSH);
  if (coding === 'br') return createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH });
  if (coding === 'deflate') return inflateEitherWay();
  return null;
}

/** HTTP's "deflate" is zlib-wrapped by the standard and raw from some servers: the first byte says which. */
function inflateEitherWay(): Transform {
  let inflater: Transform | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!inflater) {
        inflater = (chunk[0]! & 0x0f) === 0x08 ? createInflate(FLUSH) : createInflateRaw(FLUSH);
        inflater.on('data', (data: Buffer) => this.push(data));
        inflater.on('error', (error: Error) => this.destroy(error));
      }
      inflater.write(chunk, () => done());
    },
    flush(done) {
      if (!inflater) return done();
      inflater.once('end', () => done());
      inflater.end();
    },
  });
}

/** The Node stream as the web stream a Response holds: read on demand, its failures as fetch reports them. */
function webStream(body: Readable, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(signal?.aborted ? signal.reason : new TypeError('terminated', { cause: error }));
      }
    },
    cancel() {
      release(body);
    },
  });
}

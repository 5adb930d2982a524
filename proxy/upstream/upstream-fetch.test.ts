import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamFetch } from './upstream-fetch.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const routes = new Map<string, Handler>();
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => (routes.get(new URL(req.url ?? '/', 'http://x').pathname) ?? echo)(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const echo: Handler = (req, res, body) => res.end(JSON.stringify({ method: req.method, rawHeaders: req.rawHeaders, body }));
const route = (path: string, handler: Handler) => (routes.set(path, handler), `${origin}${path}`);
const text = (body: string | Buffer, headers: Record<string, string> = {}): Handler => (_req, res) => (res.writeHead(200, headers), res.end(body));

describe('upstreamFetch, fetch over undici.request', () => {
  it.each([
    ['a string body', { method: 'POST', headers: { 'x-api-key': 'k', 'Content-Type': 'application/json' }, body: '{"a":1}', redirect: 'error' }],
    ['a string body without a type', { method: 'POST', body: 'hi', redirect: 'error' }],
    ['a form body', { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token' }), redirect: 'error' }],
    ['no body', { headers: [['accept', 'application/json']], redirect: 'manual' }],
    ['a name given twice, in two cases', { method: 'POST', headers: [['X-Beta', 'a'], ['x-beta', 'b']], body: new Uint8Array([1, 2]), redirect: 'error' }],
  ] as [string, RequestInit][])('sends what fetch sends, the same headers in the same order: %s', async (_name, init) => {
    const url = route('/echo', echo);
    const [ours, theirs] = await Promise.all([upstreamFetch(url, init), fetch(url, init)]);
    expect(await ours.json()).toEqual(await theirs.json());
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
  ] as const)('decodes a %s body as fetch does', async (coding, compress) => {
    const plain = 'data: {"type":"ping"}\n\n'.repeat(200);
    const url = route(`/coded-${coding}-${compress.name}`, text(compress(Buffer.from(plain)), { 'content-encoding': coding, 'content-type': 'text/event-stream' }));
    const answer = await upstreamFetch(url, { redirect: 'error' });
    expect(await answer.text()).toBe(plain);
    expect(answer.headers.get('content-encoding')).toBe(coding);
  });

  it('leaves a body in a coding it does not know as it came', async () => {
    const url = route('/unknown-coding', text('raw bytes', { 'content-encoding': 'zstd-ish' }));
    expect(await (await upstreamFetch(url, { redirect: 'error' })).text()).toBe('raw bytes');
  });

  it('refuses a redirect status in redirect: "error" mode as fetch does, and passes any other 3xx on', async () => {
    const moved = route('/moved', (_req, res) => (res.writeHead(302, { location: 'https://elsewhere.example/' }), res.end('gone')));
    const error = await upstreamFetch(moved, { redirect: 'error' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as Error).message).toBe('unexpected redirect');
    const choices = route('/choices', (_req, res) => (res.writeHead(300), res.end('pick')));
    expect((await upstreamFetch(choices, { redirect: 'error' })).status).toBe(300);
    expect((await upstreamFetch(moved, { redirect: 'manual' })).status).toBe(302);
  });

  it('gives every header of the answer, a repeated one included, and no body where the status has none', async () => {
    const url = route('/cookies', (_req, res) => (res.setHeader('set-cookie', ['a=1', 'b=2']), res.writeHead(204), res.end()));
    const answer = await upstreamFetch(url, { redirect: 'error' });
    expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(answer.body).toBeNull();
    const head = await upstreamFetch(route('/head', text('body')), { method: 'HEAD', redirect: 'error' });
    expect(head.body).toBeNull();
  });

  it('fails to connect as fetch does: TypeError "fetch failed" with the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = (await upstreamFetch(`http://127.0.0.1:${port}/`, { redirect: 'error' }).catch((thrown: unknown) => thrown)) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('rejects with the signal\'s reason, before the answer and while its body is read', async () => {
    const silent = route('/silent', () => {});
    const early = new AbortController();
    const pending = upstreamFetch(silent, { redirect: 'error', signal: early.signal });
    early.abort(new Error('client left'));
    await expect(pending).rejects.toThrow('client left');

    const stalled = route('/stalled', (_req, res) => (res.writeHead(200, { 'content-type': 'text/event-stream' }), res.write('data: 1\n\n')));
    const late = new AbortController();
    const answer = await upstreamFetch(stalled, { redirect: 'error', signal: late.signal });
    const reader = answer.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: 1\n\n');
    const next = reader.read();
    late.abort(new Error('gave up'));
    await expect(next).rejects.toThrow('gave up');
  });

  it('reports a body that breaks off as fetch does: TypeError "terminated"', async () => {
    const url = route('/cut', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const answer = await upstreamFetch(url, { redirect: 'error' });
    const error = await answer.text().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
  });

  it('leaves following redirects to fetch itself', async () => {
    const target = route('/landing', text('landed'));
    const url = route('/hop', (_req, res) => (res.writeHead(307, { location: target }), res.end()));
    expect(await (await upstreamFetch(url)).text()).toBe('landed');
  });
});

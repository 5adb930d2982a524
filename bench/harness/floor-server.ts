/**
 * The floor under the proxy: what a Node server costs per request before any of Switchboard's own work. Four
 * variants of the same pass-through — body read and parsed as JSON, re-serialized, sent to the upstream, the
 * answer streamed back — differing only in the two libraries the proxy stands on: the server (`node:http` or
 * Express 5 with its JSON body parser) and the upstream call (undici's `request()` or WHATWG `fetch`). In a process
 * of its own (forked by the floor bench); sends its URL when it listens.
 */
import express from 'express';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export const FLOOR_VARIANTS = ['http + undici', 'http + fetch', 'express + undici', 'express + fetch'] as const;
export type FloorVariant = (typeof FLOOR_VARIANTS)[number];

const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'sk-bench-upstream-key', 'anthropic-version': '2023-06-01' };

async function viaUndici(url: string, body: string, res: ServerResponse): Promise<void> {
  const answer = await request(url, { method: 'POST', headers: HEADERS, body });
  res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'text/event-stream') });
  for await (const chunk of answer.body) res.write(chunk);
  res.end();
}

async function viaFetch(url: string, body: string, res: ServerResponse): Promise<void> {
  const answer = await fetch(url, { method: 'POST', headers: HEADERS, body, redirect: 'error' });
  res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/event-stream' });
  for await (const chunk of answer.body ?? []) res.write(chunk);
  res.end();
}

async function listen(variant: FloorVariant, upstream: string): Promise<string> {
  const call = variant.endsWith('undici') ? viaUndici : viaFetch;
  const fail = (res: ServerResponse) => () => (res.headersSent ? res.destroy() : res.writeHead(502).end());
  let server;
  if (variant.startsWith('express')) {
    const app = express();
    app.use(express.json({ limit: '32mb' }));
    app.post('/v1/messages', (req, res) => void call(upstream, JSON.stringify(req.body), res).catch(fail(res)));
    server = createServer(app);
  } else {
    server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (chunk: Buffer) => parts.push(chunk));
      req.on('end', () => void call(upstream, JSON.stringify(JSON.parse(Buffer.concat(parts).toString('utf8'))), res).catch(fail(res)));
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

if (process.send && process.argv[2] === 'floor') {
  process.send({ url: await listen(process.argv[3] as FloorVariant, process.argv[4] as string) });
}

/**
 * The practical limit for a Node proxy: a bare node:http server passing each request to its upstream with undici
 * and piping the answer back, nothing checked, nothing recorded. One listener per upstream, in a child process of
 * its own (`fork`) so /proc measures its CPU as it measures the proxy's. Sends its URLs when it listens.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the ones undici sets itself. */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection', 'host', 'content-length']);

function forwarded(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !NOT_FORWARDED.has(name)) kept[name] = value;
  return kept;
}

async function rawPassthrough(upstream: string): Promise<string> {
  const pool = new Pool(upstream, { connections: 1024, pipelining: 1 });
  const server = createServer((req, res) => {
    pool
      .request({ path: req.url ?? '/', method: req.method as 'POST', headers: forwarded(req.headers), body: req })
      .then(async (answer) => {
        res.writeHead(answer.statusCode, forwarded(answer.headers));
        await pipeline(answer.body, res);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

if (process.send && process.argv[2] === 'raw-proxy') {
  const upstreams = JSON.parse(process.argv[3] ?? '{}') as Record<string, string>;
  const urls = Object.fromEntries(await Promise.all(Object.entries(upstreams).map(async ([name, url]) => [name, await rawPassthrough(url)])));
  process.send({ urls });
}

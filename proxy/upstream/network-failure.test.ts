import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markingNetworkFailures, MAX_ERROR_BODY_BYTES, readUpstreamText, UpstreamNetworkError } from './network-failure.js';

describe('markingNetworkFailures', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/broken') {
        res.writeHead(500, { 'content-length': '100' });
        res.write('{"type":"error"', () => res.destroy());
        return;
      }
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const upstreamFetch = markingNetworkFailures(fetch);

  it('marks a refused connection as a network failure, with its cause in words', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await upstreamFetch(`http://127.0.0.1:${port}/`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect((error as Error).message).toMatch(/^fetch failed \(.*ECONNREFUSED/);
  });

  it("leaves fetch's refusals of the request's own arguments as they are: nothing was sent", async () => {
    const error = await upstreamFetch(url, { method: 'POST', headers: { upgrade: 'websocket' }, body: 'x' }).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(UpstreamNetworkError);
    expect((error as Error).cause).toMatchObject({ code: 'UND_ERR_INVALID_ARG' });
  });

  it('passes answers through, and marks a body that breaks off', async () => {
    expect(await (await upstreamFetch(url)).text()).toBe('ok');
    const broken = await upstreamFetch(`${url}/broken`);
    await expect(readUpstreamText(broken.body)).rejects.toBeInstanceOf(UpstreamNetworkError);
  });
});

describe('readUpstreamText', () => {
  /** A body of `chunks` chunks of 16 KiB, counting how many were read and whether the rest was released. */
  function body(chunks: number) {
    let pulled = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ < chunks) controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
        else controller.close();
      },
      cancel: () => void (cancelled = true),
    });
    return { stream, pulled: () => pulled, cancelled: () => cancelled };
  }

  it('reads a body up to the bound whole', async () => {
    const small = body(2);
    expect(await readUpstreamText(small.stream)).toEqual({ text: 'a'.repeat(32 * 1024), cut: false });
  });

  it('stops at the bound: a 20 MB body is cut after 64 KiB, the rest never read but released', async () => {
    const huge = body(1280);
    const read = await readUpstreamText(huge.stream);
    expect(read).toEqual({ text: 'a'.repeat(MAX_ERROR_BODY_BYTES), cut: true });
    expect(huge.pulled()).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES / (16 * 1024) + 2);
    expect(huge.cancelled()).toBe(true);
  });
});

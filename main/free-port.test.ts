import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort, isPortFree } from './free-port.js';

const servers: Server[] = [];

function occupy(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    servers.push(server);
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve((server.address() as { port: number }).port));
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('isPortFree', () => {
  it('tells a taken port from a free one', async () => {
    const taken = await occupy();
    expect(await isPortFree('127.0.0.1', taken)).toBe(false);
    servers.pop()?.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await isPortFree('127.0.0.1', taken)).toBe(true);
  });
});

describe('findFreePort', () => {
  it('takes the next port above the taken one that is free', async () => {
    const tried: number[] = [];
    const port = await findFreePort('127.0.0.1', 8317, async (_host, candidate) => {
      tried.push(candidate);
      return candidate === 8320;
    });
    expect(port).toBe(8320);
    expect(tried).toEqual([8318, 8319, 8320]);
  });

  it('asks the OS when nothing nearby is free, and never goes past 65535', async () => {
    const tried: number[] = [];
    const port = await findFreePort('127.0.0.1', 65530, async (_host, candidate) => {
      tried.push(candidate);
      return false;
    });
    expect(tried).toEqual([65531, 65532, 65533, 65534, 65535]);
    expect(port).toBeGreaterThan(0);
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
  });

  it('skips a port that is really in use', async () => {
    const taken = await occupy();
    const next = taken + 1 <= 65535 ? await occupy(taken + 1).catch(() => null) : null;
    const port = await findFreePort('127.0.0.1', taken);
    expect(port).not.toBe(taken);
    if (next !== null) expect(port).not.toBe(next);
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
  });
});

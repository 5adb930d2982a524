/**
 * Finds a port the proxy can listen on after its own was taken: the next free one above it (easy to remember and
 * to type), else one the OS picks. A port found free can still be taken before the proxy binds it; the caller's
 * start then fails as before and says so.
 */
import { createServer } from 'node:net';

/** How many ports above the taken one are tried before the OS is asked for any. */
const NEARBY_PORTS = 50;

export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function portTheOsPicks(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the OS gave no port'))));
    });
  });
}

export async function findFreePort(host: string, taken: number, probe: (host: string, port: number) => Promise<boolean> = isPortFree): Promise<number> {
  for (let port = taken + 1; port <= Math.min(65535, taken + NEARBY_PORTS); port++) {
    if (await probe(host, port)) return port;
  }
  return portTheOsPicks(host);
}

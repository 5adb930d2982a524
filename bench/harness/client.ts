/**
 * The bench's client: undici pools with kept-alive connections, one streaming request timed from its start to its
 * first text delta and to its end, and a closed loop of such requests at a fixed concurrency.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { DeltaScanner } from './delta-markers.js';
import { wallClockMs } from './upstream.js';

/** One way to send one request: the server, the path, and what to send. */
export interface Endpoint {
  pool: Pool;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export const openPool = (origin: string, connections: number) => new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });

export interface Timed {
  status: number;
  totalMs: number;
  /** From the request's start to the first text delta read; null when none came. */
  firstDeltaMs: number | null;
  scanner: DeltaScanner;
  /** The answer's opening, for an error message. */
  head: string;
}

/** One request, its answer read to the end and searched for the bench's deltas. */
export async function timedRequest(endpoint: Endpoint): Promise<Timed> {
  const scanner = new DeltaScanner();
  const started = performance.now();
  const startedWall = wallClockMs();
  const answer = await endpoint.pool.request({ path: endpoint.path, method: 'POST', headers: endpoint.headers, body: endpoint.body });
  let head = '';
  for await (const chunk of answer.body as AsyncIterable<Buffer>) {
    if (head.length < 500) head += chunk.toString('utf8', 0, 500);
    scanner.scan(chunk, wallClockMs());
  }
  const totalMs = performance.now() - started;
  return { status: answer.statusCode, totalMs, firstDeltaMs: scanner.firstAt === null ? null : scanner.firstAt - startedWall, scanner, head };
}

/** One request read to its end without looking inside (the throughput loop): its status, or -1 for a failure. */
async function plainRequest(endpoint: Endpoint): Promise<number> {
  try {
    const answer = await endpoint.pool.request({ path: endpoint.path, method: 'POST', headers: endpoint.headers, body: endpoint.body });
    for await (const _chunk of answer.body) void _chunk;
    return answer.statusCode;
  } catch {
    return -1;
  }
}

export interface LoopResult {
  completed: number;
  failed: number;
  elapsedMs: number;
  perSecond: number;
}

/** `concurrency` clients, each sending its next request as soon as its last one ended, for `durationMs`. */
export async function closedLoop(endpoint: Endpoint, concurrency: number, durationMs: number): Promise<LoopResult> {
  let completed = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        if ((await plainRequest(endpoint)) === 200) completed++;
        else failed++;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  return { completed, failed, elapsedMs, perSecond: (completed * 1000) / elapsedMs };
}

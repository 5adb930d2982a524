/**
 * `npm run bench floor`: proxy CPU per request and throughput at concurrency 64 of the bare pass-through in four
 * variants (bench/harness/floor-server.ts: node:http or Express, undici's request() or fetch), against the same
 * zero-delay Anthropic stand-in and client as the paths bench. It names what the libraries under the proxy cost
 * before any of Switchboard's own work (README, "Performance"). BENCH_QUICK=1: short runs.
 */
import { bundledChild } from './harness/bundled-child.js';
import { closedLoop, openPool } from './harness/client.js';
import { FLOOR_VARIANTS, type FloorVariant } from './harness/floor-server.js';
import { messagesBody } from './harness/paths.js';
import { cpuMs } from './harness/proc.js';
import type { UpstreamUrls } from './harness/upstream.js';

const QUICK = process.env.BENCH_QUICK === '1';
const WARMUP_MS = QUICK ? 300 : 3000;
const MEASURE_MS = QUICK ? 1000 : 10_000;
const CONCURRENCY = 64;

const upstream = await bundledChild<{ urls: UpstreamUrls }>('upstream.ts', ['upstream']);
const body = Buffer.from(JSON.stringify(messagesBody('claude-sonnet-4-6')));
const rows: string[] = [];
try {
  for (const variant of FLOOR_VARIANTS as readonly FloorVariant[]) {
    const server = await bundledChild<{ url: string }>('floor-server.ts', ['floor', variant, `${upstream.first.urls['anthropic-messages']}/v1/messages`]);
    const pool = openPool(server.first.url, CONCURRENCY);
    try {
      const endpoint = { pool, path: '/v1/messages', headers: { 'content-type': 'application/json' }, body };
      await closedLoop(endpoint, CONCURRENCY, WARMUP_MS);
      const before = cpuMs(server.process.pid!);
      const loop = await closedLoop(endpoint, CONCURRENCY, MEASURE_MS);
      if (loop.failed > 0) throw new Error(`${variant}: ${loop.failed} requests failed`);
      const cpuUs = ((cpuMs(server.process.pid!) - before) * 1000) / Math.max(1, loop.completed);
      rows.push(`| ${variant} | ${Math.round(cpuUs)} | ${Math.round(loop.perSecond)} |`);
    } finally {
      await pool.close();
      server.process.kill();
    }
  }
} finally {
  upstream.process.kill();
}
console.log(['| Pass-through | CPU per request, µs | Requests/s at c=64 |', '| --- | --- | --- |', ...rows].join('\n'));

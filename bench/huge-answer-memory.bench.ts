/**
 * What one huge answer costs the proxy's memory: an upstream streams HUGE_TEXT_MB of text (default 20; a real
 * answer is under 1 MB, so this is a faulty or hostile upstream) to each client format, whose client reads as fast
 * as it can. Prints the resident set size before the request and at its peak, and what the client got. Each case
 * runs in a fresh process (RSS does not shrink back between cases), with the upstream in a process of its own.
 * Run with `npm run bench huge-answer`; not part of `npm test`. The bounds themselves are asserted by tests:
 * proxy/http/sse-writer.test.ts, proxy/wire/aggregate.test.ts, render-responses-stream.test.ts, the fault matrix.
 */
import { fork, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../proxy/accounts/token-store.js';
import { createSwitchboard, validateConfig } from '../proxy/index.js';
import { configureLogging } from '../proxy/log.js';

const TEXT_MB = Number(process.env.HUGE_TEXT_MB ?? 20);
/** Each text delta's size: small, as the real API sends them. */
const DELTA_BYTES = Number(process.env.HUGE_DELTA_BYTES ?? 4096);
const KEY = 'sk-sb-bench-memory-key-0123456789abcdef';
const MB = 1024 * 1024;
const MODEL = 'claude-sonnet-4-6';

const CASES: Record<string, { path: string; body: object }> = {
  '/v1/messages stream (passthrough)': { path: '/v1/messages', body: { model: MODEL, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] } },
  '/v1/messages (passthrough)': { path: '/v1/messages', body: { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] } },
  '/v1/chat/completions stream': { path: '/v1/chat/completions', body: { model: MODEL, stream: true, messages: [{ role: 'user', content: 'hi' }] } },
  '/v1/chat/completions': { path: '/v1/chat/completions', body: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] } },
  '/v1/responses stream': { path: '/v1/responses', body: { model: MODEL, stream: true, input: 'hi' } },
  '/v1/responses': { path: '/v1/responses', body: { model: MODEL, input: 'hi' } },
};

interface Measured {
  status: number;
  received: number;
  baseline: number;
  peak: number;
}

function frame(payload: { type: string } & Record<string, unknown>): string {
  return `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** Answers every Messages request with TEXT_MB of text, streamed (honouring backpressure) or whole. */
async function serveHugeUpstream(): Promise<void> {
  const piece = 'x'.repeat(DELTA_BYTES - 1) + '\n';
  const pieces = Math.ceil((TEXT_MB * MB) / DELTA_BYTES);
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (!req.url?.startsWith('/v1/messages')) return void res.writeHead(404).end();
      const message = { id: 'msg_huge', type: 'message', role: 'assistant', model: MODEL, stop_reason: null, stop_sequence: null };
      const usage = { input_tokens: 10, output_tokens: 1 };
      if ((JSON.parse(raw) as { stream?: boolean }).stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...message, content: [{ type: 'text', text: piece.repeat(pieces) }], stop_reason: 'end_turn', usage }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(frame({ type: 'message_start', message: { ...message, content: [], usage } }));
      res.write(frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
      let sent = 0;
      const pump = () => {
        while (sent < pieces) {
          sent++;
          if (!res.write(frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }))) return void res.once('drain', pump);
        }
        res.write(frame({ type: 'content_block_stop', index: 0 }));
        res.write(frame({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: pieces } }));
        res.end(frame({ type: 'message_stop' }));
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  process.on('disconnect', () => process.exit(0)); // the measuring process is gone
}

async function startHugeUpstream(): Promise<{ url: string; close: () => void }> {
  const child = fork(import.meta.filename, ['--upstream'], { execArgv: ['--import', 'tsx'] });
  const [url] = (await once(child, 'message')) as [string];
  return { url, close: () => child.kill() };
}

/** One request through a fresh Switchboard, sampling the RSS of this process (the proxy and its client). */
async function measureCase(name: string): Promise<Measured> {
  const { path, body } = CASES[name]!;
  configureLogging({ level: 'silent' });
  const upstream = await startHugeUpstream();
  const home = mkdtempSync(join(tmpdir(), 'sb-bench-memory-'));
  const config = validateConfig(
    {
      port: 0,
      'auth-dir': join(home, 'auth'),
      'data-dir': join(home, 'data'),
      'api-keys': [KEY],
      'price-data': { 'auto-update': false },
      providers: { anthropic: { 'base-url': upstream.url } },
    },
    join(home, 'config.yaml'),
  );
  const expires = new Date(Date.now() + 3600_000).toISOString();
  await new TokenStore(config['auth-dir']).upsert({ provider: 'anthropic', access_token: 'a', refresh_token: 'r', expires_at: expires, email: 'bench@example.com' }, 'bench@example.com');
  const switchboard = createSwitchboard(config);
  const url = (await switchboard.start()).url!;
  try {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify(body),
      });
      let received = 0;
      for await (const chunk of response.body!) received += (chunk as Uint8Array).byteLength;
      return { status: response.status, received, baseline, peak: Math.max(peak, process.memoryUsage().rss) };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await switchboard.stop();
    upstream.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function printTable(): void {
  const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
  console.log(`upstream text: ${TEXT_MB} MB in deltas of ${DELTA_BYTES} bytes\n`);
  console.log('| request | status | client got | RSS before | RSS peak | growth |');
  console.log('|---|---|---|---|---|---|');
  for (const name of Object.keys(CASES)) {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--case', name], { encoding: 'utf8', env: process.env });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status !== 0 || !line.startsWith('{')) throw new Error(`case ${name} failed:\n${run.stdout}\n${run.stderr}`);
    const result = JSON.parse(line) as Measured;
    console.log(`| ${name} | ${result.status} | ${mb(result.received)} | ${mb(result.baseline)} | ${mb(result.peak)} | ${mb(result.peak - result.baseline)} |`);
  }
}

const caseArgument = process.argv.indexOf('--case');
if (process.argv.includes('--upstream')) await serveHugeUpstream();
else if (caseArgument > 0) console.log(JSON.stringify(await measureCase(process.argv[caseArgument + 1]!)));
else printTable();

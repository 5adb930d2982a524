/**
 * The per-request costs of the request path (issue #14, "Keep the request path fast"): each measured through the code
 * the routes run, on inputs the size of a real Claude Code session. Prints one table; asserts nothing (numbers
 * depend on the machine). Run with `npm run bench hot-path`; not part of `npm test`.
 */
import express from 'express';
import { Agent, createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Response } from 'express';
import type { Account } from '../proxy/accounts/account-file.js';
import { createSelectionState, orderCandidates, recordServed, type Candidate } from '../proxy/accounts/selection.js';
import { validateConfig } from '../proxy/config/load.js';
import { relay } from '../proxy/http/relay.js';
import { FrameWriter } from '../proxy/http/sse-writer.js';
import { recordUsage } from '../proxy/http/usage-recording.js';
import { checkBody } from '../proxy/http/validate-body.js';
import { createAnthropicProvider } from '../proxy/providers/anthropic/provider.js';
import type { ProviderCredentials } from '../proxy/accounts/account-pool.js';
import type { PassthroughRequest } from '../proxy/protocols/protocol.js';
import { databasePath, openDatabase } from '../proxy/usage/database.js';
import { createPricing } from '../proxy/usage/pricing.js';
import { UsageLedger } from '../proxy/usage/usage-ledger.js';
import { UsageQueue } from '../proxy/usage/usage-queue.js';
import { messagesRequestSchema } from '../proxy/wire/anthropic/anthropic-api.js';
import { guardStream } from '../proxy/wire/idle-timeout.js';
import type { IREvent } from '../proxy/wire/ir.js';
import { jsonFrame, parseSse } from '../proxy/wire/sse.js';

const RUNS = 7;
/** BENCH_CASE=<part of a name> measures only the cases it names. */
const only = process.env.BENCH_CASE;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const rows: { name: string; perOp: string; note: string }[] = [];

/** Runs `operation` `count` times per run (after one warm-up run); reports the median time per operation. */
async function measure(name: string, count: number, operation: () => unknown, note = ''): Promise<void> {
  if (only && !name.includes(only)) return;
  const runs: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    for (let i = 0; i < count; i++) await operation();
    if (run > 0) runs.push((performance.now() - started) / count);
  }
  const ms = median(runs);
  rows.push({ name, perOp: ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`, note });
}

// ── inputs ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A long Claude Code session: 400 turns of text, tool calls and tool results (about 1 MB of JSON). */
function sessionBody(): Record<string, unknown> {
  const messages: unknown[] = [];
  for (let turn = 0; turn < 200; turn++) {
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: `Let me look at file ${turn}. ${'Reasoning about the code. '.repeat(20)}` },
        { type: 'tool_use', id: `toolu_${turn}`, name: 'Read', input: { file_path: `/repo/src/file-${turn}.ts`, limit: 200 } },
      ],
    });
    messages.push({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: `toolu_${turn}`, content: [{ type: 'text', text: 'const x = 1;\n'.repeat(300) }] },
        { type: 'text', text: 'go on', cache_control: turn === 199 ? { type: 'ephemeral' } : undefined },
      ],
    });
  }
  return {
    model: 'claude-sonnet-4-6',
    max_tokens: 32_000,
    stream: true,
    system: [{ type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." }],
    tools: Array.from({ length: 20 }, (_, i) => ({ name: `tool_${i}`, description: 'a tool', input_schema: { type: 'object', properties: { a: { type: 'string' } } } })),
    metadata: { user_id: JSON.stringify({ device_id: 'd', account_uuid: 'a', session_id: 's' }) },
    messages,
  };
}

/** An Anthropic stream of `deltas` text deltas, cut into chunks of about three events as the network delivers them. */
function anthropicStreamChunks(deltas: number): Uint8Array[] {
  const events = [
    `event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}\n\n`,
    `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n`,
    ...Array.from({ length: deltas }, (_, i) => `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word ${i} "}}\n\n`),
    `event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n`,
    `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":${deltas}}}\n\n`,
    `event: message_stop\ndata: {"type":"message_stop"}\n\n`,
  ];
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < events.length; i += 3) chunks.push(encoder.encode(events.slice(i, i + 3).join('')));
  return chunks;
}

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

function account(id: string): Account {
  return { id, path: `/tmp/${id}.json`, data: { provider: 'anthropic', access_token: 't' } } as unknown as Account;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** One request over a kept-alive connection; resolves when the whole answer arrived. */
function get(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(`${url}/v1/x`, { method: 'POST', agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

// ── the costs ───────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const body = sessionBody();
  const rawBody = Buffer.from(JSON.stringify(body));
  console.log(`session body: ${(rawBody.length / 1e6).toFixed(2)} MB, ${(body.messages as unknown[]).length} messages`);

  // 1. The passthrough's body check.
  await measure('passthrough body check (1 MB session)', 50, () => checkBody(messagesRequestSchema, body));

  // 2 and 6. The passthrough's upstream request: the raw body as fetch's body, and the profile's device id.
  const config = validateConfig({ providers: { anthropic: {} } }, '/tmp/sb-bench/config.yaml').providers.anthropic;
  let sentBytes = 0;
  const fakeFetch = (async (_url: string, init: RequestInit) => {
    sentBytes = (init.body as Uint8Array | string).length;
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const provider = createAnthropicProvider(config, { fetch: fakeFetch, refreshTimeoutMs: 1000 });
  const credentials: ProviderCredentials = { account: account('a'), accessToken: 't' };
  const signal = new AbortController().signal;
  const claudeCode: PassthroughRequest = { endpoint: 'messages', search: '', headers: { 'user-agent': 'claude-cli/2.1.0' }, body, rawBody, upstreamModel: 'claude-sonnet-4-6', signal };
  await measure('passthrough upstream request, body unchanged (1 MB)', 200, () => provider.protocol.passthrough(claudeCode, credentials));
  if (sentBytes !== 0 && sentBytes !== rawBody.length) throw new Error('the bench sent another body');
  const small = { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
  const profiled: PassthroughRequest = { ...claudeCode, headers: {}, body: small, rawBody: Buffer.from(JSON.stringify(small)) };
  await measure('passthrough upstream request, profile applied (small body)', 5000, () => provider.protocol.passthrough(profiled, credentials));

  // 3. Parsing an upstream stream (the translated routes read Anthropic's SSE).
  const streamChunks = anthropicStreamChunks(5000);
  await measure(
    'SSE parse, 5,000-delta stream',
    5,
    async () => {
      for await (const _event of parseSse(streamOf(streamChunks))) void _event;
    },
    'per stream',
  );

  // 4. The idle timeout: relayed chunks (passthrough) and guarded IR events (translated).
  const fakeRes = () =>
    ({ destroyed: false, status() {}, setHeader() {}, flushHeaders() {}, write: () => true, end() {}, once() {}, off() {} }) as unknown as Response;
  const noWatch = { feed: () => null, end: () => null, usage: () => null };
  await measure(
    'passthrough relay, 5,000-delta stream',
    5,
    () => relay({ status: 200, headers: new Headers({ 'content-type': 'text/event-stream' }), body: streamOf(streamChunks) }, fakeRes(), { idleMs: 60_000, signal, watch: noWatch, renderStreamError: () => '' }),
    'per stream',
  );
  const delta: IREvent = { type: 'text-delta', index: 0, text: 'word ' };
  async function* irEvents(count: number): AsyncGenerator<IREvent> {
    for (let i = 0; i < count; i++) yield delta;
  }
  await measure(
    'idle guard, 50,000 IR events',
    3,
    async () => {
      for await (const _event of guardStream(irEvents(50_000), 60_000, 'Claude')) void _event;
    },
    'per stream',
  );

  // 5. Sticky selection with many live bindings.
  const state = createSelectionState();
  const candidates: Candidate[] = ['a', 'b', 'c'].map((id) => ({ account: account(id), weeklyResetAt: null }));
  const now = Date.now();
  for (let i = 0; i < 10_000; i++) recordServed({ provider: 'anthropic', strategy: 'sticky', affinityKey: `session-${i}`, accountId: ['a', 'b', 'c'][i % 3] as string, state, now });
  await measure('sticky order, 10,000 live bindings', 2000, () => orderCandidates({ provider: 'anthropic', strategy: 'sticky', candidates, affinityKey: 'session-new', state, now }));

  // 7. Writing a translated stream to a client over a real socket.
  let writes = 0;
  const frameServer = createServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const write = res.write.bind(res) as (chunk: string) => boolean;
    res.write = ((chunk: string) => (writes++, write(chunk))) as ServerResponse['write'];
    void (async () => {
      const frames = new FrameWriter(res as unknown as Response);
      for (let chunk = 0; chunk < 1000; chunk++) {
        // One upstream chunk: three events, each rendered to one frame.
        for (let event = 0; event < 3; event++) await frames.write([jsonFrame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `word ${chunk}` } })]);
        await new Promise((resolve) => setImmediate(resolve)); // the next upstream chunk comes with the next read
      }
      frames.flush();
      res.end();
    })();
  });
  const frameUrl = await listen(frameServer);
  const agent = new Agent({ keepAlive: true });
  if (!only || 'translated stream written'.includes(only)) {
    await get(frameUrl, agent);
    const writesPerStream = writes;
    await measure('translated stream written, 3,000 frames in 1,000 chunks', 5, () => get(frameUrl, agent), `per stream, client-observed; ${writesPerStream} res.write calls`);
  }
  frameServer.close();

  // 8. The usage row of a finished request, and when the client gets its last byte.
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const db = openDatabase(databasePath(dir));
  const usage = new UsageQueue(db, new UsageLedger(db, createPricing()), dir);
  const app = express();
  const beforeLastByte: number[] = [];
  app.post('/v1/*path', recordUsage(usage), (_req, res) => {
    // The time from the answer's end to its last byte handed to the socket: what the client waits for beyond its answer.
    const socket = res.socket!;
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    const ended = performance.now();
    socket.write = ((...args: unknown[]) => {
      beforeLastByte.push(performance.now() - ended);
      socket.write = write as typeof socket.write;
      return write(...args);
    }) as typeof socket.write;
    res.status(200).end('{"ok":true}');
  });
  const usageServer = createServer(app);
  const usageUrl = await listen(usageServer);
  if (!only || 'usage row'.includes(only)) {
    for (let i = 0; i < 2000; i++) await get(usageUrl, agent);
    rows.push({ name: 'usage row: from the end of the answer to its last byte', perOp: `${(median(beforeLastByte.slice(200)) * 1000).toFixed(1)} µs`, note: 'per request, median' });
  }
  usageServer.close();
  agent.destroy();
  usage.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });

  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) console.log(`${row.name.padEnd(width)}  ${row.perOp.padStart(10)}  ${row.note}`);
}

await main();

/**
 * The load run of #13: 200 concurrent streaming requests and 2 000 idle keep-alive connections against
 * `switchboard serve` (its own process, so its memory is its own) in front of the stand-in Anthropic API.
 * It counts every error a client sees and measures the server's RSS at idle, under load and a while after.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import { startAnthropicStandIn, type AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { addAccount, TEST_API_KEY } from '../integration/harness.js';

export interface LoadOptions {
  streams: number;
  idleConnections: number;
  /** How long the stand-in holds each streaming request before it answers: all of them are in flight together. */
  holdMs: number;
  /** How long after the load the memory is measured again. */
  settleMs: number;
}

export interface LoadResult {
  /** Every failure a client saw, in words; empty when all went well. */
  errors: string[];
  /** The server's resident memory, in MB: at rest, the most under load, every few seconds after it, and at the end. */
  rssMb: { idle: number; peak: number; settling: number[]; after: number };
  streamsCompleted: number;
  connectionsHeld: number;
}

/** How often the memory is sampled while the server settles after the load. */
const SETTLE_SAMPLE_MS = 5000;
const round = (mb: number) => Math.round(mb * 10) / 10;

const headers = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };
const REPLY = `say exactly ${'a streamed answer of some length, '.repeat(30)}`;

/** One streaming request per client format, and what the end of its stream looks like when it is whole. */
const STREAMS: { path: string; body: object; complete: (text: string) => boolean }[] = [
  {
    path: '/v1/messages',
    body: { model: 'claude-sonnet-4-6', max_tokens: 2048, stream: true, messages: [{ role: 'user', content: REPLY }] },
    complete: (text) => text.trimEnd().endsWith('data: {"type":"message_stop"}'),
  },
  {
    path: '/v1/chat/completions',
    body: { model: 'claude-sonnet-4-6', max_tokens: 2048, stream: true, messages: [{ role: 'user', content: REPLY }] },
    complete: (text) => text.trimEnd().endsWith('data: [DONE]') && !text.includes('"error"'),
  },
  {
    path: '/v1/responses',
    body: { model: 'claude-sonnet-4-6', max_output_tokens: 2048, stream: true, input: REPLY },
    complete: (text) => text.includes('event: response.completed'),
  },
];

/** Resident memory of a process, in MB (Linux: /proc; elsewhere: ps). */
export function rssOf(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'))?.[1];
    return Number(kilobytes) / 1024;
  }
  return Number(spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()) / 1024;
}

/** The median of a few samples: one sample may catch a GC or a timer at work. */
async function steadyRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssOf(pid));
    await sleep(200);
  }
  return samples.sort((a, b) => a - b)[2]!;
}

async function serve(configPath: string): Promise<{ url: string; server: ChildProcessWithoutNullStreams }> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', configPath, 'serve'], {
    cwd: process.cwd(),
    env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'warn', SWITCHBOARD_LOG_FORMAT: 'json' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    server.stderr.resume();
    server.once('exit', () => reject(new Error(`the server exited early: ${output}`)));
  });
  return { url, server };
}

/**
 * A keep-alive connection that asks for /health now and then and otherwise sits idle. Every failure — an answer
 * other than 200, a socket error, the server closing it — goes into `errors`.
 */
class KeptAliveConnection {
  private readonly socket: Socket;
  private received = '';
  private waiting: ((status: number) => void) | null = null;
  private closedByClient = false;

  constructor(
    private readonly url: URL,
    private readonly errors: string[],
    private readonly name: string,
  ) {
    this.socket = connect(Number(url.port), url.hostname);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      this.received += chunk;
      this.answerIfWhole();
    });
    this.socket.on('error', (error) => errors.push(`${name}: ${error.message}`));
    this.socket.on('close', () => {
      if (!this.closedByClient) errors.push(`${name}: closed by the server`);
      this.waiting?.(0);
    });
  }

  get open(): boolean {
    return !this.socket.destroyed;
  }

  /** GET /health on this connection; resolves with the status once the whole answer is in (0: connection gone). */
  async health(): Promise<number> {
    const status = !this.open
      ? 0
      : await new Promise<number>((resolve) => {
          this.waiting = resolve;
          this.socket.write(`GET /health HTTP/1.1\r\nHost: ${this.url.host}\r\n\r\n`);
        });
    if (status !== 200) this.errors.push(`${this.name}: /health answered ${status}`);
    return status;
  }

  close(): void {
    this.closedByClient = true;
    this.socket.destroy();
  }

  private answerIfWhole(): void {
    const split = this.received.indexOf('\r\n\r\n');
    if (split < 0) return;
    const head = this.received.slice(0, split);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    if (Buffer.byteLength(this.received.slice(split + 4)) < length) return;
    this.received = '';
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0));
  }
}

async function inBatches<T>(count: number, batch: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let start = 0; start < count; start += batch) {
    made.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, offset) => make(start + offset)))));
  }
  return made;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const tokens = new TokenRegistry();
  const api: AnthropicStandIn = await startAnthropicStandIn({ tokens });
  const home = mkdtempSync(join(tmpdir(), 'sb-load-'));
  let server: ChildProcessWithoutNullStreams | undefined;
  try {
    await addAccount(new TokenStore(join(home, 'auth')), tokens, 'load@example.com');
    // Every connection of the test comes from one address: the per-address limit would refuse most of them.
    writeFileSync(
      join(home, 'config.yaml'),
      `port: 0\nauth-dir: ./auth\ndata-dir: ./data\napi-keys: [${TEST_API_KEY}]\nrate-limit:\n  requests-per-minute: 0\nprice-data:\n  auto-update: false\nproviders:\n  anthropic:\n    base-url: ${api.url}\n`,
    );
    const started = await serve(join(home, 'config.yaml'));
    server = started.server;
    const { url } = started;
    const pid = server.pid!;
    const errors: string[] = [];

    // Warm up every path once (modules load lazily, the JIT compiles), then measure the server at rest.
    for (let i = 0; i < 5; i++) {
      for (const stream of STREAMS) await (await fetch(`${url}${stream.path}`, { method: 'POST', headers, body: JSON.stringify(stream.body) })).text();
    }
    await sleep(2000);
    const idle = await steadyRss(pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 100);

    const connections = await inBatches(options.idleConnections, 200, async (index) => {
      const connection = new KeptAliveConnection(new URL(url), errors, `idle connection ${index}`);
      await connection.health();
      return connection;
    });
    for (let i = 0; i < options.streams; i++) api.failNext({ delayMs: options.holdMs });
    let streamsCompleted = 0;
    await Promise.all(
      Array.from({ length: options.streams }, async (_, index) => {
        const stream = STREAMS[index % STREAMS.length]!;
        try {
          const response = await fetch(`${url}${stream.path}`, { method: 'POST', headers, body: JSON.stringify(stream.body) });
          const text = await response.text();
          if (response.status !== 200) errors.push(`stream ${index} (${stream.path}): status ${response.status}: ${text.slice(0, 200)}`);
          else if (!stream.complete(text)) errors.push(`stream ${index} (${stream.path}): incomplete: …${text.slice(-200)}`);
          else streamsCompleted++;
        } catch (error) {
          errors.push(`stream ${index} (${stream.path}): ${String(error)}`);
        }
      }),
    );
    // Every idle connection is still there, and still answers.
    const connectionsHeld = connections.filter((connection) => connection.open).length;
    await inBatches(connections.length, 200, (index) => connections[index]!.health());
    clearInterval(sampler);
    for (const connection of connections) connection.close();

    const settling: number[] = [];
    for (let waited = 0; waited < options.settleMs; waited += SETTLE_SAMPLE_MS) {
      await sleep(Math.min(SETTLE_SAMPLE_MS, options.settleMs - waited));
      settling.push(round(rssOf(pid)));
    }
    const after = await steadyRss(pid);
    return { errors, rssMb: { idle: round(idle), peak: round(peak), settling, after: round(after) }, streamsCompleted, connectionsHeld };
  } finally {
    server?.kill('SIGKILL');
    await api.close();
    rmSync(home, { recursive: true, force: true });
  }
}

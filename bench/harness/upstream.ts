/**
 * The bench's upstream stand-ins: one bare node:http server per protocol, answering every model request from a
 * prebuilt buffer (zero delay) or, in the paced mode, with PACED_DELTAS deltas PACE_MS apart, each its own write.
 * Cursor's speaks HTTP/2 without TLS (as Switchboard reaches Cursor) and HTTP/1.1 (as the direct and raw baselines
 * do) on one port. Run as a child process (`fork`), so the upstream's CPU is not the client's; it sends its URLs
 * when it listens and takes `{ mode }` messages. The e2e stand-ins check and record every request: too heavy to
 * measure behind.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CURSOR_RUN_PATH } from './cursor-frames.js';
import { CODEX_MODELS_ETAG, modelList, prebuiltStream, streamParts, type StreamParts, type UpstreamProtocol } from './upstream-frames.js';

export const PACED_DELTAS = 64;
export const PACE_MS = 20;
/** Deltas in a zero-delay answer: a short reply, so the figures are the proxy's and not the bytes'. */
const FAST_DELTAS = 16;

export type UpstreamMode = 'fast' | 'paced';
export type UpstreamUrls = Record<UpstreamProtocol, string>;

interface ProtocolServer {
  /** Where model requests go (the client-facing path of the protocol). */
  modelPath: string;
  /** Where the model list is read; null: the proxy reads none (its config lists the models). */
  modelsPath: string | null;
  models: readonly string[];
  /** HTTP/2 without TLS beside HTTP/1.1, on the same port. */
  http2?: true;
}

export const UPSTREAMS: Record<UpstreamProtocol, ProtocolServer> = {
  'anthropic-messages': { modelPath: '/v1/messages', modelsPath: '/v1/models', models: ['claude-sonnet-4-6'] },
  'openai-responses': { modelPath: '/v1/responses', modelsPath: '/v1/models', models: ['gpt-5-mini'] },
  // The ChatGPT backend: its base URL is `<url>/backend-api`.
  'codex-responses': { modelPath: '/backend-api/codex/responses', modelsPath: '/backend-api/codex/models', models: ['gpt-5.5'] },
  // Cursor's agent host: a Connect service; its models are the Cursor section's list.
  'cursor-agent': { modelPath: CURSOR_RUN_PATH, modelsPath: null, models: ['gpt-5'], http2: true },
};

/** The time a paced delta was written, comparable across processes on one machine (ms since the epoch). */
export const wallClockMs = () => performance.timeOrigin + performance.now();

type Request = IncomingMessage | Http2ServerRequest;
/** What an answer uses of node:http's and node:http2's responses alike. */
interface Response {
  readonly destroyed: boolean;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  write(chunk: Buffer): unknown;
  end(chunk: Buffer | string): unknown;
}

function pacedAnswer(parts: StreamParts, res: Response): void {
  res.write(parts.head);
  const started = performance.now();
  let sent = 0;
  const next = () => {
    if (res.destroyed) return;
    res.write(parts.delta(`~d${sent}@${wallClockMs().toFixed(3)}~ `));
    sent++;
    if (sent === PACED_DELTAS) return void res.end(parts.tail('paced answer'));
    // Each delta on the schedule, not PACE_MS after the last one: timer lateness does not add up.
    setTimeout(next, Math.max(0, started + sent * PACE_MS - performance.now()));
  };
  next();
}

function protocolHandler(protocol: UpstreamProtocol, mode: () => UpstreamMode): (req: Request, res: Response) => void {
  const spec = UPSTREAMS[protocol];
  const parts = streamParts(protocol, spec.models[0] as string);
  const fast = prebuiltStream(parts, FAST_DELTAS);
  const models = modelList(protocol, spec.models);
  // The Codex model list is revalidated by its ETag, as the backend's is.
  const modelsHeaders: Record<string, string> = protocol === 'codex-responses' ? { etag: CODEX_MODELS_ETAG } : {};
  const streamHeaders = { ...parts.headers, 'content-type': parts.contentType, 'cache-control': 'no-cache' };
  return (req, res) => {
    if (spec.http2) {
      // Answered at once, not after the request's end: Switchboard keeps its side of a Run open until turn_ended.
      req.resume();
      return void answer(req, res);
    }
    req.resume();
    req.once('end', () => answer(req, res));
  };

  function answer(req: Request, res: Response): void {
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && spec.modelsPath !== null && path === spec.modelsPath) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': models.length, ...modelsHeaders });
      return void res.end(models);
    }
    if (req.method !== 'POST' || path !== spec.modelPath) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"error":{"type":"not_found_error","message":"not here"}}');
    }
    if (mode() === 'paced') {
      res.writeHead(200, streamHeaders);
      return pacedAnswer(parts, res);
    }
    res.writeHead(200, { ...streamHeaders, 'content-length': fast.length });
    res.end(fast);
  }
}

/**
 * One listener for a protocol: node:http, or (`http2`) a socket server that hands each connection to HTTP/2 when it
 * opens with the HTTP/2 preface ("PRI * HTTP/2.0") and to HTTP/1.1 otherwise.
 */
function protocolServer(protocol: UpstreamProtocol, mode: () => UpstreamMode): { server: Server; close: () => void } {
  const handler = protocolHandler(protocol, mode);
  const http1 = createServer(handler);
  if (!UPSTREAMS[protocol].http2) return { server: http1, close: () => (http1.closeAllConnections(), http1.close()) };
  const http2 = createHttp2Server(handler);
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      // HTTP/2 takes the bytes already read from the socket itself; HTTP/1.1 reads on once the socket flows again.
      if (first.subarray(0, 3).toString('latin1') === 'PRI') return void http2.emit('connection', socket);
      http1.emit('connection', socket);
      socket.resume();
    });
  });
  return { server, close: () => (sockets.forEach((socket) => socket.destroy()), server.close()) };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts one server per protocol in this process; `setMode` switches every one of them. */
export async function startUpstreams(): Promise<{ urls: UpstreamUrls; setMode: (mode: UpstreamMode) => void; close: () => void }> {
  let mode: UpstreamMode = 'fast';
  const servers = (Object.keys(UPSTREAMS) as UpstreamProtocol[]).map((protocol) => [protocol, protocolServer(protocol, () => mode)] as const);
  const urls = Object.fromEntries(await Promise.all(servers.map(async ([protocol, { server }]) => [protocol, await listen(server)]))) as UpstreamUrls;
  return { urls, setMode: (next) => (mode = next), close: () => servers.forEach(([, listener]) => listener.close()) };
}

if (process.send && process.argv[2] === 'upstream') {
  const upstreams = await startUpstreams();
  process.on('message', (message: { mode?: UpstreamMode }) => {
    if (message.mode) {
      upstreams.setMode(message.mode);
      process.send?.({ mode: message.mode });
    }
  });
  process.send({ urls: upstreams.urls });
}

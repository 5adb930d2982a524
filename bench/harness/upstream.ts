/**
 * The bench's upstream stand-ins: one bare node:http server per protocol, answering every model request from a
 * prebuilt buffer (zero delay) or, in the paced mode, with PACED_DELTAS deltas PACE_MS apart, each its own write.
 * Run as a child process (`fork`), so the upstream's CPU is not the client's; it sends its URLs when it listens
 * and takes `{ mode }` messages. The e2e stand-ins check and record every request: too heavy to measure behind.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
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
  /** Where the model list is read. */
  modelsPath: string;
  models: readonly string[];
}

export const UPSTREAMS: Record<UpstreamProtocol, ProtocolServer> = {
  'anthropic-messages': { modelPath: '/v1/messages', modelsPath: '/v1/models', models: ['claude-sonnet-4-6'] },
  'openai-responses': { modelPath: '/v1/responses', modelsPath: '/v1/models', models: ['gpt-5-mini'] },
  // The ChatGPT backend: its base URL is `<url>/backend-api`.
  'codex-responses': { modelPath: '/backend-api/codex/responses', modelsPath: '/backend-api/codex/models', models: ['gpt-5.5'] },
};

/** The time a paced delta was written, comparable across processes on one machine (ms since the epoch). */
export const wallClockMs = () => performance.timeOrigin + performance.now();

function pacedAnswer(parts: StreamParts, res: ServerResponse): void {
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

function protocolServer(protocol: UpstreamProtocol, mode: () => UpstreamMode): Server {
  const spec = UPSTREAMS[protocol];
  const parts = streamParts(protocol, spec.models[0] as string);
  const fast = prebuiltStream(parts, FAST_DELTAS);
  const models = modelList(protocol, spec.models);
  // The Codex model list is revalidated by its ETag, as the backend's is.
  const modelsHeaders = protocol === 'codex-responses' ? { etag: CODEX_MODELS_ETAG } : {};
  const streamHeaders = { ...parts.headers, 'content-type': parts.contentType, 'cache-control': 'no-cache' };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.once('end', () => {
      const path = req.url?.split('?')[0];
      if (req.method === 'GET' && path === spec.modelsPath) return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': models.length, ...modelsHeaders }).end(models);
      if (req.method !== 'POST' || path !== spec.modelPath) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"type":"not_found_error","message":"not here"}}');
      if (mode() === 'paced') {
        res.writeHead(200, streamHeaders);
        return pacedAnswer(parts, res);
      }
      res.writeHead(200, { ...streamHeaders, 'content-length': fast.length }).end(fast);
    });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts one server per protocol in this process; `setMode` switches every one of them. */
export async function startUpstreams(): Promise<{ urls: UpstreamUrls; setMode: (mode: UpstreamMode) => void; close: () => void }> {
  let mode: UpstreamMode = 'fast';
  const servers = (Object.keys(UPSTREAMS) as UpstreamProtocol[]).map((protocol) => [protocol, protocolServer(protocol, () => mode)] as const);
  const urls = Object.fromEntries(await Promise.all(servers.map(async ([protocol, server]) => [protocol, await listen(server)]))) as UpstreamUrls;
  return { urls, setMode: (next) => (mode = next), close: () => servers.forEach(([, server]) => (server.closeAllConnections(), server.close())) };
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

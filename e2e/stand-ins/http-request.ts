import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import * as zlib from 'node:zlib';
import { decompress as decompressZstd } from 'fzstd';

/** What every stand-in records of a request it received, rejected ones too. */
export interface RecordedRequest {
  method: string;
  /** Including the query string. */
  path: string;
  /** Lower-case names; a header sent several times has its values joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text when it is not JSON; null when there is none. */
  body: unknown;
  /** The body exactly as it arrived, to prove a passthrough changed no byte. */
  rawBody: string;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString('utf8');
}

function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Thrown for a body whose content-encoding the stand-in cannot undo: the real API answers 400 (or 415). */
export class UndecodableBodyError extends Error {}

type ZstdZlib = { zstdDecompressSync?: (input: Buffer) => Buffer };

/**
 * Undoes a request's content-encoding as the real API does (the Codex CLI zstd-compresses its bodies to the ChatGPT
 * backend). zstd: Node's zlib where it has it (Node ≥ 22.15), else fzstd (pure JavaScript, no system tool needed).
 */
function decodeBody(bytes: Buffer, encoding: string | undefined): Buffer {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return bytes;
  try {
    if (name === 'gzip') return zlib.gunzipSync(bytes);
    if (name === 'deflate') return zlib.inflateSync(bytes);
    if (name === 'br') return zlib.brotliDecompressSync(bytes);
    if (name === 'zstd') return (zlib as ZstdZlib).zstdDecompressSync?.(bytes) ?? Buffer.from(decompressZstd(bytes));
  } catch (error) {
    throw new UndecodableBodyError(`the ${name} body does not decode: ${String(error)}`);
  }
  throw new UndecodableBodyError(`unsupported content-encoding ${name}`);
}

export function parseBody(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const entries = Object.entries(req.headersDistinct);
  return Object.fromEntries(entries.map(([name, values]) => [name, (values ?? []).join(', ')]));
}

/**
 * Reads a request whole and records it. decodeBody: undo its content-encoding first (rawBody is then the decoded
 * text), as an API that accepts compressed bodies does; an undecodable body throws UndecodableBodyError.
 */
export async function recordRequest(req: IncomingMessage, options: { decodeBody?: boolean } = {}): Promise<RecordedRequest> {
  const bytes = await readBodyBytes(req);
  const raw = (options.decodeBody ? decodeBody(bytes, req.headers['content-encoding']) : bytes).toString('utf8');
  return { method: req.method ?? 'GET', path: req.url ?? '/', headers: flatHeaders(req), body: parseBody(raw), rawBody: raw };
}

/** Whether a presented secret is the known one, compared in constant time (as a real API compares keys). */
export function sameSecret(known: string, presented: string): boolean {
  const left = Buffer.from(known);
  const right = Buffer.from(presented);
  return left.length === right.length && timingSafeEqual(left, right);
}

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

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

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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

/** Reads a request whole and records it. */
export async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const raw = await readBody(req);
  return { method: req.method ?? 'GET', path: req.url ?? '/', headers: flatHeaders(req), body: parseBody(raw), rawBody: raw };
}

/** Whether a presented secret is the known one, compared in constant time (as a real API compares keys). */
export function sameSecret(known: string, presented: string): boolean {
  const left = Buffer.from(known);
  const right = Buffer.from(presented);
  return left.length === right.length && timingSafeEqual(left, right);
}

import { once } from 'node:events';
import type { Response } from 'express';
import { formatSse, type SseFrame } from '../wire/sse.js';

export function startEventStream(res: Response, status = 200): void {
  res.status(status);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-accel-buffering', 'no'); // tell reverse proxies not to buffer the stream
  res.flushHeaders();
}

/** Writes frames, waiting when the client reads slower than we write (backpressure). False once the client left. */
export async function writeFrames(res: Response, frames: readonly SseFrame[]): Promise<boolean> {
  if (frames.length === 0) return !res.destroyed;
  if (res.destroyed) return false;
  if (!res.write(frames.map(formatSse).join(''))) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

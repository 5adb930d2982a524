import type { Response } from 'express';
import { sseFrameParts, type SseFrame } from '../wire/sse.js';

export function startEventStream(res: Response, status = 200): void {
  res.status(status);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-accel-buffering', 'no'); // tell reverse proxies not to buffer the stream
  res.flushHeaders();
}

/** Data longer than this is written in pieces rather than copied into its frame first. */
const LONG_DATA = 64 * 1024;

/**
 * Writes frames one by one, waiting whenever the client reads slower than we write (backpressure), so no more than
 * one frame waits in memory at a time (a Responses stream repeats a long text whole in several closing frames).
 * False once the client left.
 */
export async function writeFrames(res: Response, frames: readonly SseFrame[]): Promise<boolean> {
  for (const frame of frames) {
    if (res.destroyed) return false;
    const [head, data, tail] = sseFrameParts(frame);
    let writable: boolean;
    if (data.length > LONG_DATA) {
      res.write(head);
      res.write(data);
      writable = res.write(tail);
    } else {
      writable = res.write(head + data + tail);
    }
    if (!writable) await drained(res);
  }
  return !res.destroyed;
}

/**
 * Resolves once the response can take more, or is gone. Unlike racing `once(res, 'drain')` with `once(res,
 * 'close')`, it leaves no listener behind: a long stream waits thousands of times.
 */
export function drained(res: Pick<Response, 'once' | 'off'>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

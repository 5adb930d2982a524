import type { Response } from 'express';
import { sseFrameParts, type SseFrame } from '../wire/sse.js';

/** Sets a stream's status and headers; they go out with its first frames (see FrameWriter.write). */
export function startEventStream(res: Response, status = 200): void {
  res.status(status);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-accel-buffering', 'no'); // tell reverse proxies not to buffer the stream
}

/** Data longer than this is written in pieces rather than copied into its frame first. */
const LONG_DATA = 64 * 1024;

type StreamResponse = Pick<Response, 'write' | 'destroyed' | 'once' | 'off' | 'headersSent' | 'flushHeaders'>;

/**
 * Writes one stream's frames, the frames of one upstream chunk in one write: the frames rendered while the events a
 * chunk carried pass through queue up, and go out together when that work is done (process.nextTick runs once the
 * promise jobs of the chunk have all run, before anything waits for the network). A frame is so never held past the
 * chunk that produced it, and the client reads the same bytes, in fewer writes (each one a syscall and, when
 * chunked, an HTTP chunk of its own). While the client reads slower than we write, the next frames wait
 * (backpressure); a long frame (a Responses stream repeats a long text whole in several closing frames) is written
 * on its own, in pieces, so no more than one of them waits in memory at a time.
 */
export class FrameWriter {
  private queued: string[] = [];
  private queuedLength = 0;
  private flushScheduled = false;
  private congested: Promise<void> | null = null;

  constructor(private readonly res: StreamResponse) {}

  /** Queues frames to go out with the rest of this chunk's. False once the client left. */
  async write(frames: readonly SseFrame[]): Promise<boolean> {
    for (const frame of frames) {
      if (this.congested) await this.congested;
      if (this.res.destroyed) return false;
      const [head, data, tail] = sseFrameParts(frame);
      if (data.length > LONG_DATA) {
        this.flush();
        this.res.write(head);
        this.res.write(data);
        this.afterWrite(this.res.write(tail));
        continue;
      }
      this.queued.push(head, data, tail);
      this.queuedLength += head.length + data.length + tail.length;
      if (this.queuedLength > LONG_DATA) this.flush();
    }
    if (this.queued.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    } else if (this.queued.length === 0 && !this.res.headersSent && !this.res.destroyed) {
      // The headers go out with the first frames, in one write; an upstream chunk that makes none sends them alone.
      this.res.flushHeaders();
    }
    return !this.res.destroyed;
  }

  /** Writes what is queued now (before the stream ends, say). */
  flush(): void {
    this.flushScheduled = false;
    if (this.queued.length === 0) return;
    const text = this.queued.join('');
    this.queued = [];
    this.queuedLength = 0;
    if (!this.res.destroyed) this.afterWrite(this.res.write(text));
  }

  private afterWrite(writable: boolean): void {
    if (writable || this.congested) return;
    this.congested = drained(this.res).then(() => {
      this.congested = null;
    });
  }
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

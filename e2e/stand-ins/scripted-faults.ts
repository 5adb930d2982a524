import { STATUS_CODES, type ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * The faults of an upstream, or of the way to it, that every stand-in API scripts the same way whatever protocol
 * it speaks: a slow answer, a redirect, a gateway's HTML error page, headers that never come, a stream or body
 * broken off, silent, reset, malformed or oversized. Each stand-in says only how its protocol frames a stream
 * (an SseScript); where the stream breaks and how is decided here.
 */

/** How a scripted fault breaks an answer (see ScriptedFaults.breakAnswer). */
export type AnswerBreak = 'headers-never-come' | 'stall' | 'reset' | 'truncated' | 'malformed' | 'oversized';

/** Larger than the most Switchboard holds of one answer (16 MiB). */
export const DEFAULT_OVERSIZED_BYTES = 17 * 1024 * 1024;

export interface ScriptedFaults {
  /** Hold the response this many ms before answering (for abort tests). */
  delayMs?: number;
  /** Answer 307 to this URL instead, before looking at the credentials, as a hijacked or misconfigured upstream would. */
  redirectTo?: string;
  /**
   * Answer this status with an HTML page instead, before looking at the credentials, as a gateway or load balancer in
   * front of the API answers when the API behind it is down: an error body that is not JSON.
   */
  gatewayPage?: number;
  /**
   * Instead of a status: start a normal 200 stream, send it up to N content deltas, then go silent without
   * ending it; the connection stays open until the client leaves. No effect on a non-streaming request.
   */
  stallAfterDeltas?: number;
  /**
   * Instead of a proper answer (after the credentials were accepted), break it as a faulty upstream or network does:
   * - `headers-never-come`: the request is read and never answered; the connection stays open until the client leaves.
   * - `stall`: a stream goes silent in the middle of the event after its first content delta, a body in its middle;
   *   the connection stays open until the client leaves.
   * - `reset`: the same place, then the connection is reset (TCP RST).
   * - `truncated`: a stream ends cleanly after its first content delta, without its terminal event; a body ends in
   *   its middle, cleanly (no content-length, so it looks whole).
   * - `malformed`: a stream sends an event whose data is not JSON after its first content delta (and goes on); a
   *   body is binary bytes labelled JSON.
   * - `oversized`: a stream carries one content delta of, a body has, `oversizedBytes` (17 MiB unless told).
   */
  breakAnswer?: AnswerBreak;
  oversizedBytes?: number;
}

/** A 200 stream as one protocol frames it, for the faults to break. */
export interface SseScript {
  /** Every frame as written: its `event:`/`data:` lines and the blank line after them. */
  frames: readonly string[];
  /** Per frame: whether it carries content (a text or tool-input delta). */
  content: readonly boolean[];
  /** Where the stream's ending begins (its stop or finish): a cut after more content deltas than it has falls there. */
  endingIndex: number;
  /** A content frame carrying `bytes` characters. */
  hugeContent(bytes: number): string;
  /** A frame whose data is not JSON (cut inside its JSON), framed like the others. */
  malformed: string;
}

/** A 200 answer, whole unless a fault breaks it: a JSON body, or a stream. */
export type Answer = { json: object } | { stream: SseScript };

/**
 * What a fault answers before the credentials are looked at: a redirect, a gateway's page — after its delay. True
 * when it answered (or the client left during the delay): the stand-in then answers nothing more.
 */
export async function answeredBeforeCredentials(res: ServerResponse, fault: ScriptedFaults | undefined, headers: Record<string, string>): Promise<boolean> {
  if (fault?.delayMs && !(await holdUnlessAbandoned(res, fault.delayMs))) return true;
  if (fault?.redirectTo) {
    res.writeHead(307, { ...headers, location: fault.redirectTo, 'content-type': 'text/plain' }).end(`Redirecting to ${fault.redirectTo}`);
    return true;
  }
  if (fault?.gatewayPage !== undefined) {
    const title = `${fault.gatewayPage} ${STATUS_CODES[fault.gatewayPage] ?? 'Error'}`;
    res.writeHead(fault.gatewayPage, { 'content-type': 'text/html' }).end(`<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`);
    return true;
  }
  return false;
}

/** Writes a 200 answer broken as `fault` says, or whole; `headers-never-come` writes nothing until the client leaves. */
export async function writeAnswer(res: ServerResponse, headers: Record<string, string>, answer: Answer, fault: ScriptedFaults | undefined): Promise<void> {
  if (res.destroyed) return;
  if (fault?.breakAnswer === 'headers-never-come') {
    await new Promise((resolve) => res.once('close', resolve));
    return;
  }
  if ('json' in answer) {
    if (fault?.breakAnswer) writeBrokenJson(res, headers, answer.json, fault.breakAnswer, fault.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES);
    else res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    return;
  }
  await writeSseFrames(res, headers, ...streamFor(answer.stream, fault));
}

function streamFor(script: SseScript, fault: ScriptedFaults | undefined): [frames: readonly string[], options: { stall?: boolean; reset?: boolean }] {
  if (fault?.stallAfterDeltas !== undefined) return [script.frames.slice(0, cutIndex(script, fault.stallAfterDeltas)), { stall: true }];
  const cut = cutIndex(script, 1);
  const before = script.frames.slice(0, cut);
  const after = script.frames.slice(cut);
  const halfOfNext = (script.frames[cut] ?? '').slice(0, Math.floor((script.frames[cut] ?? '').length / 2));
  switch (fault?.breakAnswer) {
    case 'stall':
      return [[...before, halfOfNext], { stall: true }];
    case 'reset':
      return [[...before, halfOfNext], { reset: true }];
    case 'truncated':
      return [before, {}];
    case 'malformed':
      return [[...before, script.malformed, ...after], {}];
    case 'oversized':
      return [[...before, script.hugeContent(fault.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES), ...after], {}];
    default:
      return [script.frames, {}];
  }
}

/**
 * The stream cut just before its (afterDeltas + 1)-th content delta (or its ending), with the frames `ending` writes
 * for the frame index of the cut in place of the rest: how an upstream streams an error after the answer began.
 */
export function endedAfterDeltas(script: SseScript, afterDeltas: number, ending: (cut: number) => string): SseScript {
  const cut = cutIndex(script, afterDeltas);
  return { ...script, frames: [...script.frames.slice(0, cut), ending(cut)], content: [...script.content.slice(0, cut), false], endingIndex: cut };
}

/** The index just before the stream's (afterDeltas + 1)-th content delta (or its ending when it has fewer). */
function cutIndex(script: SseScript, afterDeltas: number): number {
  const contentIndexes = script.content.flatMap((isContent, index) => (isContent ? [index] : []));
  return contentIndexes[Math.max(0, afterDeltas)] ?? script.endingIndex;
}

/**
 * Writes each frame as its own chunk, yielding to the event loop in between so clients really see a stream. With
 * `stall`, the stream is left open after the last frame, silent, until the client goes away; with `reset`, its
 * connection is reset (TCP RST) instead of ending the stream.
 */
export async function writeSseFrames(res: ServerResponse, headers: Record<string, string>, frames: readonly string[], options: { stall?: boolean; reset?: boolean } = {}): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const frame of frames) {
    if (res.destroyed) return;
    res.write(frame);
    await nextTurn();
  }
  if (res.destroyed || options.stall) return;
  if (options.reset) res.socket?.resetAndDestroy();
  else res.end();
}

/**
 * A 200 JSON answer broken as a faulty upstream or network breaks one: `stall` and `reset` stop in its middle (its
 * content-length promised more) and stay silent or reset the connection; `truncated` ends there cleanly (no
 * content-length, so it looks whole); `malformed` is binary bytes labelled JSON; `oversized` is the body with
 * `oversizedBytes` of padding, valid JSON of the right shape.
 */
function writeBrokenJson(res: ServerResponse, commonHeaders: Record<string, string>, body: object, how: Exclude<AnswerBreak, 'headers-never-come'>, oversizedBytes: number): void {
  const headers = { ...commonHeaders, 'content-type': 'application/json' };
  const text = JSON.stringify(body);
  const half = text.slice(0, Math.floor(text.length / 2));
  switch (how) {
    case 'stall':
      res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).write(half);
      return;
    case 'reset':
      res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).write(half, () => res.socket?.resetAndDestroy());
      return;
    case 'truncated':
      res.writeHead(200, headers).end(half);
      return;
    case 'malformed':
      res.writeHead(200, headers).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]));
      return;
    case 'oversized':
      res.writeHead(200, headers).end(JSON.stringify({ ...body, padding: 'x'.repeat(oversizedBytes) }));
      return;
  }
}

/** Waits `ms`; false when the client went away meanwhile (nothing must be written then). */
function holdUnlessAbandoned(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

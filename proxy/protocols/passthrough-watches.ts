/**
 * The two shapes of a passthrough watch (see PassthroughWatch), shared by every protocol: a stream of server-sent
 * events read one event at a time, and one JSON body checked once it is all in. A protocol says only what its
 * events and bodies mean.
 */
import type { IRError, IRUsage } from '../wire/ir.js';
import { incompleteStreamError } from '../wire/ir.js';
import { sseTap, type ParsedSseEvent } from '../wire/sse.js';
import type { PassthroughWatch } from './protocol.js';

/** What a protocol's event reader tells the stream watch. */
export interface StreamWatchSink {
  /** The event breaks the protocol: the stream must not be passed on from here. */
  fail(message: string): void;
  /** The stream's terminal event: it is whole, and nothing after it counts. */
  finish(): void;
  /** The stream is whole if it ends now, but may still send more (a usage chunk after the finish reason, say). */
  mayEnd(): void;
  /** The upstream's own error event: the client sees it, and it ends the stream. */
  errorEvent(error: IRError): void;
  /** The usage the answer reports so far (a later report replaces it). */
  report(usage: IRUsage): void;
  /** The usage reported so far, for protocols that report it in parts. */
  readonly reported: IRUsage | null;
}

export function sseStreamWatch(readEvent: (event: ParsedSseEvent, sink: StreamWatchSink) => void, onErrorEvent: (error: IRError) => void): PassthroughWatch {
  let fault: IRError | null = null;
  let finished = false;
  let mayEnd = false;
  let reported: IRUsage | null = null;
  const sink: StreamWatchSink = {
    fail: (message) => (fault = upstreamFault(message)),
    finish: () => (finished = true),
    mayEnd: () => (mayEnd = true),
    errorEvent(error) {
      finished = true;
      onErrorEvent(error);
    },
    report: (usage) => (reported = usage),
    get reported() {
      return reported;
    },
  };
  const tap = sseTap((event) => {
    if (!fault && !finished) readEvent(event, sink);
  });
  return {
    feed(chunk) {
      tap(chunk);
      return fault;
    },
    end: () => fault ?? (finished || mayEnd ? null : incompleteStreamError()),
    usage: () => reported,
  };
}

/** What a whole JSON answer holds: its usage, or why it is not a whole answer. */
export type WholeAnswer = { ok: true; usage: IRUsage | null } | { ok: false; message: string };

/**
 * Watches a passthrough answer that is one JSON body: it is whole when its bytes, once all are in, are the JSON
 * that `read` accepts. `who` names the upstream in a fault's message ("Anthropic", "the upstream"); `what` the
 * answer it should be ("message", "chat.completion").
 */
export function wholeBodyWatch(who: string, what: string, read: (json: unknown) => WholeAnswer): PassthroughWatch {
  const chunks: Uint8Array[] = [];
  let reported: IRUsage | null = null;
  return {
    feed(chunk) {
      chunks.push(chunk);
      return null;
    },
    end() {
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        const start = text.length > 0 ? `; it starts ${JSON.stringify(text.slice(0, 60))}` : '';
        return upstreamFault(`${who} answered with a body that is not JSON (${Buffer.byteLength(text)} bytes${start})`);
      }
      const answer = read(json);
      if (!answer.ok) return upstreamFault(`${who} answered with JSON that is not a whole ${what}: ${answer.message}`);
      reported = answer.usage;
      return null;
    },
    usage: () => reported,
  };
}

/** A zod issue in words: "Required at content.0.type". */
export function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  const field = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  return `${issue?.message ?? 'invalid'}${field}`;
}

export function upstreamFault(message: string): IRError {
  return { kind: 'api_error', status: 502, message };
}

import type { PassthroughWatch } from '../protocol.js';
import type { IRError, IRUsage } from '../../wire/ir.js';

/** What a whole JSON answer holds: its usage, or why it is not a whole answer. */
export type WholeAnswer = { ok: true; usage: IRUsage | null } | { ok: false; message: string };

/**
 * Watches a passthrough answer that is one JSON body (see PassthroughWatch): it is whole when its bytes, once all
 * are in, are the JSON that `read` accepts. `what` names the format in the message of a fault ("chat.completion").
 */
export function wholeBodyWatch(what: string, read: (json: unknown) => WholeAnswer): PassthroughWatch {
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
        return upstreamFault(`the upstream answered with a body that is not JSON (${Buffer.byteLength(text)} bytes${start})`);
      }
      const answer = read(json);
      if (!answer.ok) return upstreamFault(`the upstream answered with JSON that is not a whole ${what}: ${answer.message}`);
      reported = answer.usage;
      return null;
    },
    usage: () => reported,
  };
}

export function upstreamFault(message: string): IRError {
  return { kind: 'api_error', status: 502, message };
}

import { answerTooLargeError, contentLength, MAX_ANSWER_BYTES } from './answer-bounds.js';
import type { IRAssistantPart, IREvent, IRResponse, IRStopReason, IRUsage } from './ir.js';
import { emptyUsage, incompleteStreamError } from './ir.js';

/** Thrown when a stream that should become one JSON response ended in an error event. */
export class StreamError extends Error {
  constructor(readonly error: Extract<IREvent, { type: 'error' }>['error']) {
    super(error.message);
    this.name = 'StreamError';
  }
}

/**
 * Collects a complete IR stream into one response (for clients that asked for `stream: false`). A stream that
 * ends in an error throws StreamError; one that ends without `finish` is reported as an error, not truncated; one
 * whose content grows past MAX_ANSWER_BYTES characters too, rather than being held.
 */
export async function aggregateStream(events: AsyncIterable<IREvent> | Iterable<IREvent>): Promise<IRResponse> {
  const parts = new Map<number, IRAssistantPart>();
  let id = '';
  let model = '';
  let usage: IRUsage = emptyUsage();
  let finish: { stopReason: IRStopReason; stopSequence: string | null } | null = null;
  let keptChars = 0;

  for await (const event of events) {
    keptChars += contentLength(event);
    if (keptChars > MAX_ANSWER_BYTES) throw new StreamError(answerTooLargeError('The answer'));
    switch (event.type) {
      case 'message-start':
        id = event.id;
        model = event.model;
        if (event.usage) usage = event.usage;
        break;
      case 'text-start':
        parts.set(event.index, { type: 'text', text: '', ...(event.providerData ? { providerData: event.providerData } : {}) });
        break;
      case 'text-delta':
        update(parts, event.index, 'text', (part) => ({ ...part, text: part.text + event.text }));
        break;
      case 'reasoning-start':
        parts.set(event.index, {
          type: 'reasoning',
          text: '',
          ...(event.encrypted !== undefined ? { encrypted: event.encrypted } : {}),
          ...(event.providerData ? { providerData: event.providerData } : {}),
        });
        break;
      case 'reasoning-delta':
        update(parts, event.index, 'reasoning', (part) => ({ ...part, text: part.text + event.text }));
        break;
      case 'reasoning-signature':
        update(parts, event.index, 'reasoning', (part) => ({ ...part, signature: (part.signature ?? '') + event.signature }));
        break;
      case 'tool-call-start':
        parts.set(event.index, { type: 'tool-call', id: event.id, name: event.name, arguments: '', ...(event.providerData ? { providerData: event.providerData } : {}) });
        break;
      case 'tool-call-delta':
        update(parts, event.index, 'tool-call', (part) => ({ ...part, arguments: part.arguments + event.argumentsDelta }));
        break;
      case 'usage':
        usage = event.usage;
        break;
      case 'finish':
        usage = event.usage;
        finish = { stopReason: event.stopReason, stopSequence: event.stopSequence };
        break;
      case 'error':
        throw new StreamError(event.error);
      case 'text-end':
      case 'reasoning-end':
      case 'tool-call-end':
        break;
    }
  }
  if (!finish) throw new StreamError(incompleteStreamError());
  const content = [...parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
  return { id, upstreamModel: model, content, stopReason: finish.stopReason, stopSequence: finish.stopSequence, usage };
}

function update<T extends IRAssistantPart['type']>(
  parts: Map<number, IRAssistantPart>,
  index: number,
  type: T,
  change: (part: Extract<IRAssistantPart, { type: T }>) => Extract<IRAssistantPart, { type: T }>,
): void {
  const part = parts.get(index);
  if (part?.type === type) parts.set(index, change(part as Extract<IRAssistantPart, { type: T }>));
}

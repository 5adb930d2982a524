import { z } from 'zod';
import { anthropicMessageSchema, anthropicUsageSchema } from '../../wire/anthropic/anthropic-response-api.js';
import { anthropicErrorToIrKind } from '../../wire/anthropic/anthropic-error.js';
import { mergeAnthropicUsage } from '../../wire/anthropic/map-anthropic-usage.js';
import type { IRError, IRUsage } from '../../wire/ir.js';
import { emptyUsage, incompleteStreamError } from '../../wire/ir.js';
import { sseTap, type ParsedSseEvent } from '../../wire/sse.js';
import type { PassthroughWatch, PassthroughWatchOptions } from '../protocol.js';
import { AnthropicProtocolError, readEventFrame } from './anthropic-stream-to-ir.js';

const usageCarrier = z.looseObject({
  usage: anthropicUsageSchema.nullish(),
  message: z.looseObject({ usage: anthropicUsageSchema.nullish() }).nullish(),
});

const errorEventSchema = z.looseObject({ error: z.looseObject({ type: z.string(), message: z.string().optional() }) });

/** What a whole answer of each endpoint is: loose objects, so a new field never fails one. */
const MESSAGE_ANSWER = { schema: anthropicMessageSchema.extend({ type: z.literal('message') }), what: 'message' };
const WHOLE_ANSWERS: Partial<Record<PassthroughWatchOptions['endpoint'], { schema: z.ZodType; what: string }>> = {
  messages: MESSAGE_ANSWER,
  'messages/count_tokens': { schema: z.looseObject({ input_tokens: z.number() }), what: 'token count' },
};

/**
 * Watches a passthrough answer of the Messages API without changing it (see PassthroughWatch). A stream is whole
 * once it has sent `message_stop` — or its own `error` event, which the client has then seen; every event must be
 * framed as the API frames them (JSON data with a `type`). A body is whole when it is the JSON of the endpoint's
 * answer. Usage comes from message_start and message_delta, or from the body's `usage`.
 */
export function anthropicPassthroughWatch(options: PassthroughWatchOptions): PassthroughWatch {
  return options.eventStream ? new StreamWatch(options.onErrorEvent) : new BodyWatch(options.endpoint);
}

class StreamWatch implements PassthroughWatch {
  private fault: IRError | null = null;
  private finished = false;
  private reported: IRUsage | null = null;
  private readonly tap = sseTap((event) => this.onEvent(event));

  constructor(private readonly onErrorEvent: (error: IRError) => void) {}

  feed(chunk: Uint8Array): IRError | null {
    this.tap(chunk);
    return this.fault;
  }

  end(): IRError | null {
    return this.fault ?? (this.finished ? null : incompleteStreamError());
  }

  usage(): IRUsage | null {
    return this.reported;
  }

  private onEvent(event: ParsedSseEvent): void {
    if (this.fault || this.finished) return;
    let frame: ReturnType<typeof readEventFrame>;
    try {
      frame = readEventFrame(event);
    } catch (error) {
      if (!(error instanceof AnthropicProtocolError)) throw error;
      this.fault = { kind: 'api_error', status: 502, message: error.message };
      return;
    }
    switch (frame?.type) {
      case 'message_start':
      case 'message_delta':
        this.reported = takeUsage(this.reported, frame.json);
        return;
      case 'message_stop':
        this.finished = true;
        return;
      case 'error':
        this.finished = true;
        this.onErrorEvent(errorOf(frame.json));
        return;
    }
  }
}

class BodyWatch implements PassthroughWatch {
  private readonly chunks: Uint8Array[] = [];
  private reported: IRUsage | null = null;

  constructor(private readonly endpoint: PassthroughWatchOptions['endpoint']) {}

  feed(chunk: Uint8Array): IRError | null {
    this.chunks.push(chunk);
    return null;
  }

  end(): IRError | null {
    const text = Buffer.concat(this.chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const start = text.length > 0 ? `; it starts ${JSON.stringify(text.slice(0, 60))}` : '';
      return upstreamFault(`Anthropic answered with a body that is not JSON (${Buffer.byteLength(text)} bytes${start})`);
    }
    // Only the Messages endpoints come to this protocol's watch; any other is held to a message's shape.
    const { schema, what } = WHOLE_ANSWERS[this.endpoint] ?? MESSAGE_ANSWER;
    const checked = schema.safeParse(json);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
      return upstreamFault(`Anthropic answered with JSON that is not a whole ${what}${field}: ${issue?.message ?? 'invalid'}`);
    }
    this.reported = takeUsage(null, json);
    return null;
  }

  usage(): IRUsage | null {
    return this.reported;
  }
}

function upstreamFault(message: string): IRError {
  return { kind: 'api_error', status: 502, message };
}

function takeUsage(known: IRUsage | null, json: unknown): IRUsage | null {
  const parsed = usageCarrier.safeParse(json);
  const usage = parsed.success ? (parsed.data.message?.usage ?? parsed.data.usage) : null;
  return usage ? mergeAnthropicUsage(known ?? emptyUsage(), usage) : known;
}

/** Anthropic's `error` event: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}. */
function errorOf(json: unknown): IRError {
  const parsed = errorEventSchema.safeParse(json);
  if (!parsed.success) return upstreamFault('Anthropic sent an error event without its error');
  const { type, message } = parsed.data.error;
  return { ...anthropicErrorToIrKind(type), message: message ?? type };
}

import { z } from 'zod';
import { anthropicMessageSchema, anthropicUsageSchema } from '../../wire/anthropic/anthropic-response-api.js';
import { anthropicErrorToIrKind } from '../../wire/anthropic/anthropic-error.js';
import { mergeAnthropicUsage } from '../../wire/anthropic/map-anthropic-usage.js';
import type { IRError, IRUsage } from '../../wire/ir.js';
import { emptyUsage } from '../../wire/ir.js';
import type { ParsedSseEvent } from '../../wire/sse.js';
import { describeIssue, sseStreamWatch, upstreamFault, wholeBodyWatch, type StreamWatchSink } from '../passthrough-watches.js';
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
  if (options.eventStream) return sseStreamWatch(readStreamEvent, options.onErrorEvent);
  // Only the Messages endpoints come to this protocol's watch; any other is held to a message's shape.
  const { schema, what } = WHOLE_ANSWERS[options.endpoint] ?? MESSAGE_ANSWER;
  return wholeBodyWatch('Anthropic', what, (json) => {
    const checked = schema.safeParse(json);
    return checked.success ? { ok: true, usage: takeUsage(null, json) } : { ok: false, message: describeIssue(checked.error.issues[0]) };
  });
}

function readStreamEvent(event: ParsedSseEvent, sink: StreamWatchSink): void {
  let frame: ReturnType<typeof readEventFrame>;
  try {
    frame = readEventFrame(event);
  } catch (error) {
    if (!(error instanceof AnthropicProtocolError)) throw error;
    sink.fail(error.message);
    return;
  }
  switch (frame?.type) {
    case 'message_start':
    case 'message_delta': {
      const usage = takeUsage(sink.reported, frame.json);
      if (usage) sink.report(usage);
      return;
    }
    case 'message_stop':
      sink.finish();
      return;
    case 'error':
      sink.errorEvent(errorOf(frame.json));
      return;
  }
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

import { z } from 'zod';
import { anthropicUsageSchema } from '../../wire/anthropic/anthropic-response-api.js';
import { mergeAnthropicUsage } from '../../wire/anthropic/map-anthropic-usage.js';
import type { IRUsage } from '../../wire/ir.js';
import { emptyUsage } from '../../wire/ir.js';
import { sseTap, type ParsedSseEvent } from '../../wire/sse.js';

const usageCarrier = z.looseObject({
  usage: anthropicUsageSchema.nullish(),
  message: z.looseObject({ usage: anthropicUsageSchema.nullish() }).nullish(),
});

/** A JSON body is read whole only up to this size; a longer one is not a Messages answer worth counting. */
const MAX_JSON_BODY = 8 * 1024 * 1024;

/**
 * Reads the token usage out of a passthrough answer as it flows by, without changing it: from message_start
 * and message_delta in a stream, or from the `usage` of a JSON body.
 */
export class AnthropicUsageCollector {
  private usage: IRUsage | null = null;
  private readonly json: Uint8Array[] = [];
  private jsonBytes = 0;
  private readonly tapSse = sseTap((event) => this.onEvent(event));

  constructor(
    private readonly eventStream: boolean,
    private readonly onStreamEvent: (event: ParsedSseEvent) => void = () => {},
  ) {}

  /** Feed every chunk of the answer. */
  readonly feed = (chunk: Uint8Array): void => {
    if (this.eventStream) {
      this.tapSse(chunk);
    } else if (this.jsonBytes + chunk.byteLength <= MAX_JSON_BODY) {
      this.json.push(chunk);
      this.jsonBytes += chunk.byteLength;
    }
  };

  /** The usage the answer reported, or null when it reported none (an error, count_tokens). */
  result(): IRUsage | null {
    if (!this.eventStream && this.json.length > 0) this.take(Buffer.concat(this.json).toString('utf8'));
    return this.usage;
  }

  private onEvent(event: ParsedSseEvent): void {
    this.onStreamEvent(event);
    if (event.event === 'message_start' || event.event === 'message_delta') this.take(event.data);
  }

  private take(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = usageCarrier.safeParse(json);
    if (!parsed.success) return;
    const usage = parsed.data.message?.usage ?? parsed.data.usage;
    if (usage) this.usage = mergeAnthropicUsage(this.usage ?? emptyUsage(), usage);
  }
}

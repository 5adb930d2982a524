import type { PassthroughWatch, PassthroughWatchOptions } from '../protocol.js';
import type { IRError, IRUsage } from '../../wire/ir.js';
import { incompleteStreamError } from '../../wire/ir.js';
import { sseTap, type ParsedSseEvent } from '../../wire/sse.js';
import { openAIStreamErrorToIr } from '../openai-common/openai-error.js';
import { upstreamFault, wholeBodyWatch } from '../openai-common/whole-body-watch.js';
import { chatChunkSchema, chatCompletionSchema } from './chat-upstream-api.js';
import { chatUsageToIr } from './chat-usage-to-ir.js';

export type ChatWatchOptions = Pick<PassthroughWatchOptions, 'eventStream' | 'onErrorEvent'>;

/**
 * Watches a Chat Completions answer passed through to a Chat client unchanged (see PassthroughWatch). A stream is
 * whole once it sent `[DONE]`, or a chunk with a finish_reason (some compatible servers never send [DONE]), or its
 * own `{"error": …}` event, which the client has then seen. Every event must be JSON of a chunk. Usage comes from
 * the chunk that carries it (the client asked with stream_options.include_usage) or from the body.
 */
export function chatPassthroughWatch(options: ChatWatchOptions): PassthroughWatch {
  if (!options.eventStream) {
    return wholeBodyWatch('chat.completion', (json) => {
      const parsed = chatCompletionSchema.safeParse(json);
      if (!parsed.success) return { ok: false, message: describeIssue(parsed.error.issues[0]) };
      return { ok: true, usage: parsed.data.usage ? chatUsageToIr(parsed.data.usage) : null };
    });
  }
  return new ChatStreamWatch(options.onErrorEvent);
}

class ChatStreamWatch implements PassthroughWatch {
  private fault: IRError | null = null;
  private done = false;
  private finishSeen = false;
  private reported: IRUsage | null = null;
  private readonly tap = sseTap((event) => this.onEvent(event));

  constructor(private readonly onErrorEvent: (error: IRError) => void) {}

  feed(chunk: Uint8Array): IRError | null {
    this.tap(chunk);
    return this.fault;
  }

  end(): IRError | null {
    return this.fault ?? (this.done || this.finishSeen ? null : incompleteStreamError());
  }

  usage(): IRUsage | null {
    return this.reported;
  }

  private onEvent(event: ParsedSseEvent): void {
    if (this.fault || this.done) return;
    const data = event.data.trim();
    if (data === '') return;
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.fault = upstreamFault(`the upstream sent a Chat stream event that is not JSON (it starts ${JSON.stringify(data.slice(0, 40))})`);
      return;
    }
    if (typeof json === 'object' && json !== null && 'error' in json) {
      this.done = true;
      this.onErrorEvent(openAIStreamErrorToIr(json));
      return;
    }
    const chunk = chatChunkSchema.safeParse(json);
    if (!chunk.success) {
      this.fault = upstreamFault(`the upstream sent a malformed chat.completion.chunk: ${describeIssue(chunk.error.issues[0])}`);
      return;
    }
    if (chunk.data.choices?.some((choice) => choice.finish_reason)) this.finishSeen = true;
    if (chunk.data.usage) this.reported = chatUsageToIr(chunk.data.usage);
  }
}

function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  const field = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  return `${issue?.message ?? 'invalid'}${field}`;
}

import type { IREvent, IRMessage, IRReasoningPart } from '../wire/ir.js';

/**
 * Remembers the signed (or encrypted) reasoning that preceded each tool call Switchboard returned, so a client that
 * cannot carry it (OpenAI Chat has no place for a signature or an encrypted_content) still gets a whole tool-use
 * loop: when its next request replays that assistant turn, the reasoning is put back before the tool calls.
 * Anthropic requires its thinking there while thinking is on; a Codex (OpenAI) reasoning model goes on from its own
 * reasoning instead of starting over after each tool result. Bounded in size and age; a miss just means that turn
 * goes without it (Anthropic: thinking turned off for the turn).
 */
export class ThinkingMemory {
  private readonly entries = new Map<string, { reasoning: IRReasoningPart[]; at: number }>();

  constructor(
    private readonly capacity = 5000,
    private readonly ttlMs = 12 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  remember(toolCallIds: readonly string[], reasoning: readonly IRReasoningPart[]): void {
    for (const id of toolCallIds) {
      this.entries.delete(id);
      this.entries.set(id, { reasoning: [...reasoning], at: this.now() });
    }
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  recall(toolCallId: string): IRReasoningPart[] | undefined {
    const entry = this.entries.get(toolCallId);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(toolCallId);
      return undefined;
    }
    return entry.reasoning;
  }

  /** Watches a response stream as it passes and remembers its signed thinking with its tool-call ids. */
  async *observe(events: AsyncIterable<IREvent>): AsyncGenerator<IREvent> {
    const reasoning = new Map<number, IRReasoningPart>();
    const toolCallIds: string[] = [];
    for await (const event of events) {
      switch (event.type) {
        case 'reasoning-start':
          reasoning.set(event.index, { type: 'reasoning', text: '', ...(event.encrypted !== undefined ? { encrypted: event.encrypted } : {}), ...(event.providerData ? { providerData: event.providerData } : {}) });
          break;
        case 'reasoning-delta':
          update(reasoning, event.index, (part) => ({ ...part, text: part.text + event.text }));
          break;
        case 'reasoning-signature':
          update(reasoning, event.index, (part) => ({ ...part, signature: (part.signature ?? '') + event.signature }));
          break;
        case 'tool-call-start':
          toolCallIds.push(event.id);
          break;
        case 'finish': {
          const signed = [...reasoning.entries()].sort(([a], [b]) => a - b).map(([, part]) => part).filter(isReplayable);
          if (signed.length > 0 && toolCallIds.length > 0) this.remember(toolCallIds, signed);
          break;
        }
        default:
          break;
      }
      yield event;
    }
  }

  /** Puts remembered thinking back into assistant turns that made tool calls but carry no signed thinking. */
  restore(messages: readonly IRMessage[]): IRMessage[] {
    return messages.map((message) => {
      if (message.role !== 'assistant' || message.content.some((part) => part.type === 'reasoning' && isReplayable(part))) return message;
      const call = message.content.find((part) => part.type === 'tool-call');
      const remembered = call ? this.recall(call.id) : undefined;
      if (!remembered) return message;
      return { ...message, content: [...remembered, ...message.content.filter((part) => part.type !== 'reasoning')] };
    });
  }
}

function isReplayable(part: IRReasoningPart): boolean {
  return Boolean(part.signature) || Boolean(part.encrypted);
}

function update(parts: Map<number, IRReasoningPart>, index: number, change: (part: IRReasoningPart) => IRReasoningPart): void {
  const part = parts.get(index);
  if (part) parts.set(index, change(part));
}

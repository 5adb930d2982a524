import { describe, expect, it } from 'vitest';
import { AnthropicUsageCollector } from './usage-collector.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('AnthropicUsageCollector', () => {
  it('reads usage from message_start and message_delta of a stream, split anywhere', () => {
    const collector = new AnthropicUsageCollector(true);
    const stream =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":12,"cache_creation_input_tokens":3,"cache_read_input_tokens":40,"output_tokens":1}}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":25}}\n\n';
    for (let i = 0; i < stream.length; i += 7) collector.feed(encode(stream.slice(i, i + 7)));
    expect(collector.result()).toEqual({ inputTokens: 12, outputTokens: 25, cacheReadTokens: 40, cacheWriteTokens: 3, reasoningTokens: null, estimated: false });
  });

  it('reads usage from a JSON body, and reports none for bodies without it', () => {
    const collector = new AnthropicUsageCollector(false);
    collector.feed(encode('{"id":"m","content":[],"usage":{"input_tokens":5,'));
    collector.feed(encode('"output_tokens":9}}'));
    expect(collector.result()).toMatchObject({ inputTokens: 5, outputTokens: 9 });
    const counts = new AnthropicUsageCollector(false);
    counts.feed(encode('{"input_tokens":42}'));
    expect(counts.result()).toBeNull();
  });
});

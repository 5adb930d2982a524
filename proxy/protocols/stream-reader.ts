import type { IREvent, IRError } from '../wire/ir.js';
import type { ParsedSseEvent } from '../wire/sse.js';
import type { StreamTranslator } from '../wire/stream-translator.js';

/** Thrown by a protocol's stream reader when the upstream sent something malformed or out of order. */
export class StreamProtocolError extends Error {}

/** What every protocol's stream reader keeps: whether the stream has ended (after which nothing more is read). */
export interface StreamReaderState {
  phase: 'before' | 'streaming' | 'done';
}

/**
 * A protocol's upstream stream → IR events, one parsed SSE event at a time. `read` translates one event and throws
 * a StreamProtocolError for what it cannot read; that ends the stream with one IR error (502) rather than a guess.
 * After the stream ended (its finish or an error), later events are ignored.
 */
export function irStreamReader<State extends StreamReaderState>(reader: {
  initial(): State;
  read(state: State, sse: ParsedSseEvent): IREvent[];
  end(state: State): IREvent[];
}): StreamTranslator<State, ParsedSseEvent, IREvent> {
  return {
    initial: reader.initial,
    step: (state, sse) => {
      if (state.phase === 'done') return [];
      try {
        return reader.read(state, sse);
      } catch (error) {
        if (error instanceof StreamProtocolError) return endStreamWithError(state, { kind: 'api_error', status: 502, message: error.message });
        throw error;
      }
    },
    end: (state) => (state.phase === 'done' ? [] : reader.end(state)),
  };
}

/** Ends the stream with `error` as its last IR event. */
export function endStreamWithError(state: StreamReaderState, error: IRError): IREvent[] {
  state.phase = 'done';
  return [{ type: 'error', error }];
}

import type { IRUsage } from '../ir.js';
import type { SseFrame } from '../sse.js';
import { jsonFrame } from '../sse.js';
import type { CustomInputReader } from './custom-tool-input.js';
import type { OutputItem, ResponsesStreamEvent } from './responses-api.js';

/** One IR part being streamed as an output item. */
export type OpenItem =
  | { kind: 'text'; outputIndex: number; itemId: string; text: string }
  | { kind: 'reasoning'; outputIndex: number; itemId: string; text: string; signature: string; encrypted?: string; summaryOpen: boolean }
  | {
      kind: 'tool-call';
      outputIndex: number;
      itemId: string;
      callId: string;
      /** The IR name; the item shows the client's name. */
      name: string;
      arguments: string;
      /** Set for a custom tool: reads its `input` out of the streamed arguments. */
      custom: CustomInputReader | null;
      /** The part of the custom input already sent as deltas. */
      streamedInput: string;
    };

export interface ResponsesStreamState {
  phase: 'new' | 'streaming' | 'ended';
  sequence: number;
  nextOutputIndex: number;
  /** Open items by IR part index. */
  open: Map<number, OpenItem>;
  /** Finished items by output index. */
  done: Map<number, OutputItem>;
  usage: IRUsage | null;
  /** Characters of content kept in the items (to repeat in their closing events); bounded by MAX_ANSWER_BYTES. */
  keptChars: number;
}

export function initialStreamState(): ResponsesStreamState {
  return { phase: 'new', sequence: 0, nextOutputIndex: 0, open: new Map(), done: new Map(), usage: null, keptChars: 0 };
}

type Unsequenced<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;

/** A frame named after its payload's type, numbered in stream order. */
export function emit(state: ResponsesStreamState, event: Unsequenced<ResponsesStreamEvent>): SseFrame {
  // `type` and `sequence_number` lead, as in the real stream; Object.assign keeps that key order.
  return jsonFrame(event.type, Object.assign({ type: event.type, sequence_number: state.sequence++ }, event));
}

export function finishedOutput(state: ResponsesStreamState): OutputItem[] {
  return [...state.done.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
}

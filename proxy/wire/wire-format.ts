import type { IREvent, IRError, IRRequest, IRResponse, IRTool, IRWarning } from './ir.js';
import type { SseFrame } from './sse.js';
import type { StreamTranslator } from './stream-translator.js';

/** A client request the format cannot accept: becomes a 400 in the client's own error shape. */
export class WireRequestError extends Error {
  constructor(
    message: string,
    /** The offending field, e.g. "messages[2].content[0].image_url". */
    readonly param?: string,
  ) {
    super(message);
    this.name = 'WireRequestError';
  }
}

export interface ParsedRequest {
  request: IRRequest;
  /** What the IR cannot express, dropped (logged once, never sent to the client as an error). */
  warnings: IRWarning[];
}

/** What a renderer needs besides the events: who asked, for what, and how to name things back. */
export interface RenderContext {
  /** The model name the client asked for; every response shows this name, not the upstream's. */
  requestedModel: string;
  /** Unix seconds when the response began. */
  created: number;
  /** The response id the client sees (chatcmpl-…, resp_…, msg_…). */
  responseId: string;
  /** The request as parsed, with its tools (their `origin` maps flat names back to client tools). */
  request: IRRequest;
}

export function toolByName(context: RenderContext, name: string): IRTool | undefined {
  return context.request.tools.find((tool) => tool.name === name);
}

/** One client wire format: its parser and its renderers. A format never imports a provider or the HTTP layer. */
export interface WireFormat {
  readonly id: 'anthropic' | 'chat' | 'responses';
  /** Validates a client body (zod) and parses it into the IR. Throws WireRequestError. */
  parseRequest(body: unknown): ParsedRequest;
  /** IR events → this format's SSE frames; ends with the format's terminal event, also after an error. */
  streamRenderer(context: RenderContext): StreamTranslator<unknown, IREvent, SseFrame>;
  /** A complete response → this format's non-streaming JSON body. */
  renderResponse(response: IRResponse, context: RenderContext): unknown;
  /** An error before streaming began → this format's error JSON body. */
  renderError(error: IRError, requestId: string): unknown;
}

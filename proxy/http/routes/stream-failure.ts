import type { Failure } from '../../accounts/failure.js';
import { anthropicErrorToIrKind } from '../../wire/anthropic/anthropic-error.js';
import type { IRError } from '../../wire/ir.js';

/** An error event inside a stream that began with 200, as a failure of the account that served it. */
export function streamFailure(error: IRError | string): Failure {
  const parsed = typeof error === 'string' ? fromEventData(error) : error;
  const failureClass = parsed.kind === 'overloaded' ? 'overloaded' : parsed.kind === 'rate_limit' ? 'rate_limit' : 'stream_error';
  return { class: failureClass, retryAt: null, reason: `error inside the stream: ${parsed.message}` };
}

/** Anthropic's `event: error` data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}. */
function fromEventData(data: string): Pick<IRError, 'kind' | 'message'> {
  try {
    const body = JSON.parse(data) as { error?: { type?: unknown; message?: unknown } };
    const type = String(body.error?.type ?? '');
    return { kind: anthropicErrorToIrKind(type).kind, message: String(body.error?.message ?? type) };
  } catch {
    return { kind: 'api_error', message: data.slice(0, 200) };
  }
}

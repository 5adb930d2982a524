import type { Failure } from '../../upstream/failure.js';
import type { IRError } from '../../wire/ir.js';

/**
 * An error inside an answer that began with 200 (the upstream's own error event, which its provider read, or the
 * answer breaking off) as a failure of the account that served it.
 */
export function streamFailure(error: IRError): Failure {
  const failureClass = error.kind === 'overloaded' ? 'overloaded' : error.kind === 'rate_limit' ? 'rate_limit' : 'stream_error';
  return { class: failureClass, retryAt: null, reason: `error inside the stream: ${error.message}` };
}

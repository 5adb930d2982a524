/**
 * A failure on the way to the upstream or back — refused, reset, DNS, TLS, a body cut off. It says nothing about
 * the request, so it counts against the account that was tried (another may get through). Anything else that
 * goes wrong before the upstream answers was raised while building the request: the request's own fault, which
 * touches no account.
 */
export class UpstreamNetworkError extends Error {
  constructor(cause: unknown) {
    super(describeNetworkError(cause), { cause });
    this.name = 'UpstreamNetworkError';
  }
}

/**
 * undici's refusals of a request's own arguments (a header it will not send, a body that does not match its
 * length). They come as "fetch failed" like a network failure, but nothing was sent yet.
 */
const REQUEST_FAULT_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH']);

function isRequestFault(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' && REQUEST_FAULT_CODES.has(cause.code);
}

/** fetch for requests to an upstream: its network failures become UpstreamNetworkError; the request's own faults stay as they are. */
export function markingNetworkFailures(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await fetchImpl(input, init);
    } catch (error) {
      throw isRequestFault(error) ? error : new UpstreamNetworkError(error);
    }
  };
}

/** An error answer's body is read up to this much: Anthropic's are a few hundred bytes, a proxy's HTML page a few KB. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface UpstreamText {
  text: string;
  /** The body went on past the bound: `text` is only its start (the rest was not read). */
  cut: boolean;
}

/**
 * Reads an upstream answer's (error) body, up to `maxBytes`: what comes after is not read, and the body is released.
 * A body that breaks off is a network failure too.
 */
export async function readUpstreamText(body: ReadableStream<Uint8Array> | null, maxBytes = MAX_ERROR_BODY_BYTES): Promise<UpstreamText> {
  if (!body) return { text: '', cut: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: Buffer.concat(chunks, size).toString('utf8'), cut: false };
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size));
        await reader.cancel().catch(() => {});
        return { text: Buffer.concat(chunks, maxBytes).toString('utf8'), cut: true };
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    throw new UpstreamNetworkError(error);
  } finally {
    reader.releaseLock();
  }
}

/** "fetch failed (connect ECONNREFUSED 127.0.0.1:9)": undici's message says little without its cause. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

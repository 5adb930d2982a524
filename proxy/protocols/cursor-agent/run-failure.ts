import { fromBinary, type JsonValue } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';

import { ErrorDetailsSchema } from './gen/agent/v1/agent_pb.js';
import type { ChatFailure, ChatFailureKind } from './chat-transport.js';

interface CursorErrorDetail {
  error: string;
  title: string;
  detail: string;
}

/**
 * What an end-of-stream error (or a failed connection) means (PROTOCOLS.md §3 "Models, usage, errors"): Cursor's
 * ERROR_ name from the trailer's details decides, then the Connect code.
 */
export function failureOf(error: unknown): ChatFailure {
  const connectError = ConnectError.from(error);
  const detail = cursorDetail(connectError);
  const words = detail && (detail.title || detail.detail) ? [detail.title, detail.detail].filter(Boolean).join(': ') : connectError.rawMessage;
  const kind = kindOf(connectError.code, detail?.error ?? '', words);
  const message = kind === 'outdated-client' ? `Cursor no longer accepts this client version (${words}): raise the client version.` : `Cursor: ${words}`;
  return detail?.error ? { kind, message, cursorError: detail.error } : { kind, message };
}

function kindOf(code: Code, cursorError: string, words: string): ChatFailureKind {
  if (cursorError === 'ERROR_OUTDATED_CLIENT' || /update required/i.test(words)) return 'outdated-client';
  if (/^ERROR_(RATE_LIMITED|RESOURCE_EXHAUSTED)|_USAGE_LIMIT$/.test(cursorError) || code === Code.ResourceExhausted) return 'rate-limited';
  if (/^ERROR_AUTH_TOKEN_(NOT_FOUND|EXPIRED)$/.test(cursorError) || code === Code.Unauthenticated) return 'auth';
  return 'upstream';
}

/** The first detail carrying Cursor's error: its JSON form ("debug"), else its bytes read as our ErrorDetails. */
function cursorDetail(error: ConnectError): CursorErrorDetail | null {
  for (const detail of error.details) {
    if (!('type' in detail)) continue;
    const fromDebug = detailFromJson(detail.debug);
    if (fromDebug) return fromDebug;
    try {
      const decoded = fromBinary(ErrorDetailsSchema, detail.value);
      if (decoded.error) return { error: decoded.error, title: decoded.details?.title ?? '', detail: decoded.details?.detail ?? '' };
    } catch {
      // Not Cursor's error detail: look at the next one.
    }
  }
  return null;
}

function detailFromJson(debug: JsonValue | undefined): CursorErrorDetail | null {
  if (!debug || typeof debug !== 'object' || Array.isArray(debug) || typeof debug.error !== 'string') return null;
  const texts = debug.details && typeof debug.details === 'object' && !Array.isArray(debug.details) ? debug.details : {};
  const text = (value: JsonValue | undefined) => (typeof value === 'string' ? value : '');
  return { error: debug.error, title: text(texts.title), detail: text(texts.detail) };
}

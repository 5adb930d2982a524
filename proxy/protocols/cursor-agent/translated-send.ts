import type { IREvent } from '../../wire/ir.js';
import type { TranslatedRequest, TranslatedResponse } from '../protocol.js';
import type { CursorAgentCredential } from './agent-headers.js';
import type { CursorChatTransport } from './chat-transport.js';
import { irToTurn } from './ir-to-turn.js';
import { turnToIr } from './turn-to-ir.js';

/**
 * Serves an IR request with one Cursor turn (what `Protocol.send` does): a failure before any content comes back
 * as `ok: false` with its status, so the caller may still refresh, fail over or answer with a plain error.
 */
export async function sendTurn(transport: CursorChatTransport, translated: TranslatedRequest, credential: CursorAgentCredential): Promise<TranslatedResponse> {
  const { turn, warnings, refusal } = irToTurn(translated.request, translated.upstreamModel);
  if (refusal) return { ok: false, status: 400, headers: new Headers(), error: { kind: 'invalid_request', status: 400, message: refusal }, bodyText: '', warnings };
  if (turn.messages.at(-1)?.role !== 'user') {
    const error = { kind: 'invalid_request', status: 400, message: 'Cursor answers a user message or tool results: the conversation must not end with an assistant message.' } as const;
    return { ok: false, status: 400, headers: new Headers(), error, bodyText: '', warnings };
  }
  const events = turnToIr(transport.run(turn, credential, translated.signal), turn)[Symbol.asyncIterator]();
  const opening: IREvent[] = [];
  for (let next = await events.next(); !next.done; next = await events.next()) {
    opening.push(next.value);
    if (next.value.type === 'error' && opening.length === 2) {
      return { ok: false, status: next.value.error.status, headers: new Headers(), error: next.value.error, bodyText: '', warnings };
    }
    if (next.value.type !== 'message-start') break;
  }
  return { ok: true, headers: new Headers(), events: replay(opening, events), warnings };
}

async function* replay(opening: IREvent[], rest: AsyncIterator<IREvent>): AsyncGenerator<IREvent> {
  yield* opening;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

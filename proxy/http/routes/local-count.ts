import type { Response } from 'express';
import type { Target } from '../../providers/provider.js';
import type { WireFormat } from '../../wire/wire-format.js';
import type { UsageNotes } from '../usage-recording.js';
import type { AttemptMaker } from './served-attempt.js';
import type { IrRequest } from './translated.js';

/** The header that says a token count was made here, not by the upstream (README "Token counts"). */
export const TOKEN_COUNT_HEADER = 'x-switchboard-token-count';

/**
 * How a token-count endpoint answers for a target that cannot count upstream: its body read into the IR (in a client
 * format) and the count in the endpoint's answer shape.
 */
export interface LocalCount {
  format: WireFormat;
  /** The body as the format's parser takes it. */
  bodyForIr(body: unknown): unknown;
  render(inputTokens: number): object;
}

/** POST /v1/messages/count_tokens: `{input_tokens}`; the IR wants an output limit, which a count does not read. */
export function anthropicLocalCount(format: WireFormat): LocalCount {
  return {
    format,
    bodyForIr: (body) => (typeof body === 'object' && body !== null ? { max_tokens: 1, ...body } : body),
    render: (inputTokens) => ({ input_tokens: inputTokens }),
  };
}

/** Whether the target's protocol counts a request's tokens here (it cannot ask its upstream). */
export function countsLocally(target: Target): boolean {
  return target.protocol.estimateInputTokens !== undefined;
}

/**
 * Attempts that answer a token count here: the request as converted for the target, counted by its protocol, marked
 * estimated. Nothing goes upstream; the account only says whose count it was.
 */
export function localCountAttempts(count: LocalCount, res: Response, notes: UsageNotes, read: () => IrRequest): AttemptMaker {
  return async (route, credentials) => {
    const { request } = read();
    const inputTokens = route.target.protocol.estimateInputTokens!(request, route.upstreamModel);
    notes.accountId = credentials.account.id;
    return {
      status: 200,
      headers: new Headers(),
      errorText: null,
      discard: async () => {},
      serve: async () => {
        res.setHeader(TOKEN_COUNT_HEADER, 'estimated');
        res.status(200).json(count.render(inputTokens));
      },
    };
  };
}

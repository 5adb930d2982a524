import type { Connection, Protocol } from '../protocol.js';
import { openAIProtocol } from '../openai-common/openai-protocol.js';
import { convertToResponsesRequest } from './convert-to-responses-request.js';
import { responsesPassthroughWatch } from './responses-passthrough-watch.js';
import { readResponsesOpening } from './responses-opening.js';
import { responsesStreamToIr } from './responses-stream-to-ir.js';

/** The OpenAI Responses API, for any target that speaks it: Responses clients pass through, the others go through the IR. */
export function openAIResponsesProtocol<C>(connection: Connection<C>): Protocol<C> {
  return openAIProtocol(
    {
      id: 'openai-responses',
      nativeFormat: 'responses',
      endpoint: 'responses',
      convert: (request, upstreamModel) => convertToResponsesRequest(request, upstreamModel),
      streamToIr: responsesStreamToIr,
      readOpening: readResponsesOpening,
      watch: responsesPassthroughWatch,
    },
    connection,
  );
}

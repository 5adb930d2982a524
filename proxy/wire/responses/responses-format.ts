import type { WireFormat } from '../wire-format.js';
import { parseResponsesRequest } from './parse-responses-request.js';
import { renderResponsesResponse } from './render-responses-response.js';
import { responsesStreamRenderer } from './render-responses-stream.js';
import { renderResponsesError } from './responses-error.js';

/** The OpenAI Responses API (`POST /v1/responses`), as the openai SDKs and the Codex CLI speak it. */
export const responsesFormat: WireFormat = {
  id: 'responses',
  parseRequest: parseResponsesRequest,
  streamRenderer: responsesStreamRenderer,
  renderResponse: renderResponsesResponse,
  renderError: renderResponsesError,
};

import type { WireFormat } from '../wire-format.js';
import { renderAnthropicError } from './anthropic-error.js';
import { parseAnthropicRequest } from './parse-anthropic-request.js';
import { renderAnthropicResponse } from './render-anthropic-response.js';
import { anthropicStreamRenderer } from './render-anthropic-stream.js';

/** The Anthropic Messages format, for Anthropic clients served by a provider that speaks something else. */
export const anthropicFormat: WireFormat = {
  id: 'anthropic',
  parseRequest: parseAnthropicRequest,
  streamRenderer: anthropicStreamRenderer,
  renderResponse: renderAnthropicResponse,
  renderError: renderAnthropicError,
};

import { describe, expect, it } from 'vitest';
import type { IRResponse } from '../ir.js';
import { contextFor, usage } from './__fixtures__/kit.js';
import { decodeReasoningSecrets } from './reasoning-signature.js';
import { renderResponsesResponse } from './render-responses-response.js';
import { renderResponsesError } from './responses-error.js';

const tools = {
  tools: [
    { type: 'namespace', name: 'files', tools: [{ type: 'function', name: 'read', parameters: { type: 'object' } }] },
    { type: 'custom', name: 'apply_patch' },
  ],
};

const response = (content: IRResponse['content'], stopReason: IRResponse['stopReason'] = 'end_turn'): IRResponse => ({
  id: 'msg_up',
  upstreamModel: 'claude-sonnet-4-6-20260101',
  content,
  stopReason,
  stopSequence: null,
  usage: usage({ inputTokens: 7, cacheWriteTokens: 3, outputTokens: 4 }),
});

describe('renderResponsesResponse', () => {
  it('renders the same response object response.completed carries, without output_text', () => {
    const body = renderResponsesResponse(
      response([
        { type: 'reasoning', text: 'Plan.', signature: 'sig' },
        { type: 'text', text: 'Reading.' },
        { type: 'tool-call', id: 'toolu_1', name: 'files__read', arguments: '{"path":"a"}' },
        { type: 'tool-call', id: 'toolu_2', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' },
        { type: 'tool-call', id: 'toolu_3', name: 'not_offered', arguments: '{}' },
      ], 'tool_use'),
      contextFor(tools),
    );
    expect(body).toMatchObject({ id: 'resp_test', object: 'response', status: 'completed', model: 'claude-sonnet-4-6', error: null, incomplete_details: null });
    expect(body).not.toHaveProperty('output_text');
    expect(body.output).toEqual([
      { id: 'rs_test_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Plan.' }], encrypted_content: expect.any(String) },
      { id: 'msg_test_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Reading.', annotations: [], logprobs: [] }] },
      { id: 'fc_test_2', type: 'function_call', status: 'completed', call_id: 'toolu_1', name: 'read', namespace: 'files', arguments: '{"path":"a"}' },
      { id: 'ctc_test_3', type: 'custom_tool_call', status: 'completed', call_id: 'toolu_2', name: 'apply_patch', input: '*** Begin Patch' },
      { id: 'fc_test_4', type: 'function_call', status: 'completed', call_id: 'toolu_3', name: 'not_offered', arguments: '{}' },
    ]);
    expect(decodeReasoningSecrets((body.output[0] as { encrypted_content: string }).encrypted_content)).toEqual({ signature: 'sig' });
    expect(body.usage).toEqual({ input_tokens: 10, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 3 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 14 });
  });

  it('marks a response cut by the token limit as incomplete', () => {
    const body = renderResponsesResponse(response([{ type: 'text', text: 'Once' }], 'max_tokens'), contextFor({}));
    expect(body).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });
});

describe('renderResponsesError', () => {
  it.each([
    [{ kind: 'invalid_request', status: 400, message: 'prompt is too long: 210000 tokens > 200000 maximum' }, 'invalid_request_error', 'context_length_exceeded'],
    [{ kind: 'invalid_request', status: 400, message: 'messages: bad' }, 'invalid_request_error', 'invalid_request_error'],
    [{ kind: 'authentication', status: 401, message: 'log in again' }, 'authentication_error', 'authentication_error'],
    [{ kind: 'permission', status: 403, message: 'no' }, 'permission_error', 'permission_denied'],
    [{ kind: 'not_found', status: 404, message: 'no model' }, 'not_found_error', 'not_found'],
    [{ kind: 'rate_limit', status: 429, message: 'slow' }, 'rate_limit_error', 'rate_limit_exceeded'],
    [{ kind: 'overloaded', status: 529, message: 'busy' }, 'server_error', 'server_is_overloaded'],
    [{ kind: 'api_error', status: 500, message: 'boom' }, 'server_error', 'server_error'],
    [{ kind: 'timeout', status: 504, message: 'slow upstream' }, 'server_error', 'timeout'],
  ] as const)('renders %o as type %s, code %s', (error, type, code) => {
    expect(renderResponsesError(error, 'req_1')).toEqual({ error: { message: error.message, type, param: null, code } });
  });
});

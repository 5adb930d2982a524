import { describe, expect, it } from 'vitest';
import { irRequest } from '../ir.js';
import { WireRequestError } from '../wire-format.js';
import { parseResponsesRequest } from './parse-responses-request.js';
import { encodeReasoningSecrets } from './reasoning-signature.js';

const parse = (body: Record<string, unknown>) => parseResponsesRequest({ model: 'claude-sonnet-4-6', ...body });
const refused = (body: Record<string, unknown>): WireRequestError => {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof WireRequestError) return error;
    throw error;
  }
  throw new Error('expected a WireRequestError');
};

const readTool = { type: 'function', name: 'read', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };
const filesNamespace = { type: 'namespace', name: 'files', description: 'File tools', tools: [readTool] };
const applyPatch = { type: 'custom', name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk+ end_patch' } };
const shellTool = { type: 'function', name: 'shell', parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } }, strict: false };

describe('parseResponsesRequest', () => {
  it('reads a plain string input with the defaults', () => {
    const { request, warnings } = parse({ input: 'Hello' });
    expect(request).toMatchObject(irRequest({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }] }));
    expect(warnings).toEqual([]);
  });

  it("reads the Codex CLI's body: developer messages as system, namespace and custom tools, web_search dropped", () => {
    const { request, warnings } = parse({
      model: 'gpt-5',
      stream: true,
      store: false,
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context/>' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the bug' }] },
      ],
      tools: [shellTool, filesNamespace, applyPatch, { type: 'web_search', external_web_access: false }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning: { effort: 'low', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'conversation-1',
      client_metadata: { 'x-codex-installation-id': 'abc' },
      text: { verbosity: 'low' },
    });
    expect(request.system).toEqual([{ type: 'text', text: 'You are Codex.' }]);
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'user']);
    expect(request.tools.map((tool) => tool.name)).toEqual(['shell', 'files__read', 'apply_patch']);
    expect(request.tools[0]).toEqual({ name: 'shell', inputSchema: shellTool.parameters, strict: false, origin: { kind: 'function' } });
    expect(request.tools[1]).toEqual({ name: 'files__read', description: 'Read a file', inputSchema: readTool.parameters, origin: { kind: 'namespaced', namespace: 'files', name: 'read' } });
    expect(request.tools[2]).toMatchObject({
      name: 'apply_patch',
      description: 'Apply a patch',
      inputSchema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
      origin: { kind: 'custom', name: 'apply_patch', format: applyPatch.format },
    });
    const inputSchema = request.tools[2]!.inputSchema as { properties: { input: { description: string } } };
    expect(inputSchema.properties.input.description).toContain('lark grammar');
    expect(inputSchema.properties.input.description).toContain('start: begin_patch hunk+ end_patch');
    expect(request.toolChoice).toEqual({ type: 'auto' });
    expect(request.parallelToolCalls).toBe(false);
    expect(request.reasoning).toEqual({ enabled: true, effort: 'low', summary: 'auto' });
    expect(request.metadata).toEqual({ conversationId: 'conversation-1' });
    expect(request.stream).toBe(true);
    expect(warnings).toEqual([{ at: 'tools[3]', message: expect.stringContaining('"web_search" is a tool OpenAI hosts') }]);
  });

  it('takes the tools of an additional_tools input item like tools (newer Codex models)', () => {
    const { request, warnings } = parse({
      input: [
        { type: 'message', role: 'developer', content: 'Be brief.' },
        { type: 'additional_tools', role: 'developer', tools: [shellTool, filesNamespace, applyPatch, { type: 'web_search' }] },
        { type: 'message', role: 'user', content: 'Hi' },
      ],
    });
    expect(request.tools.map((tool) => tool.name)).toEqual(['shell', 'files__read', 'apply_patch']);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
    expect(warnings.map((warning) => warning.at)).toEqual(['input[1].tools[3]']);
  });

  it('puts instructions first, then system and developer messages in order', () => {
    const { request } = parse({
      instructions: 'Instructions.',
      input: [
        { role: 'system', content: 'System.' },
        { role: 'user', content: 'Question' },
        { role: 'developer', content: [{ type: 'input_text', text: 'Developer.' }] },
      ],
    });
    expect(request.system.map((part) => part.text)).toEqual(['Instructions.', 'System.', 'Developer.']);
    expect(request.messages).toHaveLength(1);
  });

  it('groups a function-call round trip into assistant turns and tool messages', () => {
    const signed = encodeReasoningSecrets({ signature: 'sig-abc' });
    const { request, warnings } = parse({
      tools: [shellTool],
      input: [
        { role: 'user', content: 'List files twice' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Thinking.' }], encrypted_content: signed },
        { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'Running it.', annotations: [] }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}', status: 'completed' },
        { type: 'function_call', id: 'fc_2', call_id: 'call_2', name: 'shell', arguments: '{"command":["ls","-a"]}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'a.txt' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '.git a.txt' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(warnings).toEqual([]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'List files twice' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Thinking.', signature: 'sig-abc' },
          { type: 'text', text: 'Running it.' },
          { type: 'tool-call', id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
          { type: 'tool-call', id: 'call_2', name: 'shell', arguments: '{"command":["ls","-a"]}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'a.txt' }] },
          { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: '.git a.txt' }] },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('maps namespaced function calls back to the flat name, with or without the namespace field', () => {
    const { request } = parse({
      tools: [filesNamespace],
      input: [
        { role: 'user', content: 'Read it' },
        { type: 'function_call', call_id: 'call_1', name: 'read', namespace: 'files', arguments: '{"path":"a"}' },
        { type: 'function_call', call_id: 'call_2', name: 'read', arguments: '{"path":"b"}' },
        { type: 'function_call', call_id: 'call_3', name: 'gone', namespace: 'old.ns', arguments: '{}' },
      ],
    });
    expect(request.messages[1]!.content.map((part) => (part.type === 'tool-call' ? part.name : part.type))).toEqual(['files__read', 'files__read', 'old_ns__gone']);
  });

  it('turns a custom tool call into a call of its one-argument function, and its output into a tool result', () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+"hi"\n*** End Patch';
    const { request } = parse({
      tools: [applyPatch],
      input: [
        { role: 'user', content: 'Add a.txt' },
        { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: patch },
        { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Success.' },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_p', name: 'apply_patch', arguments: JSON.stringify({ input: patch }) }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_p', content: [{ type: 'text', text: 'Success.' }] }] },
    ]);
  });

  it('flattens a custom tool inside a namespace and remembers the namespace for the way back', () => {
    const { request } = parse({
      tools: [{ type: 'namespace', name: 'editor', tools: [{ type: 'custom', name: 'patch' }] }],
      input: [
        { role: 'user', content: 'Edit' },
        { type: 'custom_tool_call', call_id: 'c1', name: 'patch', namespace: 'editor', input: 'x' },
      ],
    });
    expect(request.tools[0]).toMatchObject({ name: 'editor__patch', origin: { kind: 'custom', name: 'patch' }, providerData: { responses: { namespace: 'editor' } } });
    expect(request.messages[1]!.content[0]).toMatchObject({ type: 'tool-call', name: 'editor__patch' });
  });

  it('sanitizes flat names to [A-Za-z0-9_-], at most 64 characters, and keeps them unique', () => {
    const member = (name: string) => ({ type: 'function', name, parameters: { type: 'object' } });
    const { request } = parse({
      input: 'x',
      tools: [
        { type: 'namespace', name: 'mcp.server', tools: [member('do thing')] },
        { type: 'namespace', name: 'x'.repeat(70), tools: [member('a'), member('b')] },
      ],
    });
    const names = request.tools.map((tool) => tool.name);
    expect(names[0]).toBe('mcp_server__do_thing');
    expect(names[1]).toBe('x'.repeat(64));
    expect(names[2]).toBe(`${'x'.repeat(62)}_2`);
    expect(request.tools[2]!.origin).toEqual({ kind: 'namespaced', namespace: 'x'.repeat(70), name: 'b' });
  });

  it('reads reasoning items: Switchboard signatures, foreign encrypted content, summaries and raw content', () => {
    const { request, warnings } = parse({
      input: [
        { role: 'user', content: 'Q' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'One.' }, { type: 'summary_text', text: 'Two.' }], encrypted_content: encodeReasoningSecrets({ signature: 's', encrypted: 'redacted-data' }) },
        { type: 'reasoning', summary: [], encrypted_content: 'gAAAAB-openai' },
        { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Raw.' }] },
        { type: 'reasoning', summary: [], encrypted_content: 'sb1:not-ours' },
        { type: 'reasoning', summary: [] },
      ],
    });
    expect(request.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'One.\n\nTwo.', signature: 's', encrypted: 'redacted-data' },
      { type: 'reasoning', text: '', encrypted: 'gAAAAB-openai', providerData: { responses: { encryptedBy: 'openai' } } },
      { type: 'reasoning', text: 'Raw.' },
    ]);
    expect(warnings.map((warning) => warning.at)).toEqual(['input[4].encrypted_content']);
  });

  it('reads images as URLs or base64 and drops what lives in OpenAI storage, with warnings', () => {
    const { request, warnings } = parse({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
            { type: 'input_image', image_url: 'https://example.com/cat.jpg', detail: 'auto' },
            { type: 'input_image', file_id: 'file-123', detail: 'auto' },
            { type: 'input_file', file_id: 'file-456' },
            { type: 'input_audio', input_audio: { data: '', format: 'wav' } },
          ],
        },
        { type: 'function_call', call_id: 'c', name: 'screenshot', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c', output: [{ type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/' }] },
      ],
    });
    expect(request.messages[0]!.content).toEqual([
      { type: 'text', text: 'Look' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' }, detail: 'auto' },
    ]);
    expect(request.messages[2]!.content).toEqual([
      { type: 'tool-result', toolCallId: 'c', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/' } }] },
    ]);
    expect(warnings.map((warning) => warning.at)).toEqual(['input[0].content[3]', 'input[0].content[4]', 'input[0].content[5]']);
  });

  it('drops item references and unknown items with a warning', () => {
    const { request, warnings } = parse({
      input: [
        { role: 'user', content: 'Hi' },
        { type: 'item_reference', id: 'msg_123' },
        { type: 'local_shell_call', id: 'lsh_1' },
      ],
    });
    expect(request.messages).toHaveLength(1);
    expect(warnings).toEqual([
      { at: 'input[1]', message: expect.stringContaining('stateless') },
      { at: 'input[2]', message: expect.stringContaining('"local_shell_call"') },
    ]);
  });

  it('maps tool_choice, warning about what it cannot honour', () => {
    const tools = [shellTool, filesNamespace, applyPatch, { type: 'web_search' }];
    const choice = (tool_choice: unknown) => parse({ input: 'x', tools, tool_choice });
    expect(choice('required').request.toolChoice).toEqual({ type: 'required' });
    expect(choice('none').request.toolChoice).toEqual({ type: 'none' });
    expect(choice({ type: 'function', name: 'shell' }).request.toolChoice).toEqual({ type: 'tool', name: 'shell' });
    expect(choice({ type: 'function', name: 'read' }).request.toolChoice).toEqual({ type: 'tool', name: 'files__read' });
    expect(choice({ type: 'custom', name: 'apply_patch' }).request.toolChoice).toEqual({ type: 'tool', name: 'apply_patch' });
    const allowed = choice({ type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'shell' }] });
    expect(allowed.request.toolChoice).toEqual({ type: 'required' });
    expect(allowed.warnings.at(-1)).toEqual({ at: 'tool_choice', message: expect.stringContaining('allowed_tools') });
    const hosted = choice({ type: 'web_search_preview' });
    expect(hosted.request.toolChoice).toBeNull();
    expect(hosted.warnings.at(-1)?.at).toBe('tool_choice');
    expect(choice({ type: 'function', name: 'missing' }).request.toolChoice).toBeNull();
  });

  it('maps reasoning effort and summary', () => {
    const reasoning = (value: unknown) => parse({ input: 'x', reasoning: value }).request.reasoning;
    expect(reasoning({ effort: 'none' })).toEqual({ enabled: false });
    expect(reasoning({ effort: 'high' })).toEqual({ enabled: true, effort: 'high', summary: 'auto' });
    expect(reasoning({ effort: 'xhigh', summary: 'detailed' })).toEqual({ enabled: true, effort: 'xhigh', summary: 'detailed' });
    expect(reasoning({ effort: 'minimal', generate_summary: 'concise' })).toEqual({ enabled: true, effort: 'minimal', summary: 'concise' });
    expect(reasoning({ summary: 'auto' })).toEqual({ enabled: true, summary: 'auto' });
    expect(reasoning({})).toBeNull();
    const unknown = parse({ input: 'x', reasoning: { effort: 'ultra' } });
    expect(unknown.request.reasoning).toBeNull();
    expect(unknown.warnings).toEqual([{ at: 'reasoning.effort', message: expect.stringContaining('ultra') }]);
  });

  it('maps text.format, sampling and the metadata fields', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const { request } = parse({
      input: 'x',
      text: { format: { type: 'json_schema', name: 'forecast', schema, strict: true, description: 'A forecast' }, verbosity: 'low' },
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      safety_identifier: 'user-hash',
      truncation: 'auto',
      service_tier: 'priority',
      metadata: { run: '1' },
    });
    expect(request.output).toEqual({ type: 'json_schema', name: 'forecast', schema, strict: true, description: 'A forecast' });
    expect(request.sampling).toEqual({ maxOutputTokens: 500, temperature: 0.2, topP: 0.9 });
    expect(request.metadata).toEqual({ user: 'user-hash' });
    expect(parse({ input: 'x', text: { format: { type: 'json_object' } } }).request.output).toEqual({ type: 'json_object' });
    expect(parse({ input: 'x', user: 'u1', safety_identifier: 's1' }).request.metadata).toEqual({ user: 'u1' });
  });

  it('holds metadata, which every response echoes, to OpenAI’s bounds before anything is sent', () => {
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`.padEnd(64, 'k'), 'v'.repeat(512)]));
    expect(parse({ input: 'x', metadata: sixteen }).request.providerData?.responses).toMatchObject({ metadata: sixteen });
    expect(refused({ input: 'x', metadata: { ...sixteen, one: 'more' } }).message).toBe('metadata: metadata has at most 16 key-value pairs');
    expect(refused({ input: 'x', metadata: { run: 'v'.repeat(513) } }).message).toBe('metadata.run: a metadata value is a string of at most 512 characters');
    expect(refused({ input: 'x', metadata: { run: { nested: ['deep'] } } }).param).toBe('metadata.run');
    expect(refused({ input: 'x', metadata: { ['k'.repeat(65)]: 'v' } }).message).toMatch(/^metadata\.k{65}: Invalid key in record$/);
  });

  it('refuses previous_response_id and other server-side state in plain words', () => {
    const error = refused({ input: 'x', previous_response_id: 'resp_123' });
    expect(error.message).toBe('Switchboard is stateless: send the whole conversation; previous_response_id is not supported');
    expect(error.param).toBe('previous_response_id');
    expect(refused({ input: 'x', conversation: 'conv_1' }).param).toBe('conversation');
    expect(refused({ input: 'x', background: true }).param).toBe('background');
    expect(parse({ input: 'x', previous_response_id: null, background: false }).request.messages).toHaveLength(1);
  });

  it('names the offending field of an invalid body', () => {
    expect(() => parseResponsesRequest({ input: 'x' })).toThrow(WireRequestError);
    expect(refused({ input: [{ type: 'function_call', name: 'shell', arguments: '{}' }] }).param).toBe('input[0].call_id');
    expect(refused({ input: [{ role: 'robot', content: 'x' }] }).param).toBe('input[0].role');
    expect(refused({ input: 'x', tools: [{ type: 'function', parameters: {} }] }).param).toBe('tools[0].name');
    expect(refused({ input: [{ type: 'item_reference', id: 'x' }] }).param).toBe('input');
  });
});

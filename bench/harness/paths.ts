/**
 * Every path the bench measures, one entry each: the client format and endpoint, the kind of target behind it,
 * the stand-in upstream it reaches, and the request as the client sends it and as the upstream receives it (what
 * the direct and raw baselines send). A path whose provider does not exist yet is listed with `notYetBuilt` (none
 * today), so the table shows it as such instead of leaving it out. A new provider's path: its entry here, its target in
 * targets.ts, and a stand-in in upstream.ts if it speaks a protocol none of them does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cursorRunRequestBody } from './cursor-frames.js';
import { ROOT } from './serve.js';
import type { TargetKind } from './targets.js';
import type { UpstreamProtocol } from './upstream-frames.js';

export type ClientFormat = 'anthropic-messages' | 'openai-chat' | 'openai-responses';

interface PathBase {
  name: string;
  clientFormat: ClientFormat;
  endpoint: '/v1/messages' | '/v1/chat/completions' | '/v1/responses';
  translated: boolean;
  note?: string;
}

export interface BuiltPath extends PathBase {
  /** The kind of target that serves it, set up by targets.ts. */
  target: TargetKind;
  upstream: UpstreamProtocol;
  /** The request body as the client sends it. */
  body: () => object;
  /** The same request in the upstream's own format: what direct and raw send (JSON, or bytes for a binary protocol). */
  upstreamBody: () => object | Buffer;
}

export interface UnbuiltPath extends PathBase {
  /** How the table names the target that will serve it. */
  target: string;
  notYetBuilt: string;
}

export type BenchPath = BuiltPath | UnbuiltPath;

export const isBuilt = (path: BenchPath): path is BuiltPath => !('notYetBuilt' in path);

const CLAUDE = 'claude-sonnet-4-6';
const OPENAI = 'gpt-5-mini';
const CODEX = 'gpt-5.5';
/** Cursor's model as a client names it (the `cursor-` prefix routes it to Cursor, which gets the rest). */
const CURSOR = 'cursor-gpt-5';
const PROMPT = 'Say hello in one short sentence.';

export const messagesBody = (model: string) => ({ model, max_tokens: 1024, stream: true, messages: [{ role: 'user', content: PROMPT }] });
const chatBody = (model: string) => ({ model, max_tokens: 1024, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] });
const responsesBody = (model: string) => ({ model, max_output_tokens: 1024, stream: true, input: PROMPT });
/** The request as the ChatGPT backend takes it (proxy/protocols/codex-responses/codex-body.ts): what direct and raw send. */
const codexBody = (model: string) => ({
  model,
  stream: true,
  store: false,
  instructions: '',
  include: ['reasoning.encrypted_content'],
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: PROMPT }] }],
});

/** The target body size of a long Claude Code session's request. */
export const CLAUDE_CODE_BYTES = 300_000;

type Message = { role: string; content: unknown };

/** Drops the cache breakpoints of a copied turn: the API allows four in a request. */
const withoutCacheControl = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'cache_control' ? undefined : inner)));

/**
 * The recorded Claude Code request (proxy/protocols/__fixtures__/client-requests/) grown to about `bytes`: its
 * tool call and tool result repeated, each result a source file's worth of text, as a long session reads files.
 */
export function claudeCodeBody(bytes = CLAUDE_CODE_BYTES): Record<string, unknown> {
  const recorded = JSON.parse(readFileSync(join(ROOT, 'proxy/protocols/__fixtures__/client-requests/claude-code.messages.json'), 'utf8')) as { messages: Message[] } & Record<string, unknown>;
  const [call, result] = recorded.messages.slice(-2) as [Message, Message];
  const file = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(60);
  const messages = [...recorded.messages];
  for (let turn = 0; JSON.stringify({ ...recorded, messages }).length < bytes; turn++) {
    const id = `toolu_bench_${turn}`;
    const copiedCall = withoutCacheControl(call) as Message;
    const copiedResult = withoutCacheControl(result) as Message;
    copiedCall.content = (copiedCall.content as { type: string }[]).map((block) => (block.type === 'tool_use' ? { ...block, id } : block));
    copiedResult.content = (copiedResult.content as { type: string }[]).map((block) => (block.type === 'tool_result' ? { ...block, tool_use_id: id, content: file } : block));
    messages.push(copiedCall, copiedResult);
  }
  return { ...recorded, model: CLAUDE, stream: true, messages };
}

export const PATHS: readonly BenchPath[] = [
  {
    name: '/v1/messages → Claude account',
    clientFormat: 'anthropic-messages',
    endpoint: '/v1/messages',
    target: 'anthropic',
    translated: false,
    upstream: 'anthropic-messages',
    body: () => messagesBody(CLAUDE),
    upstreamBody: () => messagesBody(CLAUDE),
  },
  {
    name: '/v1/messages → Claude account, Claude Code body',
    clientFormat: 'anthropic-messages',
    endpoint: '/v1/messages',
    target: 'anthropic',
    translated: false,
    note: 'the recorded Claude Code request grown to ~300 KB',
    upstream: 'anthropic-messages',
    body: () => claudeCodeBody(),
    upstreamBody: () => claudeCodeBody(),
  },
  {
    name: '/v1/chat/completions → Claude account',
    clientFormat: 'openai-chat',
    endpoint: '/v1/chat/completions',
    target: 'anthropic',
    translated: true,
    upstream: 'anthropic-messages',
    body: () => chatBody(CLAUDE),
    upstreamBody: () => messagesBody(CLAUDE),
  },
  {
    name: '/v1/responses → openai-key',
    clientFormat: 'openai-responses',
    endpoint: '/v1/responses',
    target: 'openai-key',
    translated: false,
    upstream: 'openai-responses',
    body: () => responsesBody(OPENAI),
    upstreamBody: () => responsesBody(OPENAI),
  },
  {
    name: '/v1/messages → openai-key',
    clientFormat: 'anthropic-messages',
    endpoint: '/v1/messages',
    target: 'openai-key',
    translated: true,
    note: 'translated to Responses',
    upstream: 'openai-responses',
    body: () => messagesBody(OPENAI),
    upstreamBody: () => responsesBody(OPENAI),
  },
  {
    name: '/v1/responses → Codex account',
    clientFormat: 'openai-responses',
    endpoint: '/v1/responses',
    target: 'codex',
    translated: false,
    note: "the backend's named body edits; the stream without its codex.* events, its final output filled",
    upstream: 'codex-responses',
    body: () => responsesBody(CODEX),
    upstreamBody: () => codexBody(CODEX),
  },
  {
    name: '/v1/messages → Codex account',
    clientFormat: 'anthropic-messages',
    endpoint: '/v1/messages',
    target: 'codex',
    translated: true,
    note: 'translated to Responses, with the backend\'s edits',
    upstream: 'codex-responses',
    body: () => messagesBody(CODEX),
    upstreamBody: () => codexBody(CODEX),
  },
  {
    name: '/v1/chat/completions → Cursor',
    clientFormat: 'openai-chat',
    endpoint: '/v1/chat/completions',
    target: 'cursor',
    translated: true,
    note: 'translated to Cursor\'s agent Run (Connect over HTTP/2); direct and raw send the same run over HTTP/1.1',
    upstream: 'cursor-agent',
    body: () => chatBody(CURSOR),
    upstreamBody: () => cursorRunRequestBody(CURSOR.slice('cursor-'.length), PROMPT),
  },
];

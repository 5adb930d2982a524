import { createServer, type Http2Server, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { deflateRawSync, deflateSync, gunzipSync } from 'node:zlib';

import { fromBinary, fromJson, toJson, type JsonValue, type MessageInitShape } from '@bufbuild/protobuf';
import { ValueSchema } from '@bufbuild/protobuf/wkt';
import { Code, type ConnectRouter, type HandlerContext } from '@connectrpc/connect';
import type { Compression } from '@connectrpc/connect/protocol';
import { compressionGzip, connectNodeAdapter } from '@connectrpc/connect-node';

import {
  AgentClientMessageSchema,
  AgentService,
  type AgentClientMessage,
  type AgentRunRequest,
  type AgentServerMessageSchema,
  type ExecClientMessage,
  type McpResult,
} from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import { BidiService, type BidiAppendRequest } from '../../proxy/protocols/cursor-agent/gen/aiserver/v1/bidi_pb.js';
import { MessageQueue } from '../../proxy/protocols/cursor-agent/message-queue.js';
import { checkClient, cursorError, type CursorClientRules } from './cursor-client-checks.js';

/**
 * A stand-in for Cursor's agent backend, `agent.v1.AgentService/Run` (PROTOCOLS.md §3): HTTP/2 (cleartext, prior
 * knowledge), Connect streaming served by @connectrpc/connect-node from the same generated code the proxy uses,
 * every answer frame gzipped. The HTTP/1.1 variant (`RunSSE` fed by `BidiAppend`, what `@cursor/sdk` sends to an
 * http:// backend) plays the same runs through `handler`, which another server mounts (cursor-sdk-backend.ts). Each run first asks for the request context (an exec the client must answer, or the
 * turn stalls, as Cursor's does), then plays a scripted answer: thinking and text deltas, MCP tool calls, built-in
 * tool requests, KV blobs, and ends with `turn_ended` and the turn's usage, an error in the end-of-stream trailer,
 * or nothing at all (a model outside the catalog gets an empty 200 stream).
 */

export type CursorAnswerStep =
  | { thinking: string }
  | { text: string }
  /** An MCP call of one of the run's tools; the run goes on with the tool's result, or ends when the client leaves. */
  | { mcpCall: McpCallStep }
  /**
   * Several MCP calls at once (one exec each, then a heartbeat while it waits for all their results; `quiet`: no
   * heartbeat, the server just waits).
   */
  | { mcpCalls: McpCallStep[]; quiet?: boolean }
  /** One of Cursor's built-in IDE tools, which a client must refuse. */
  | { builtin: 'shell' | 'grep' | 'read' | 'ls' }
  | { setBlob: string }
  /** Goes silent until the client leaves. */
  | { stall: true };

export interface McpCallStep {
  toolName: string;
  args: Record<string, JsonValue>;
}

export interface CursorAnswer {
  steps: CursorAnswerStep[];
  /**
   * How the run ends: `turn-ended` (default), no ending at all (`stream-ends`), or an error in the end-of-stream
   * trailer, instead of `turn_ended` or (`afterTurnEnded`) after it.
   */
  ending?: 'turn-ended' | 'stream-ends' | { code: Code; error: string; title: string; detail: string; afterTurnEnded?: boolean };
  /** `turn_ended` counts the words sent and answered (default), or carries no counts (as some paths send it). */
  usage?: 'counted' | 'none';
}

/** What the stand-in saw of one run. */
export interface RecordedRun {
  headers: Record<string, string>;
  runRequest: AgentRunRequest;
  /** Every exec answer the client sent, in order. */
  execAnswers: ExecClientMessage[];
  /** The ids of the exec streams the client closed. */
  closedExecIds: number[];
  /** Whether the client left before the run ended. */
  clientLeft: boolean;
}

export interface CursorAgentOptions {
  accessTokens?: string[];
  /** Also takes the tokens this says it issued (the auth stand-in's logins, when both run side by side by hand). */
  issuedElsewhere?: (accessToken: string) => boolean;
  minimumClientVersion?: string;
  machineId?: string;
  /** The regional catalog: other models get an empty stream. */
  models?: string[];
  now?: () => number;
  /**
   * What the frames labelled gzip really hold: gzip, or (as some of Cursor's end-of-stream frames) zlib or raw
   * deflate.
   */
  frameEncoding?: 'gzip' | 'zlib' | 'deflate-raw';
}

export const STAND_IN_CURSOR_TOKEN = 'cursor-stand-in-access-token';
export const STAND_IN_CURSOR_MACHINE_ID = 'stand-in-service-machine-id';
export const STAND_IN_CURSOR_MODELS = ['claude-4.5-sonnet', 'gpt-5', 'composer-1'];

type ServerMessage = MessageInitShape<typeof AgentServerMessageSchema>;

export class CursorAgentStandIn {
  url = '';
  readonly runs: RecordedRun[] = [];
  /** Whether `GetUsableModels` answers the catalog (with display names and aliases) or fails, to prove the fallbacks. */
  usableModels: 'serve' | 'fail' = 'serve';
  /** The headers of every `GetUsableModels` call. */
  readonly modelListCalls: Record<string, string>[] = [];
  private readonly answers: (CursorAnswer | ((request: AgentRunRequest) => CursorAnswer))[] = [];
  private readonly rules: CursorClientRules;
  private readonly models: ReadonlySet<string>;
  private readonly server: Http2Server;
  private readonly sessions = new Set<ServerHttp2Session>();
  /** The client's messages of each RunSSE stream, by request id, as its BidiAppends bring them. */
  private readonly appended = new Map<string, { queue: MessageQueue<AgentClientMessage>; nextSeqno: bigint }>();
  /** The Connect handler of every route, for a server of another HTTP version to mount. */
  readonly handler: ReturnType<typeof connectNodeAdapter>;

  constructor(options: CursorAgentOptions = {}) {
    const own = new Set(options.accessTokens ?? [STAND_IN_CURSOR_TOKEN]);
    this.rules = {
      takesToken: (token) => own.has(token) || options.issuedElsewhere?.(token) === true,
      minimumClientVersion: options.minimumClientVersion ?? '3.11.13',
      machineId: options.machineId ?? STAND_IN_CURSOR_MACHINE_ID,
      now: options.now ?? Date.now,
    };
    this.models = new Set(options.models ?? STAND_IN_CURSOR_MODELS);
    this.handler = connectNodeAdapter({
      routes: (router: ConnectRouter) => this.routes(router),
      acceptCompression: [options.frameEncoding && options.frameEncoding !== 'gzip' ? mislabelledGzip(options.frameEncoding) : compressionGzip],
      compressMinBytes: 0,
    });
    this.server = createServer(this.handler);
    this.server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
    });
  }

  /**
   * The answer to the next run; without one, a run thinks a little and echoes the user's text. A function makes the
   * answer from the run's request (a tool call with an argument only the request tells, say).
   */
  answerNext(...answers: (CursorAnswer | ((request: AgentRunRequest) => CursorAnswer))[]): void {
    this.answers.push(...answers);
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.sessions) session.destroy();
    await closed;
  }

  private routes(router: ConnectRouter): void {
    router.service(AgentService, {
      run: (requests, context) => this.run(requests, context),
      // No half-close on this variant: the client reads to the end of the stream, so it ends at turn_ended.
      runSSE: (request, context) => this.run(this.appendedMessages(request.requestId, context.signal), context, { clientHalfCloses: false }),
      getUsableModels: (_request, context) => {
        this.modelListCalls.push(Object.fromEntries(context.requestHeader));
        const refused = checkClient(context.requestHeader, this.rules);
        if (refused) throw refused;
        if (this.usableModels === 'fail') throw cursorError(Code.Unavailable, 'ERROR_UNAVAILABLE', 'Unavailable', 'The model list is down.');
        return { models: [...this.models].map((modelId) => ({ modelId, displayModelId: modelId, displayName: `${modelId} (catalog)`, displayNameShort: modelId, aliases: [modelId, `${modelId}-latest`] })) };
      },
    });
    router.service(BidiService, { bidiAppend: (request, context) => this.append(request, context) });
  }

  private stream(requestId: string) {
    let stream = this.appended.get(requestId);
    if (!stream) {
      stream = { queue: new MessageQueue<AgentClientMessage>(), nextSeqno: 0n };
      this.appended.set(requestId, stream);
    }
    return stream;
  }

  /**
   * A RunSSE stream's client messages; they end when the client leaves the stream. The stream stays known, so the
   * appends the client still sends after the run (closing its last exec stream) are taken in order, and dropped.
   */
  private appendedMessages(requestId: string, signal: AbortSignal): AsyncIterable<AgentClientMessage> {
    const { queue } = this.stream(requestId);
    if (signal.aborted) queue.close();
    else signal.addEventListener('abort', () => queue.close(), { once: true });
    return queue;
  }

  /** One client message of a RunSSE stream: hex of its bytes, numbered from 0 per request id, in order. */
  private append(request: BidiAppendRequest, context: HandlerContext): Record<string, never> {
    const refused = checkClient(context.requestHeader, this.rules);
    if (refused) throw refused;
    const requestId = request.requestId?.requestId ?? '';
    if (!requestId) throw cursorError(Code.InvalidArgument, 'ERROR_BAD_REQUEST', 'Bad request', 'A BidiAppend names its request id.');
    const stream = this.stream(requestId);
    if (request.appendSeqno !== stream.nextSeqno) {
      throw cursorError(Code.InvalidArgument, 'ERROR_BAD_REQUEST', 'Bad request', `BidiAppend ${request.appendSeqno} arrived where ${stream.nextSeqno} was due.`);
    }
    stream.nextSeqno += 1n;
    const bytes = request.dataBinary.length > 0 ? request.dataBinary : new Uint8Array(Buffer.from(request.data, 'hex'));
    stream.queue.push(fromBinary(AgentClientMessageSchema, bytes));
    return {};
  }

  private async *run(requests: AsyncIterable<AgentClientMessage>, context: HandlerContext, { clientHalfCloses = true } = {}): AsyncGenerator<ServerMessage> {
    const refused = checkClient(context.requestHeader, this.rules);
    if (refused) throw refused;
    const incoming = requests[Symbol.asyncIterator]();
    const first = await incoming.next();
    if (first.done || first.value.message.case !== 'runRequest') {
      throw cursorError(Code.InvalidArgument, 'ERROR_BAD_REQUEST', 'Bad request', 'A run starts with a run request.');
    }
    const runRequest = first.value.message.value;
    const run: RecordedRun = { headers: Object.fromEntries(context.requestHeader), runRequest, execAnswers: [], closedExecIds: [], clientLeft: false };
    this.runs.push(run);
    const modelId = runRequest.requestedModel?.modelId || runRequest.modelDetails?.modelId || '';
    if (!this.models.has(modelId)) return;

    let execId = 0;
    const blobs = new Map<string, Uint8Array>();
    /** Sends one exec and reads the client's messages until its answer; undefined when the client left. */
    const exec = async function* (args: Extract<ServerMessage['message'], { case: 'execServerMessage' }>['value']['args']) {
      execId += 1;
      yield { message: { case: 'execServerMessage', value: { id: execId, execId: randomUUID(), args } } } satisfies ServerMessage;
      for (;;) {
        const next = await incoming.next();
        if (next.done) {
          run.clientLeft = true;
          return undefined;
        }
        const answer = record(next.value);
        if (answer?.id === execId) return answer;
      }
    };
    /** Records what the client sent; its exec answer, if it is one. */
    const record = ({ message }: AgentClientMessage): ExecClientMessage | undefined => {
      if (message.case === 'execClientControlMessage' && message.value.message.case === 'streamClose') run.closedExecIds.push(message.value.message.value.id);
      if (message.case !== 'execClientMessage') return undefined;
      run.execAnswers.push(message.value);
      return message.value;
    };

    if (!(yield* exec({ case: 'requestContextArgs', value: {} }))) return;
    const scripted = this.answers.shift();
    const answer = typeof scripted === 'function' ? scripted(runRequest) : (scripted ?? echoAnswer(runRequest));
    let outputWords = 0;
    for (const step of answer.steps) {
      if ('thinking' in step) yield update({ case: 'thinkingDelta', value: { text: step.thinking } });
      if ('text' in step) {
        outputWords += words(step.text);
        yield update({ case: 'textDelta', value: { text: step.text } });
        yield update({ case: 'tokenDelta', value: { tokens: words(step.text) } });
      }
      if ('setBlob' in step) {
        const blobId = new TextEncoder().encode(`blob-${blobs.size + 1}`);
        blobs.set(Buffer.from(blobId).toString('hex'), new TextEncoder().encode(step.setBlob));
        yield { message: { case: 'kvServerMessage', value: { id: 1000 + blobs.size, args: { case: 'setBlobArgs', value: { blobId, blobData: new TextEncoder().encode(step.setBlob) } } } } };
      }
      if ('stall' in step) {
        for (let next = await incoming.next(); !next.done; next = await incoming.next()) record(next.value);
        run.clientLeft = true;
        return;
      }
      if ('builtin' in step) {
        if (!(yield* exec({ case: step.builtin, value: {} }))) return;
      }
      if ('mcpCall' in step || 'mcpCalls' in step) {
        const calls = 'mcpCall' in step ? [step.mcpCall] : step.mcpCalls;
        const sent: number[] = [];
        for (const call of calls) {
          const tool = runRequest.mcpTools?.mcpTools.find((definition) => definition.toolName === call.toolName);
          const toolCallId = `toolu_${randomUUID()}`;
          yield update({ case: 'toolCallStarted', value: { callId: toolCallId, toolCall: {}, modelCallId: randomUUID() } });
          const args = Object.fromEntries(Object.entries(call.args).map(([key, value]) => [key, fromJson(ValueSchema, value)]));
          const mcpArgs = { name: tool?.name ?? call.toolName, args, toolCallId, providerIdentifier: tool?.providerIdentifier ?? '', toolName: call.toolName };
          execId += 1;
          sent.push(execId);
          yield { message: { case: 'execServerMessage', value: { id: execId, execId: randomUUID(), args: { case: 'mcpArgs', value: mcpArgs } } } } satisfies ServerMessage;
        }
        // Waiting for the results, as Cursor does: with a heartbeat.
        if (!('quiet' in step && step.quiet)) yield update({ case: 'heartbeat', value: {} });
        const results = new Map<number, ExecClientMessage>();
        while (sent.some((id) => !results.has(id))) {
          const next = await incoming.next();
          if (next.done) {
            run.clientLeft = true;
            return;
          }
          const answered = record(next.value);
          if (answered) results.set(answered.id, answered);
        }
        for (const id of sent) {
          const result = results.get(id)?.result;
          if (result?.case === 'mcpResult') yield update({ case: 'textDelta', value: { text: `The tool said: ${mcpResultText(result.value)}` } });
        }
      }
    }
    yield { message: { case: 'conversationCheckpointUpdate', value: {} } };
    const ending = answer.ending ?? 'turn-ended';
    if (ending === 'stream-ends') return;
    if (typeof ending === 'object' && !ending.afterTurnEnded) throw cursorError(ending.code, ending.error, ending.title, ending.detail);
    yield update({ case: 'heartbeat', value: {} });
    const inputWords = words([runRequest.systemText, ...historyTexts(runRequest), userText(runRequest)].join(' '));
    const counted = answer.usage !== 'none';
    yield update({ case: 'turnEnded', value: counted ? { inputTokens: BigInt(inputWords), outputTokens: BigInt(outputWords) } : {} });
    // On Run the client half-closes after turn_ended: what it sent late (the last exec stream closes) is recorded too.
    if (clientHalfCloses) for (let next = await incoming.next(); !next.done; next = await incoming.next()) record(next.value);
    if (typeof ending === 'object') throw cursorError(ending.code, ending.error, ending.title, ending.detail);
  }
}

/** Frames labelled gzip that hold zlib or raw deflate (requests arrive uncompressed; gunzip is there for form). */
function mislabelledGzip(encoding: 'zlib' | 'deflate-raw'): Compression {
  const encode = encoding === 'zlib' ? deflateSync : deflateRawSync;
  return {
    name: 'gzip',
    compress: (bytes) => Promise.resolve(new Uint8Array(encode(bytes))),
    decompress: (bytes) => Promise.resolve(new Uint8Array(gunzipSync(bytes))),
  };
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function update(value: Extract<ServerMessage['message'], { case: 'interactionUpdate' }>['value']['update']): ServerMessage {
  return { message: { case: 'interactionUpdate', value: { update: value } } };
}

function userAction(runRequest: AgentRunRequest) {
  const action = runRequest.action?.action;
  return action?.case === 'userMessageAction' ? action.value : undefined;
}

function userText(runRequest: AgentRunRequest): string {
  return userAction(runRequest)?.userMessage?.text ?? '';
}

/** The run's earlier turns as text, oldest first. */
export function historyTexts(runRequest: AgentRunRequest): string[] {
  return (userAction(runRequest)?.history?.messages ?? []).map(({ message }) => (message.value?.content ?? []).map(({ content }) => content.value?.text ?? '').join(''));
}

function mcpResultText(result: McpResult): string {
  if (result.outcome.case === 'error') return `error: ${result.outcome.value.error}`;
  return (result.outcome.value?.content ?? []).map((content) => content.content.value?.text ?? '').join('');
}

/** The default answer: a thought, then the user's text echoed with the number of earlier turns (multi-turn shows). */
function echoAnswer(runRequest: AgentRunRequest): CursorAnswer {
  const earlier = historyTexts(runRequest).length;
  return { steps: [{ thinking: 'The user wants an echo.' }, { text: `You said: ${userText(runRequest)}` }, { text: ` (after ${earlier} earlier messages)` }] };
}

/** The JSON of a protobuf Value, for tests reading recorded tool arguments. */
export const valueToJson = (value: Parameters<typeof toJson<typeof ValueSchema>>[1]): JsonValue => toJson(ValueSchema, value);

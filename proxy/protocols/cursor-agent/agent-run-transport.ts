import { toJson, type JsonValue, type MessageInitShape } from '@bufbuild/protobuf';
import { ValueSchema } from '@bufbuild/protobuf/wkt';
import type { Client } from '@connectrpc/connect';

import { createAgentClient, type AgentClient } from './agent-client.js';
import type { CursorAgentConfig } from './agent-config.js';
import { agentHeaders, type CursorAgentCredential } from './agent-headers.js';
import type { ChatTurn, ChatTurnEvent, CursorChatTransport } from './chat-transport.js';
import { answerExec, answerKv } from './exec-answers.js';
import type { AgentService} from './gen/agent/v1/agent_pb.js';
import { type AgentClientMessageSchema, type AgentServerMessage, type McpArgs } from './gen/agent/v1/agent_pb.js';
import { MessageQueue } from './message-queue.js';
import { buildRunRequest } from './run-request.js';
import { failureOf } from './run-failure.js';
import { splitsThinkTag, splitThinkTag } from './think-split.js';

type ClientMessage = MessageInitShape<typeof AgentClientMessageSchema>;

/**
 * The chat over `agent.v1.AgentService/Run` (PROTOCOLS.md §3 "Agent path messages"): bidirectional Connect over
 * HTTP/2, framing, compression and end-of-stream trailers all Connect's own (@connectrpc/connect-node). The turn
 * ends at `turn_ended`; the stream is then half-closed and read to its trailer, whose error still fails the turn.
 * A stream that ends without `turn_ended` is an error (an empty one means the model is outside the regional
 * catalog). Every exec is answered: the request context, Cursor's built-in tools refused. MCP calls end the turn with
 * tool calls (all the step's calls, gathered until the server waits: a heartbeat, a checkpoint or a quiet stream):
 * the client runs the tools and their results come back in a new run (a cold resume, see the README).
 */
export function createAgentRunTransport(config: CursorAgentConfig, now: () => number = Date.now, agent: AgentClient = createAgentClient(config)): CursorChatTransport {
  return {
    run: (turn, credential, signal) => {
      const events = runTurn(agent.client, config, turn, credential, now(), signal);
      return splitsThinkTag(config.thinkTagModels, turn.model) ? splitThinkTag(events) : events;
    },
    close: () => agent.close(),
  };
}

async function* runTurn(
  client: Client<typeof AgentService>,
  config: CursorAgentConfig,
  turn: ChatTurn,
  credential: CursorAgentCredential,
  nowMs: number,
  signal: AbortSignal,
): AsyncGenerator<ChatTurnEvent> {
  const outgoing = new MessageQueue<ClientMessage>();
  outgoing.push({ message: { case: 'runRequest', value: buildRunRequest(turn, config.mcpProvider) } });
  const leave = new AbortController();
  const stop = () => leave.abort(signal.reason);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  const blobs = new Map<string, Uint8Array>();
  const read: ReadState = { toolCalls: 0 };
  let content = false;
  let ended: ChatTurnEvent | null = null;
  // The model's tool calls of one step arrive one exec each; the server then waits for their results. It says so by
  // no message of its own (a heartbeat or a checkpoint follows, when it sends one), so a quiet stream ends it too.
  let gatherTimer: NodeJS.Timeout | undefined;
  let gathered = false;
  const gatherEnough = () => {
    gathered = true;
    leave.abort();
  };
  try {
    for await (const message of client.run(outgoing, { signal: leave.signal, headers: agentHeaders(config, credential, nowMs) })) {
      const step = readMessage(message, outgoing, blobs, read);
      for (const event of step.events) {
        content = true;
        yield event;
      }
      if (read.toolCalls > 0) {
        clearTimeout(gatherTimer);
        gatherTimer = setTimeout(gatherEnough, config.toolCallQuietMs);
      }
      if (step.end) {
        ended = step.end;
        outgoing.close();
        // Tool calls leave the run: their results come back in a new one.
        if (step.end.type === 'end' && step.end.reason === 'tool_use') break;
      }
    }
  } catch (error) {
    if (!gathered) {
      yield { type: 'error', failure: failureOf(error) };
      return;
    }
    ended = { type: 'end', reason: 'tool_use' };
  } finally {
    clearTimeout(gatherTimer);
    outgoing.close();
    signal.removeEventListener('abort', stop);
    if (ended?.type === 'end' && ended.reason === 'tool_use') leave.abort();
  }
  if (ended) yield ended;
  else if (read.toolCalls > 0) yield { type: 'end', reason: 'tool_use' };
  else if (content) yield { type: 'error', failure: { kind: 'truncated', message: 'Cursor: the answer ended before the turn did (no turn_ended).' } };
  else yield { type: 'error', failure: { kind: 'empty-stream', message: `Cursor sent an empty answer: the model "${turn.model}" is probably not in this account's regional catalog.` } };
}

interface Step {
  events: ChatTurnEvent[];
  end?: ChatTurnEvent;
}

/** What the turn has read so far that changes how the next message is read. */
interface ReadState {
  /** The client tools the model called in this turn (each an MCP exec). */
  toolCalls: number;
}

function readMessage(message: AgentServerMessage, outgoing: MessageQueue<ClientMessage>, blobs: Map<string, Uint8Array>, read: ReadState): Step {
  // Once the model called a tool, the server is waiting for results: a heartbeat or a checkpoint says it has no
  // more calls to make in this step.
  const toolStepOver = read.toolCalls > 0 ? { end: { type: 'end', reason: 'tool_use' } as const } : {};
  switch (message.message.case) {
    case 'interactionUpdate': {
      const update = message.message.value.update;
      if (update.case === 'heartbeat') return { events: [], ...toolStepOver };
      const step = readUpdate(update);
      return step.end && read.toolCalls > 0 ? { events: step.events, end: { type: 'end', reason: 'tool_use' } } : step;
    }
    case 'conversationCheckpointUpdate':
      return { events: [], ...toolStepOver };
    case 'execServerMessage': {
      const exec = message.message.value;
      if (exec.args.case === 'mcpArgs') {
        read.toolCalls += 1;
        return { events: [toolCall(exec.args.value)] };
      }
      for (const answer of answerExec(exec) ?? []) outgoing.push(answer);
      return { events: [] };
    }
    case 'kvServerMessage': {
      const answer = answerKv(message.message.value, blobs);
      if (answer) outgoing.push(answer);
      return { events: [] };
    }
    default:
      return { events: [] };
  }
}

function readUpdate(update: Extract<AgentServerMessage['message'], { case: 'interactionUpdate' }>['value']['update']): Step {
  switch (update.case) {
    case 'textDelta':
      return { events: update.value.text ? [{ type: 'text', text: update.value.text }] : [] };
    case 'thinkingDelta':
      return { events: update.value.text ? [{ type: 'thinking', text: update.value.text }] : [] };
    case 'turnEnded': {
      const totals = update.value;
      const usage = {
        inputTokens: Number(totals.inputTokens),
        outputTokens: Number(totals.outputTokens),
        cacheReadTokens: Number(totals.cacheReadTokens),
        cacheWriteTokens: Number(totals.cacheWriteTokens),
        reasoningTokens: Number(totals.reasoningTokens),
      };
      return { events: [{ type: 'usage', usage }], end: { type: 'end', reason: 'end_turn' } };
    }
    default:
      return { events: [] };
  }
}

function toolCall(args: McpArgs): ChatTurnEvent {
  const input: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(args.args)) input[key] = toJson(ValueSchema, value);
  const name = args.toolName || args.name.slice(args.name.indexOf('-') + 1);
  return { type: 'tool_call', id: args.toolCallId, name, input };
}

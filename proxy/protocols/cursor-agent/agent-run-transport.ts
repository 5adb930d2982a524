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

type ClientMessage = MessageInitShape<typeof AgentClientMessageSchema>;

/**
 * The chat over `agent.v1.AgentService/Run` (PROTOCOLS.md §3 "Agent path messages"): bidirectional Connect over
 * HTTP/2, framing, compression and end-of-stream trailers all Connect's own (@connectrpc/connect-node). The turn
 * ends at `turn_ended`; the stream is then half-closed and read to its trailer, whose error still fails the turn.
 * A stream that ends without `turn_ended` is an error (an empty one means the model is outside the regional
 * catalog). Every exec is answered: the request context, Cursor's built-in tools refused. An MCP call ends the turn
 * with a tool call: the client runs the tool and its result comes back in a new run (a cold resume, see the README).
 */
export function createAgentRunTransport(config: CursorAgentConfig, now: () => number = Date.now, agent: AgentClient = createAgentClient(config)): CursorChatTransport {
  return {
    run: (turn, credential, signal) => runTurn(agent.client, config, turn, credential, now(), signal),
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
  let content = false;
  let ended: ChatTurnEvent | null = null;
  try {
    for await (const message of client.run(outgoing, { signal: leave.signal, headers: agentHeaders(config, credential, nowMs) })) {
      const step = readMessage(message, outgoing, blobs);
      for (const event of step.events) {
        content = true;
        yield event;
      }
      if (step.end) {
        ended = step.end;
        outgoing.close();
        // A tool call leaves the run: its result comes back in a new one.
        if (step.end.type === 'end' && step.end.reason === 'tool_use') break;
      }
    }
  } catch (error) {
    yield { type: 'error', failure: failureOf(error) };
    return;
  } finally {
    outgoing.close();
    signal.removeEventListener('abort', stop);
    if (ended?.type === 'end' && ended.reason === 'tool_use') leave.abort();
  }
  if (ended) yield ended;
  else if (content) yield { type: 'error', failure: { kind: 'truncated', message: 'Cursor: the answer ended before the turn did (no turn_ended).' } };
  else yield { type: 'error', failure: { kind: 'empty-stream', message: `Cursor sent an empty answer: the model "${turn.model}" is probably not in this account's regional catalog.` } };
}

interface Step {
  events: ChatTurnEvent[];
  end?: ChatTurnEvent;
}

function readMessage(message: AgentServerMessage, outgoing: MessageQueue<ClientMessage>, blobs: Map<string, Uint8Array>): Step {
  switch (message.message.case) {
    case 'interactionUpdate':
      return readUpdate(message.message.value.update);
    case 'execServerMessage': {
      const exec = message.message.value;
      if (exec.args.case === 'mcpArgs') return { events: [toolCall(exec.args.value)], end: { type: 'end', reason: 'tool_use' } };
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

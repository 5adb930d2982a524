import { randomUUID } from 'node:crypto';

import { fromJson, type MessageInitShape } from '@bufbuild/protobuf';
import { ValueSchema } from '@bufbuild/protobuf/wkt';

import { AgentMode, type AgentRunRequestSchema, type ConversationHistoryMessageSchema, type McpToolDefinitionSchema, type UserMessageSchema } from './gen/agent/v1/agent_pb.js';
import type { ChatMode, ChatTool, ChatTurn } from './chat-transport.js';

const modes: Record<ChatMode, AgentMode> = { agent: AgentMode.AGENT, ask: AgentMode.ASK, plan: AgentMode.PLAN };

/**
 * The run request of one turn, for a new conversation each time (a cold resume: the earlier messages travel as
 * history, the last user message as the action). The model goes in both places peers use; the tools as MCP
 * definitions, in the run request and in the request context, as peers send them.
 */
export function buildRunRequest(turn: ChatTurn, mcpProvider: string): MessageInitShape<typeof AgentRunRequestSchema> {
  const last = turn.messages.at(-1);
  if (!last || last.role !== 'user') throw new TypeError('a Cursor turn ends with a user message');
  const tools = turn.tools.map((tool) => mcpTool(tool, mcpProvider));
  const messages = turn.messages.slice(0, -1).map(
    (message): MessageInitShape<typeof ConversationHistoryMessageSchema> => ({ message: { case: message.role, value: { content: [{ content: { case: 'text', value: { text: message.text } } }] } } }),
  );
  return {
    conversationState: {},
    action: {
      action: {
        case: 'userMessageAction',
        value: {
          userMessage: { text: last.text, messageId: randomUUID(), mode: modes[turn.mode], ...selectedImages(turn) },
          requestContext: { tools },
          history: { messages },
        },
      },
    },
    modelDetails: { modelId: turn.model },
    requestedModel: { modelId: turn.model },
    mcpTools: { mcpTools: tools },
    conversationId: randomUUID(),
    systemText: turn.system,
  };
}

function mcpTool(tool: ChatTool, provider: string): MessageInitShape<typeof McpToolDefinitionSchema> {
  return {
    name: `${provider}-${tool.name}`,
    description: tool.description,
    inputSchema: fromJson(ValueSchema, tool.inputSchema),
    providerIdentifier: provider,
    toolName: tool.name,
  };
}

/** The conversation's images, with the run's user message: the only place a run carries them (history is text). */
function selectedImages(turn: ChatTurn): Pick<MessageInitShape<typeof UserMessageSchema>, 'selectedContext'> {
  const images = turn.images ?? [];
  if (images.length === 0) return {};
  return { selectedContext: { selectedImages: images.map((image) => ({ uuid: randomUUID(), mimeType: image.mimeType, dataOrBlobId: { case: 'data', value: image.data } })) } };
}

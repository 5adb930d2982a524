import type { JsonValue } from '@bufbuild/protobuf';

import type { IRAssistantPart, IRMessage, IRRequest, IRToolResultPart, IRUserPart, IRWarning } from '../../wire/ir.js';
import type { ChatMessage, ChatTurn } from './chat-transport.js';

/**
 * An IR request as one Cursor turn, resumed cold (PROTOCOLS.md §3 "Tool round trips"): every earlier message
 * becomes a line of history, tool calls and tool results written out as text, since a new run cannot carry them
 * as structure; the client's tools become MCP tools. What the agent path cannot carry is named in a warning.
 */
export function irToTurn(request: IRRequest, upstreamModel: string): { turn: ChatTurn; warnings: IRWarning[] } {
  const warnings: IRWarning[] = [];
  const warn = (at: string, message: string) => warnings.push({ at: `cursor.${at}`, message });
  const messages: ChatMessage[] = [];
  request.messages.forEach((message, index) => {
    const text = messageText(message, () => warn(`messages[${index}]`, 'images are not sent on the agent path yet; left out'));
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const previous = messages.at(-1);
    // Tool results and the user's next words are one user turn to Cursor.
    if (previous?.role === role) previous.text = `${previous.text}\n\n${text}`;
    else messages.push({ role, text });
  });
  if (request.sampling.temperature !== undefined || request.sampling.topP !== undefined || request.sampling.topK !== undefined) warn('sampling', 'Cursor takes no sampling settings; ignored');
  if (request.stopSequences.length > 0) warn('stopSequences', 'Cursor takes no stop sequences; ignored');
  if (request.output) warn('output', 'Cursor takes no structured-output format; ignored');
  if (request.toolChoice && request.toolChoice.type !== 'auto') warn('toolChoice', 'Cursor decides itself whether to call a tool; the tool choice is ignored');
  const tools = request.tools.map((tool) => ({ name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema as JsonValue }));
  const system = request.system.map((part) => part.text).join('\n\n');
  return { turn: { model: upstreamModel, mode: 'agent', system, messages, tools }, warnings };
}

function messageText(message: IRMessage, imageLeftOut: () => void): string {
  switch (message.role) {
    case 'user':
      return message.content.map((part) => userPartText(part, imageLeftOut)).join('');
    case 'assistant':
      return message.content.map(assistantPartText).join('');
    case 'tool':
      return message.content.map((part) => toolResultText(part, imageLeftOut)).join('\n\n');
  }
}

function userPartText(part: IRUserPart, imageLeftOut: () => void): string {
  if (part.type === 'text') return part.text;
  imageLeftOut();
  return '';
}

function assistantPartText(part: IRAssistantPart): string {
  if (part.type === 'text') return part.text;
  if (part.type === 'reasoning') return '';
  return `\n[called tool ${part.name} (call id ${part.id}) with arguments ${part.arguments || '{}'}]\n`;
}

function toolResultText(part: IRToolResultPart, imageLeftOut: () => void): string {
  const body = part.content.map((content) => userPartText(content, imageLeftOut)).join('');
  return `[result of tool call ${part.toolCallId}${part.isError ? ' (an error)' : ''}]\n${body}`;
}

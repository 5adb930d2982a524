import type { JsonValue } from '@bufbuild/protobuf';

import type { IRAssistantPart, IRImagePart, IRMessage, IRRequest, IRToolResultPart, IRUserPart, IRWarning } from '../../wire/ir.js';
import type { ChatImage, ChatMessage, ChatTurn } from './chat-transport.js';

/**
 * An IR request as one Cursor turn, resumed cold (PROTOCOLS.md §3 "Tool round trips"): every earlier message
 * becomes a line of history, tool calls and tool results written out as text, since a new run cannot carry them
 * as structure; the client's tools become MCP tools. Images (each one, wherever it was) go with the run's user
 * message, the only place a run carries them, named in the text where they were (`[image 1]`); an image given by
 * address is refused (`refusal`), since Cursor takes image data only. Settings the agent path cannot carry are
 * named in a warning.
 */
export function irToTurn(request: IRRequest, upstreamModel: string): { turn: ChatTurn; warnings: IRWarning[]; refusal: string | null } {
  const warnings: IRWarning[] = [];
  const warn = (at: string, message: string) => warnings.push({ at: `cursor.${at}`, message });
  const messages: ChatMessage[] = [];
  const images: ChatImage[] = [];
  let refusal: string | null = null;
  request.messages.forEach((message, index) => {
    const text = messageText(message, (image) => {
      if (image.source.kind === 'url') {
        refusal ??= `messages[${index}]: Cursor takes images as data, not by address: send the image itself (base64).`;
        return '';
      }
      images.push({ mimeType: image.source.mediaType, data: Buffer.from(image.source.data, 'base64') });
      return `[image ${images.length}]`;
    });
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
  const turn: ChatTurn = { model: upstreamModel, mode: 'agent', system, messages, tools, ...(images.length > 0 ? { images } : {}) };
  return { turn, warnings, refusal };
}

/** Takes an image out of the text: what the text says in its place. */
type ImageTaken = (image: IRImagePart) => string;

function messageText(message: IRMessage, takeImage: ImageTaken): string {
  switch (message.role) {
    case 'user':
      return message.content.map((part) => userPartText(part, takeImage)).join('');
    case 'assistant':
      return message.content.map(assistantPartText).join('');
    case 'tool':
      return message.content.map((part) => toolResultText(part, takeImage)).join('\n\n');
  }
}

function userPartText(part: IRUserPart, takeImage: ImageTaken): string {
  return part.type === 'text' ? part.text : takeImage(part);
}

function assistantPartText(part: IRAssistantPart): string {
  if (part.type === 'text') return part.text;
  if (part.type === 'reasoning') return '';
  return `\n[called tool ${part.name} (call id ${part.id}) with arguments ${part.arguments || '{}'}]\n`;
}

function toolResultText(part: IRToolResultPart, takeImage: ImageTaken): string {
  const body = part.content.map((content) => userPartText(content, takeImage)).join('');
  return `[result of tool call ${part.toolCallId}${part.isError ? ' (an error)' : ''}]\n${body}`;
}

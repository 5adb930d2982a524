import type { IRWarning } from '../../wire/ir.js';

type Block = { type?: unknown; signature?: unknown };
type Message = { role?: unknown; content?: unknown };

/**
 * Anthropic refuses a request with thinking on whose tool-use loop is in progress (it ends with tool results)
 * when the assistant turn that made the calls does not start with a signed thinking block. A client that could
 * not keep the signature gets this turn without thinking instead of an error.
 */
export function enforceThinkingRule(body: Record<string, unknown>): { body: Record<string, unknown>; warning: IRWarning | null } {
  const thinking = body.thinking as { type?: unknown } | undefined;
  if (thinking?.type !== 'enabled' && thinking?.type !== 'adaptive') return { body, warning: null };
  const turns = (Array.isArray(body.messages) ? (body.messages as Message[]) : []).filter((message) => message.role !== 'system');
  const [assistant, last] = turns.slice(-2);
  if (assistant?.role !== 'assistant' || !blocks(last).some((block) => block.type === 'tool_result')) return { body, warning: null };
  const first = blocks(assistant)[0];
  const signed = first?.type === 'redacted_thinking' || (first?.type === 'thinking' && typeof first.signature === 'string' && first.signature !== '');
  if (signed) return { body, warning: null };
  return {
    body: { ...body, thinking: { type: 'disabled' } },
    warning: {
      at: 'anthropic.thinking',
      message: 'thinking turned off for this turn: the tool-use turn being answered has no signed thinking to send back (the client did not keep it)',
    },
  };
}

function blocks(message: Message | undefined): Block[] {
  return Array.isArray(message?.content) ? (message.content as Block[]) : [];
}

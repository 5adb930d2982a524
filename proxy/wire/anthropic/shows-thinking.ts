import type { IRRequest } from '../ir.js';

/**
 * Whether an Anthropic client gets thinking blocks: only when it turned thinking on, as from Anthropic itself. A
 * reasoning model of another provider reasons anyway (the Codex backend at the model's default effort), and a
 * client that did not ask reads `content[0]` as its text.
 */
export function showsThinking(request: IRRequest): boolean {
  return request.reasoning?.enabled === true;
}

import { z } from 'zod';
import type { IRMessage, IRMetadata, IRSampling, IRWarning } from '../ir.js';
import { assertNever } from '../ir.js';
import { validate } from '../validate.js';
import type { ParsedRequest } from '../wire-format.js';
import { anthropicRequestSchema, type AnthropicRequest } from './anthropic-api.js';
import { parseAssistantContent, parseSystemContent, parseUserContent } from './parse-anthropic-content.js';
import { parseOutput, parseReasoning, parseToolChoice, parseTools } from './parse-anthropic-options.js';

/** An Anthropic Messages request (validated) in the IR, for a provider that does not speak Anthropic. */
export function parseAnthropicRequest(body: unknown): ParsedRequest {
  const request = validate(anthropicRequestSchema, body, []);
  const warnings: IRWarning[] = [];
  const system = parseSystemContent(request.system ?? [], ['system'], warnings);
  const messages: IRMessage[] = [];

  request.messages.forEach((message, index) => {
    const path = ['messages', index, 'content'];
    switch (message.role) {
      case 'system':
        // Claude Code's mid-conversation system turns; the IR has one system prompt, so they join it.
        system.push(...parseSystemContent(message.content, path, warnings));
        if (message['output_config'] !== undefined) {
          warnings.push({ at: `anthropic.messages[${index}].output_config`, message: 'a system turn\'s own output_config has no equivalent here; ignored' });
        }
        break;
      case 'user':
        messages.push(...parseUserContent(message.content, path, warnings));
        break;
      case 'assistant':
        messages.push(...parseAssistantContent(message.content, path, warnings));
        break;
      default:
        assertNever(message.role, 'message role');
    }
  });

  // The schema names exactly the fields translated here; the loose object lets any other field through.
  const ignored = Object.keys(request).filter((key) => !Object.hasOwn(anthropicRequestSchema.shape, key));
  if (ignored.length > 0) warnings.push({ at: 'anthropic.request', message: `fields with no equivalent here were ignored: ${ignored.join(', ')}` });

  return {
    request: {
      model: request.model,
      system,
      messages,
      tools: parseTools(request.tools, warnings),
      ...parseToolChoice(request.tool_choice),
      sampling: parseSampling(request),
      stopSequences: request.stop_sequences ?? [],
      reasoning: parseReasoning(request, warnings),
      output: parseOutput(request.output_config),
      metadata: parseMetadata(request.metadata),
      stream: request.stream ?? false,
    },
    warnings,
  };
}

function parseSampling(request: AnthropicRequest): IRSampling {
  return {
    maxOutputTokens: request.max_tokens,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.top_p !== undefined ? { topP: request.top_p } : {}),
    ...(request.top_k !== undefined ? { topK: request.top_k } : {}),
  };
}

/** Claude Code's user_id is a JSON text `{"device_id","account_uuid","session_id"}` (PROTOCOLS.md §1). */
const claudeCodeUserIdSchema = z.looseObject({ session_id: z.string().min(1) });

function parseMetadata(metadata: AnthropicRequest['metadata']): IRMetadata {
  const user = metadata?.user_id;
  if (!user) return {};
  const conversationId = sessionIdOf(user);
  return { user, ...(conversationId ? { conversationId } : {}) };
}

function sessionIdOf(userId: string): string | undefined {
  if (!userId.startsWith('{')) return undefined;
  try {
    const parsed = claudeCodeUserIdSchema.safeParse(JSON.parse(userId));
    return parsed.success ? parsed.data.session_id : undefined;
  } catch {
    return undefined; // Not JSON after all: an opaque id, which is fine.
  }
}

import { z } from 'zod';

/**
 * The request bodies the stand-in accepts, checked as loosely as the real Messages API: the fields it needs
 * must be well formed, every other field (thinking, context_management, output_config, metadata, betas' own
 * fields...) passes through untouched.
 */

const contentBlockSchema = z.looseObject({ type: z.string() });

const messageSchema = z.looseObject({
  // Claude Code puts `role: "system"` turns inside `messages` for newer models (CLIENTS.md).
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});

const toolSchema = z.looseObject({ name: z.string() });

const countTokensRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(messageSchema).min(1, 'at least one message is required'),
  system: z.union([z.string(), z.array(contentBlockSchema)]).optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: z.looseObject({ type: z.string(), name: z.string().optional() }).optional(),
  thinking: z.looseObject({ type: z.string() }).optional(),
  output_config: z
    .looseObject({ format: z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullable().optional() })
    .optional(),
});

const messagesRequestSchema = countTokensRequestSchema.extend({
  max_tokens: z.number().int().positive(),
  stream: z.boolean().optional(),
  stop_sequences: z.array(z.string()).optional(),
});

export type ContentBlock = z.infer<typeof contentBlockSchema>;
export type RequestMessage = z.infer<typeof messageSchema>;
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

export type Validation<T> = { ok: true; request: T } | { ok: false; message: string };

export function validateMessagesRequest(body: unknown): Validation<MessagesRequest> {
  return validate(messagesRequestSchema, body);
}

export function validateCountTokensRequest(body: unknown): Validation<CountTokensRequest> {
  return validate(countTokensRequestSchema, body);
}

/** Like the real API, the message names the first offending field: `max_tokens: Field required`. */
function validate<T>(schema: z.ZodType<T>, body: unknown): Validation<T> {
  const result = schema.safeParse(body, { error: missingFieldMessage });
  if (result.success) return { ok: true, request: result.data };
  const issue = result.error.issues[0];
  if (!issue || issue.path.length === 0) return { ok: false, message: 'Request body must be a JSON object' };
  return { ok: false, message: `${issue.path.join('.')}: ${issue.message}` };
}

function missingFieldMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'Field required' : undefined;
}

const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  content: z.union([z.string(), z.array(contentBlockSchema)]).optional(),
});

export function blocksOf(message: RequestMessage): ContentBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

export function textOf(block: ContentBlock): string | null {
  const parsed = textBlockSchema.safeParse(block);
  return parsed.success ? parsed.data.text : null;
}

/** The text inside a tool_result block (its content is a string or a list of text/image blocks). */
export function toolResultTextOf(block: ContentBlock): string | null {
  const parsed = toolResultBlockSchema.safeParse(block);
  if (!parsed.success) return null;
  const { content } = parsed.data;
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map(textOf)
    .filter((text) => text !== null)
    .join('\n');
}

/** The last user turn (skipping the `system` turns Claude Code interleaves and an assistant prefill). */
export function lastUserMessage(messages: readonly RequestMessage[]): RequestMessage | null {
  return messages.findLast((message) => message.role === 'user') ?? null;
}

const propertySchema = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  enum: z.array(z.unknown()).optional(),
});
const inputSchemaSchema = z.looseObject({
  properties: z.record(z.string(), propertySchema).optional(),
  required: z.array(z.string()).optional(),
});

export type ToolProperty = z.infer<typeof propertySchema>;

/** A tool's required properties with their schemas; a schema the stand-in cannot read counts as none. */
export function requiredPropertiesOf(tool: z.infer<typeof toolSchema>): [string, ToolProperty][] {
  return requiredPropertiesOfSchema(tool['input_schema']);
}

/** The required properties of a JSON object schema (a tool's input, or a structured-output format). */
export function requiredPropertiesOfSchema(schema: unknown): [string, ToolProperty][] {
  const parsed = inputSchemaSchema.safeParse(schema);
  if (!parsed.success) return [];
  const properties = parsed.data.properties ?? {};
  return (parsed.data.required ?? []).map((name) => [name, properties[name] ?? {}]);
}

export type RequestTool = z.infer<typeof toolSchema>;

const CHARS_PER_TOKEN = 4;

/** The stand-in's token count: about four characters a token, never below one. */
export function estimateTokens(text: string): number {
  return tokensForChars(text.length);
}

export function tokensForChars(chars: number): number {
  return Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN));
}

export function charsForTokens(tokens: number): number {
  return tokens * CHARS_PER_TOKEN;
}

/** What both count_tokens and a reply's usage report as the prompt's size: the whole request's JSON. */
export function estimateInputTokens(request: CountTokensRequest): number {
  return estimateTokens(JSON.stringify(request));
}

/**
 * The real API's rule for extended thinking in a tool-use loop: when thinking is on and the conversation ends
 * with tool results, the assistant turn that made the calls must start with a (signed) thinking block.
 */
export function thinkingRuleViolation(request: MessagesRequest): string | null {
  const type = request.thinking?.type;
  if (type !== 'enabled' && type !== 'adaptive') return null;
  const turns = request.messages.filter((message) => message.role !== 'system');
  const last = turns.at(-1);
  const assistant = turns.at(-2);
  if (!last || !assistant || assistant.role !== 'assistant') return null;
  if (!blocksOf(last).some((block) => block.type === 'tool_result')) return null;
  const first = blocksOf(assistant)[0];
  if (first && (first.type === 'thinking' || first.type === 'redacted_thinking') && (first.type === 'redacted_thinking' || typeof first['signature'] === 'string')) return null;
  const index = request.messages.indexOf(assistant);
  return `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first?.type ?? 'nothing'}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks).`;
}

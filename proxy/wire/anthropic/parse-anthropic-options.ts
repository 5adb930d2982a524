import type { IROutputFormat, IRReasoning, IRReasoningEffort, IRTool, IRToolChoice, IRWarning } from '../ir.js';
import { assertNever } from '../ir.js';
import { WireRequestError } from '../wire-format.js';
import type { AnthropicRequest } from './anthropic-api.js';
import { withCacheControl } from './anthropic-provider-data.js';

/** Client tools become IR tools; server tools (web search, bash, text editor…) run only on Anthropic. */
export function parseTools(tools: AnthropicRequest['tools'], warnings: IRWarning[]): IRTool[] {
  const parsed: IRTool[] = [];
  (tools ?? []).forEach((tool, index) => {
    if (tool.type && tool.type !== 'custom') {
      warnings.push({ at: `anthropic.tools[${index}]`, message: `the server tool "${tool.name}" (${tool.type}) runs only on Anthropic; dropped` });
      return;
    }
    if (!tool.input_schema) throw new WireRequestError(`tools[${index}].input_schema: Field required`, `tools[${index}].input_schema`);
    parsed.push({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      inputSchema: tool.input_schema,
      ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
      origin: { kind: 'function' },
      ...withCacheControl(tool),
    });
  });
  return parsed;
}

export function parseToolChoice(choice: AnthropicRequest['tool_choice']): { toolChoice: IRToolChoice | null; parallelToolCalls: boolean | null } {
  if (!choice) return { toolChoice: null, parallelToolCalls: null };
  const disabled = choice.type === 'none' ? undefined : choice.disable_parallel_tool_use;
  const parallelToolCalls = disabled === undefined ? null : !disabled;
  switch (choice.type) {
    case 'auto':
      return { toolChoice: { type: 'auto' }, parallelToolCalls };
    case 'any':
      return { toolChoice: { type: 'required' }, parallelToolCalls };
    case 'tool':
      return { toolChoice: { type: 'tool', name: choice.name }, parallelToolCalls };
    case 'none':
      return { toolChoice: { type: 'none' }, parallelToolCalls };
    default:
      return assertNever(choice, 'tool_choice');
  }
}

const EFFORTS: ReadonlySet<string> = new Set<IRReasoningEffort>(['low', 'medium', 'high', 'xhigh', 'max']);

/**
 * `thinking` with `output_config.effort`. Adaptive thinking has no budget, only an effort; an effort without
 * `thinking` still asks for that much work, so it counts as reasoning at that effort.
 */
export function parseReasoning(request: Pick<AnthropicRequest, 'thinking' | 'output_config'>, warnings: IRWarning[]): IRReasoning | null {
  const { thinking } = request;
  const effort = parseEffort(request.output_config?.effort, warnings);
  const summary = summaryOf(thinking?.display);
  const details: Omit<IRReasoning, 'enabled'> = { ...(effort ? { effort } : {}), ...(summary ? { summary } : {}) };
  if (!thinking) return effort ? { enabled: true, effort } : null;
  switch (thinking.type) {
    case 'enabled':
      if (thinking.budget_tokens === undefined) throw new WireRequestError('thinking.budget_tokens: Field required', 'thinking.budget_tokens');
      return { enabled: true, budgetTokens: thinking.budget_tokens, ...details };
    case 'adaptive':
      return { enabled: true, ...details };
    case 'disabled':
      return { enabled: false };
    default:
      warnings.push({ at: 'anthropic.thinking', message: `thinking type "${thinking.type}" has no equivalent here; reasoning left on` });
      return { enabled: true, ...details };
  }
}

/** `display: "omitted"` keeps the thinking signed but empty: the client wants no reasoning text back. */
function summaryOf(display: string | null | undefined): IRReasoning['summary'] {
  if (display === 'omitted') return 'none';
  if (display === 'summarized') return 'auto';
  return undefined;
}

function parseEffort(effort: string | null | undefined, warnings: IRWarning[]): IRReasoningEffort | undefined {
  if (effort === null || effort === undefined) return undefined;
  if (EFFORTS.has(effort)) return effort as IRReasoningEffort;
  warnings.push({ at: 'anthropic.output_config.effort', message: `unknown effort "${effort}"; ignored` });
  return undefined;
}

/** Anthropic enforces an output_config format exactly, so the IR's strict flag is set. */
export function parseOutput(outputConfig: AnthropicRequest['output_config']): IROutputFormat | null {
  const format = outputConfig?.format;
  return format ? { type: 'json_schema', name: 'response', schema: format.schema, strict: true } : null;
}

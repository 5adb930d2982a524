import type { IRTool, IRToolChoice, IRWarning } from '../ir.js';
import { assertNever } from '../ir.js';
import { WireRequestError } from '../wire-format.js';
import type { ChatFunctionDefinition, ChatRequest } from './chat-api.js';

/** `tools` (and the deprecated `functions`) → IR tools. Custom free-form tools have no Chat-side rendering here. */
export function convertChatTools(chat: ChatRequest, warnings: IRWarning[]): IRTool[] {
  const tools: IRTool[] = [];
  for (const [index, tool] of (chat.tools ?? []).entries()) {
    if (tool.type === 'custom') {
      warnings.push({ at: `chat.tools[${index}]`, message: `custom tool "${tool.custom.name}" is not supported; dropped` });
      continue;
    }
    tools.push(functionTool(tool.function));
  }
  if (chat.functions && chat.functions.length > 0) {
    warnings.push({ at: 'chat.functions', message: 'legacy functions were sent as tools; calls come back as tool_calls' });
    tools.push(...chat.functions.map(functionTool));
  }
  return tools;
}

function functionTool(definition: ChatFunctionDefinition): IRTool {
  return {
    name: definition.name,
    ...(definition.description ? { description: definition.description } : {}),
    // OpenAI lets a function omit its parameters: it then takes none.
    inputSchema: definition.parameters ?? { type: 'object', properties: {} },
    ...(definition.strict != null ? { strict: definition.strict } : {}),
    origin: { kind: 'function' },
  };
}

/** `tool_choice` (or the deprecated `function_call`) → the IR choice; a named tool must be one of `tools`. */
export function convertChatToolChoice(chat: ChatRequest, tools: readonly IRTool[], warnings: IRWarning[]): IRToolChoice | null {
  const choice = chat.tool_choice;
  if (choice == null) return legacyChoice(chat, tools);
  if (typeof choice === 'string') return { type: choice };
  switch (choice.type) {
    case 'function':
      return namedTool(choice.function.name, tools, 'tool_choice.function.name');
    case 'allowed_tools':
      warnings.push({ at: 'chat.tool_choice', message: 'allowed_tools cannot narrow the tools offered; all tools stay available' });
      return { type: choice.allowed_tools.mode };
    case 'custom':
      warnings.push({ at: 'chat.tool_choice', message: 'custom tools are not supported; the model chooses freely' });
      return null;
    default:
      return assertNever(choice, 'chat tool_choice');
  }
}

function legacyChoice(chat: ChatRequest, tools: readonly IRTool[]): IRToolChoice | null {
  const choice = chat.function_call;
  if (choice == null) return null;
  return typeof choice === 'string' ? { type: choice } : namedTool(choice.name, tools, 'function_call.name');
}

function namedTool(name: string, tools: readonly IRTool[], param: string): IRToolChoice {
  if (!tools.some((tool) => tool.name === name)) throw new WireRequestError(`${param}: no tool named "${name}" in tools`, param);
  return { type: 'tool', name };
}

import type { IRTool, IRToolChoice, IRWarning } from '../ir.js';
import { validate } from '../validate.js';
import type { CustomTool, CustomToolFormat, FunctionTool, ResponsesTypedObject } from './responses-api.js';
import { customToolSchema, functionToolSchema, namespaceToolSchema, toolChoiceObjectSchema } from './responses-api.js';
import { flatToolName, irNameOfCustomCall, irNameOfFunctionCall, sanitizeToolName, uniqueToolName } from './tool-names.js';

/** Tools OpenAI runs on its own servers: no provider behind Switchboard can run them for the client. */
const HOSTED_TOOLS = new Set([
  'web_search',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'web_search_2025_08_26',
  'file_search',
  'code_interpreter',
  'image_generation',
  'local_shell',
  'shell',
  'apply_patch',
  'computer',
  'computer_use',
  'computer_use_preview',
  'mcp',
  'tool_search',
]);

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} };

/** `tools` (and the tools of `additional_tools` items) → IR tools, each with a provider-safe unique name. */
export function parseTools(entries: ReadonlyArray<{ tool: ResponsesTypedObject; at: string }>, warnings: IRWarning[]): IRTool[] {
  const tools: IRTool[] = [];
  const taken = new Set<string>();
  const add = (tool: Omit<IRTool, 'name'>, wanted: string) => {
    const name = uniqueToolName(wanted, taken);
    taken.add(name);
    tools.push({ name, ...tool });
  };

  for (const { tool, at } of entries) {
    switch (tool.type) {
      case 'function': {
        const fn = validate(functionToolSchema, tool, [at]);
        add(functionTool(fn, { kind: 'function' }), sanitizeToolName(fn.name));
        break;
      }
      case 'custom': {
        const custom = validate(customToolSchema, tool, [at]);
        add(customTool(custom), sanitizeToolName(custom.name));
        break;
      }
      case 'namespace': {
        const namespace = validate(namespaceToolSchema, tool, [at]);
        namespace.tools.forEach((member, index) => {
          const memberAt = `${at}.tools[${index}]`;
          if (member.type === 'function') {
            const fn = validate(functionToolSchema, member, [memberAt]);
            add(functionTool(fn, { kind: 'namespaced', namespace: namespace.name, name: fn.name }), flatToolName(namespace.name, fn.name));
          } else if (member.type === 'custom') {
            const custom = validate(customToolSchema, member, [memberAt]);
            add({ ...customTool(custom), providerData: { responses: { namespace: namespace.name } } }, flatToolName(namespace.name, custom.name));
          } else {
            warnings.push({ at: memberAt, message: `a "${member.type}" tool inside a namespace is not supported; dropped` });
          }
        });
        break;
      }
      default:
        warnings.push({
          at,
          message: HOSTED_TOOLS.has(tool.type)
            ? `"${tool.type}" is a tool OpenAI hosts; the model behind Switchboard cannot use it, so it was dropped`
            : `unknown tool type "${tool.type}"; dropped`,
        });
    }
  }
  return tools;
}

function functionTool(fn: FunctionTool, origin: IRTool['origin']): Omit<IRTool, 'name'> {
  return {
    ...(fn.description ? { description: fn.description } : {}),
    inputSchema: fn.parameters ?? EMPTY_OBJECT_SCHEMA,
    ...(typeof fn.strict === 'boolean' ? { strict: fn.strict } : {}),
    origin,
  };
}

/** A custom tool takes free text; as a function it takes one string argument, `input`. */
function customTool(custom: CustomTool): Omit<IRTool, 'name'> {
  const format = custom.format ?? undefined;
  return {
    ...(custom.description ? { description: custom.description } : {}),
    inputSchema: {
      type: 'object',
      properties: { input: { type: 'string', description: describeInput(format) } },
      required: ['input'],
      additionalProperties: false,
    },
    origin: format ? { kind: 'custom', name: custom.name, format } : { kind: 'custom', name: custom.name },
  };
}

function describeInput(format: CustomToolFormat | undefined): string {
  if (format?.type === 'grammar') {
    return `The tool's raw input. It must be valid in this ${format.syntax} grammar (write the text itself, not JSON):\n${format.definition}`;
  }
  return "The tool's raw free-form text input, passed to the tool exactly as written.";
}

/** `tool_choice` → IR. Choices naming a tool Switchboard cannot offer become warnings, not errors. */
export function parseToolChoice(choice: string | ResponsesTypedObject | null | undefined, tools: readonly IRTool[], warnings: IRWarning[]): IRToolChoice | null {
  if (choice === null || choice === undefined) return null;
  if (typeof choice === 'string') {
    if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
    warnings.push({ at: 'tool_choice', message: `unknown tool_choice "${choice}"; using the default` });
    return null;
  }
  const object = validate(toolChoiceObjectSchema, choice, ['tool_choice']);
  if ((object.type === 'function' || object.type === 'custom') && object.name) {
    const namespace = typeof object['namespace'] === 'string' ? object['namespace'] : undefined;
    const name = object.type === 'function' ? irNameOfFunctionCall(tools, object.name, namespace) : irNameOfCustomCall(tools, object.name, namespace);
    if (tools.some((tool) => tool.name === name)) return { type: 'tool', name };
    warnings.push({ at: 'tool_choice', message: `tool_choice names "${object.name}", which is not among the usable tools; using the default` });
    return null;
  }
  if (object.type === 'allowed_tools') {
    warnings.push({ at: 'tool_choice', message: 'allowed_tools is not supported: every tool stays available' });
    return object.mode === 'required' ? { type: 'required' } : { type: 'auto' };
  }
  warnings.push({ at: 'tool_choice', message: `tool_choice "${object.type}" names a tool Switchboard cannot offer; using the default` });
  return null;
}

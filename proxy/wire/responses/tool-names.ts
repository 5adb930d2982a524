import type { IRTool } from '../ir.js';

/**
 * How Responses tool names map to the flat names a provider sees and back. A Codex namespace member is called
 * as `{namespace, name}`; providers take one name matching [A-Za-z0-9_-]{1,64}, so it becomes
 * `<namespace>__<name>` and `IRTool.origin` remembers the way back. A custom tool inside a namespace keeps
 * its namespace in `providerData.responses.namespace`, since the `custom` origin has no field for it.
 */

const MAX_TOOL_NAME = 64;

export function sanitizeToolName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_TOOL_NAME) || '_';
}

export function flatToolName(namespace: string, name: string): string {
  return sanitizeToolName(`${namespace}__${name}`);
}

/** A name not yet taken: sanitizing and the 64-character cut can make two client tools collide. */
export function uniqueToolName(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n += 1) {
    const suffix = `_${n}`;
    const candidate = wanted.slice(0, MAX_TOOL_NAME - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

export function namespaceOfTool(tool: IRTool): string | undefined {
  if (tool.origin.kind === 'namespaced') return tool.origin.namespace;
  const data = tool.providerData?.['responses'];
  if (typeof data === 'object' && data !== null && 'namespace' in data && typeof data.namespace === 'string') return data.namespace;
  return undefined;
}

/** The IR name for a `function_call` the client sends back (or names in `tool_choice`). */
export function irNameOfFunctionCall(tools: readonly IRTool[], name: string, namespace?: string | null): string {
  if (namespace) {
    const member = tools.find((tool) => tool.origin.kind === 'namespaced' && tool.origin.namespace === namespace && tool.origin.name === name);
    return member?.name ?? flatToolName(namespace, name);
  }
  if (tools.some((tool) => tool.origin.kind === 'function' && tool.name === name)) return name;
  // Clients that drop the `namespace` field still name the member; map it when that is unambiguous.
  const members = tools.filter((tool) => tool.origin.kind === 'namespaced' && tool.origin.name === name);
  return members.length === 1 && members[0] ? members[0].name : name;
}

/** The IR name for a `custom_tool_call` the client sends back (or names in `tool_choice`). */
export function irNameOfCustomCall(tools: readonly IRTool[], name: string, namespace?: string | null): string {
  const custom = tools.find((tool) => tool.origin.kind === 'custom' && tool.origin.name === name && (namespace ? namespaceOfTool(tool) === namespace : true));
  if (custom) return custom.name;
  return namespace ? flatToolName(namespace, name) : name;
}

/** How a call of an IR tool looks to the client. A name no client tool has stays a plain function call. */
export type ClientToolCall = { kind: 'function' | 'custom'; name: string; namespace?: string };

export function clientToolCall(tool: IRTool | undefined, irName: string): ClientToolCall {
  if (!tool) return { kind: 'function', name: irName };
  const namespace = namespaceOfTool(tool);
  const kind = tool.origin.kind === 'custom' ? 'custom' : 'function';
  const name = tool.origin.kind === 'function' ? tool.name : tool.origin.name;
  return namespace === undefined ? { kind, name } : { kind, name, namespace };
}

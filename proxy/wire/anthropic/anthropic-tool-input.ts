import { z } from 'zod';

const inputSchema = z.record(z.string(), z.unknown());

/**
 * A tool call's argument text as the object Anthropic's `tool_use.input` must be. No arguments ("") is the
 * empty object; text that is not a JSON object is reported (`valid: false`) and also becomes the empty object.
 */
export function toolInputFromArguments(args: string): { input: Record<string, unknown>; valid: boolean } {
  if (args.trim() === '') return { input: {}, valid: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return { input: {}, valid: false };
  }
  const object = inputSchema.safeParse(parsed);
  return object.success ? { input: object.data, valid: true } : { input: {}, valid: false };
}

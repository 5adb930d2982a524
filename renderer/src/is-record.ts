/** A JSON object (not null, not an array): the first check when reading an answer whose shape is not trusted. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

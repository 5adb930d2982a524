/**
 * What the Clients page suggests for its model fields: the models this Switchboard serves (GET /v1/models), and
 * as each field's example the newest served model of the field's family — never a name written into the
 * dashboard, which would go stale as models are retired.
 */
import type { ModelChoices } from './clients-api';

/** The model family each field is about; the main model of either client is a Sonnet by default. */
const FIELD_FAMILY: Record<keyof ModelChoices, string> = { main: 'sonnet', opus: 'opus', sonnet: 'sonnet', haiku: 'haiku', smallFast: 'haiku' };

/**
 * "e.g. claude-sonnet-4-6": the first served model of the field's family (the list names the newest first),
 * else the family's alias, which the proxy resolves to its newest model.
 */
export function examplePlaceholder(field: keyof ModelChoices, served: readonly string[]): string {
  const family = FIELD_FAMILY[field];
  return `e.g. ${served.find((id) => id.includes(family)) ?? family}`;
}

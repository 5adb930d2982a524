/**
 * What the Clients page suggests in its model fields: as each field's example the alias of its family (`sonnet`,
 * `opus`, `haiku`), as the README recommends — the proxy resolves an alias to the newest model of its family, so a
 * setting never names a version that goes stale — and, to pick from, the models this Switchboard serves
 * (GET /v1/models, the aliases among them).
 */
import type { ModelChoices } from './clients-api';

/** The family each field is about; the main model of either client is a Sonnet by default. */
const FIELD_ALIAS: Record<keyof ModelChoices, 'sonnet' | 'opus' | 'haiku'> = { main: 'sonnet', opus: 'opus', sonnet: 'sonnet', haiku: 'haiku', smallFast: 'haiku' };

/** "e.g. sonnet": the alias of the field's family. */
export function examplePlaceholder(field: keyof ModelChoices): string {
  return `e.g. ${FIELD_ALIAS[field]}`;
}

/**
 * What an empty field shows: the model the client keeps when the field is emptied (an empty field is not sent),
 * else the example.
 */
export function fieldPlaceholder(field: keyof ModelChoices, current: string | undefined): string {
  return current ? `keeps ${current}` : examplePlaceholder(field);
}

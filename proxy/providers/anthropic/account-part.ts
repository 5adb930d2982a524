import { z } from 'zod';
import type { AccountFile } from '../../accounts/account-file.js';

/**
 * Claude's own part of an account file, besides the common core: the Anthropic account and organization the
 * login belongs to, and the scopes it was granted. Files written before the registry keep these fields as they are.
 */
export const claudeAccountPart = z.looseObject({
  account_uuid: z.string().nullable().optional(),
  organization: z.looseObject({ uuid: z.string().optional(), name: z.string().optional() }).nullable().optional(),
  scopes: z.array(z.string()).optional(),
});

export type ClaudeAccountPart = z.output<typeof claudeAccountPart>;

/** The Claude part of an account the store already validated (an invalid one never gets this far). */
export function claudePartOf(data: AccountFile): ClaudeAccountPart {
  const parsed = claudeAccountPart.safeParse(data);
  return parsed.success ? parsed.data : {};
}

import { z } from 'zod';
import type { AccountFile } from '../../accounts/account-file.js';

/**
 * Codex's own part of an account file: the ChatGPT workspace (sent as ChatGPT-Account-ID) and user the login
 * belongs to — together they are the account's identity, since members of one Team workspace share the workspace
 * id — whether the workspace is FedRAMP, and when the tokens were last refreshed (codex-rs refreshes after 8 days).
 */
export const codexAccountPart = z.looseObject({
  chatgpt_account_id: z.string().min(1),
  chatgpt_user_id: z.string().min(1).nullable().optional(),
  fedramp: z.boolean().optional(),
  last_refresh: z.iso.datetime({ offset: true }).nullable().optional(),
});

export type CodexAccountPart = z.output<typeof codexAccountPart>;

export function codexPartOf(data: AccountFile): CodexAccountPart | null {
  const parsed = codexAccountPart.safeParse(data);
  return parsed.success ? parsed.data : null;
}

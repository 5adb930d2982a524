import { z } from 'zod';
import type { AccountFile } from '../../accounts/account-file.js';

/**
 * Cursor's own part of an account file: the machine id the checksum header ends with (`storage.serviceMachineId`
 * of an imported IDE login; absent, one is derived from the token) and the membership Cursor reported.
 */
export const cursorAccountPart = z.looseObject({
  machine_id: z.string().min(1).nullable().optional(),
  sign_up_type: z.string().nullable().optional(),
});

export type CursorAccountPart = z.output<typeof cursorAccountPart>;

export function cursorPartOf(data: AccountFile): CursorAccountPart | null {
  const parsed = cursorAccountPart.safeParse(data);
  return parsed.success ? parsed.data : null;
}
